"""Line mode's commands: their names (short and long, after pdb and the debugger's keys),
what they take and the help text. The session (`session.py`) carries them out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """One command: the name its handler is known by, every name it may be typed as, what
    follows it and one line of help."""

    name: str
    forms: tuple[str, ...]
    argument: str = ""
    """"" (nothing), "[COUNT]", "NAME", "[NAME]" or "[COMMAND]"."""
    help: str = ""

    @property
    def usage(self) -> str:
        """The forms and argument, e.g. "n, next [COUNT]"."""
        return ", ".join(self.forms) + (f" {self.argument}" if self.argument else "")


COMMANDS: tuple[Command, ...] = (
    Command("next", ("n", "next"), "[COUNT]", "take the next COUNT steps (default 1), a line each"),
    Command("back", ("N", "back"), "[COUNT]", "go back COUNT steps (default 1)"),
    Command("over", ("o", "over"), help="step over: to the end of this unit (a node, on a graph)"),
    Command("back-over", ("O", "back-over"), help="back to the start of this unit"),
    Command("out", ("e", "out"), help="step out: to the end of this layer (a formula, on a graph)"),
    Command("back-out", ("E", "back-out"), help="back to the start of this layer"),
    Command("phase", ("f", "phase"), help="to the end of this phase: forward, loss, backward, update"),
    Command("back-phase", ("F", "back-phase"), help="back to the start of this phase"),
    Command("iter", ("i", "iter"), help="to the end of this iteration"),
    Command("back-iter", ("I", "back-iter"), help="back to the start of this iteration"),
    Command("start", ("g", "start"), help="back to the start: nothing computed"),
    Command("end", ("G", "end"), help="to the last step: everything computed"),
    Command("break", ("b", "break"), "[NAME]",
            "stop at each step writing NAME (z1, dL/dw2), or where a conditional breakpoint "
            "holds (dL/dw* if abs(value) < 1e-4, as --break reads it); no NAME: list them"),
    Command("clear", ("cl", "clear"), "[NAME]", "remove the breakpoint on NAME; no NAME: all of them"),
    Command("continue", ("c", "cont", "continue"), help="on to the next breakpoint (or the end)"),
    Command("back-continue", ("C", "back-continue"), help="back to the previous breakpoint (or the start)"),
    Command("show", ("show",), "NAME", "NAME's value and gradient now"),
    Command("where", ("w", "where"), help="where you are: step i of N, phase, iteration"),
    Command("list", ("l", "list"), help="every value known now"),
    Command("help", ("h", "help"), "[COMMAND]", "the commands, or one command"),
    Command("quit", ("q", "quit", "exit"), help="leave"),
)
"""Every command, in the order help lists them."""

BY_FORM: dict[str, Command] = {form: command for command in COMMANDS for form in command.forms}
"""Each typed form to its command (case matters: n goes forward, N back)."""

WIDTH = max(len(command.usage) for command in COMMANDS) + 2


def help_lines(topic: str | None = None) -> list[str]:
    """Every command a line (no topic), or the line of one command; KeyError if unknown."""
    if topic is not None:
        command = BY_FORM[topic]
        return [f"{command.usage:<{WIDTH}}{command.help}"]
    return ["Commands (an empty line repeats the last one):",
            *(f"  {command.usage:<{WIDTH}}{command.help}" for command in COMMANDS)]
