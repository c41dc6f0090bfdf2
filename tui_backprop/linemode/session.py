"""A line-mode session: the cursor, the breakpoints and, in predict mode, the tally.

`handle(line)` carries out one typed line and returns the lines to print; `prompt` is
what to print before reading the next one. Nothing here reads or writes a stream, so a
test can drive a session line by line. Moves are the debugger's own (`navigation`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..app.screens.navigation import block_move, continue_to
from ..app.trace_kinds import description, title
from ..core.steps import format_number
from ..printable import printable
from .answers import Asking
from .commands import BY_FORM, help_lines
from .quantities import Quantities, Quantity, Reading

PROMPT = "(backprop) "
ECHO = 20
"""A move other than `n` past this many steps prints the last step only (with a count)."""
LIST_LIMIT = 200
"""`list` prints at most this many quantities (a wide network has ~100,000)."""
_BLOCKS = {"over": ("unit", 1), "back-over": ("unit", -1), "out": ("layer", 1),
           "back-out": ("layer", -1), "phase": ("phase", 1), "back-phase": ("phase", -1),
           "iter": ("iteration", 1), "back-iter": ("iteration", -1)}


class Error(Exception):
    """A command that cannot be carried out: one line, printed after `*** `."""


class LineSession(Asking):
    """Steps through a trace by typed commands, as pdb steps through a program."""

    def __init__(self, trace, *, decimals: int = 3, predict: Callable[[int], bool] | None = None,
                 mode: str = "backward", log=None, source: str = "") -> None:
        super().__init__(predict, mode, log, source)
        self.trace = trace
        self.decimals = decimals
        self.taken = 0
        self.breakpoints: dict[str, np.ndarray] = {}
        self.last: str | None = None
        self.done = False
        self._quantities: Quantities | None = None

    @property
    def quantities(self) -> Quantities:
        """The trace's named quantities (built on first use)."""
        if self._quantities is None:
            self._quantities = Quantities(self.trace)
        return self._quantities

    @property
    def prompt(self) -> str:
        """`(backprop) `, or `dL/dz2 = ? ` while a prediction is awaited."""
        return self.answer_prompt() or PROMPT

    def banner(self) -> list[str]:
        """The lines printed before the first prompt."""
        summary, _ = description(self.trace)
        lines = [f"{printable(title(self.trace))}: {printable(summary)}; {len(self.trace)} steps. "
                 "Type help for the commands."]
        return lines + self.predict_banner()

    def handle(self, line: str) -> list[str]:
        """Carry out one typed line; the lines to print."""
        self.out: list[str] = []
        if self.asking is not None:
            self.answer(line)
            return self.out
        if not line.strip():
            if self.last is None:
                return self.out
            line = self.last
        self.last = line
        word, _, argument = line.strip().partition(" ")
        command = BY_FORM.get(word)
        try:
            if command is None:
                raise Error(f"unknown command: '{printable(word)}' (help lists the commands)")
            if command.argument == "" and argument.strip():
                raise Error(f"{word} takes nothing after it")
            if command.argument == "NAME" and not argument.strip():
                raise Error(f"{word} needs a NAME (list shows the names)")
            getattr(self, "do_" + command.name.replace("-", "_"))(argument.strip())
        except Error as error:
            self.out.append(f"*** {error}")
        return self.out

    def finish(self) -> list[str]:
        """The lines printed at the end (quit or end of input)."""
        return self.final_tally()

    # Lines -------------------------------------------------------------------------------

    def mark(self, index: int) -> str:
        """`[7/17 backward]`, with the iteration when there are several."""
        step_of = f"{index + 1}/{len(self.trace)} {self.trace.phase(index)}"
        if self.trace.iterations > 1:
            step_of += f", iteration {int(self.trace.table.iteration[index]) + 1}"
        return f"[{step_of}]"

    def step_line(self, index: int) -> str:
        """The line of a step taken: `[7/17 backward] dL/dz2 = ... = -0.189`."""
        return f"{self.mark(index)} {printable(self.trace[index].explain(self.decimals))}"

    def here(self) -> str:
        """The line of the current step, or the start."""
        if self.taken == 0:
            return f"[0/{len(self.trace)}] at the start: nothing computed"
        return self.step_line(self.taken - 1)

    def number(self, value: float) -> str:
        """A value at the session's decimals."""
        return format_number(value, self.decimals)

    # Moves -------------------------------------------------------------------------------

    def forward_to(self, new: int) -> None:
        """Move forward to `new`, printing the steps taken (past ECHO: the last only)."""
        old = self.taken
        if new <= old:
            self.out.append(f"at the end: all {len(self.trace)} steps taken")
            return
        self.taken = new
        if new - old > ECHO:
            self.out.append(f"... {new - old - 1} steps ...")
            old = new - 1
        self.out.extend(self.step_line(i) for i in range(old, new))

    def back_to(self, new: int) -> None:
        """Move back to `new`, printing where it lands."""
        if self.taken == 0:
            self.out.append(self.here())
            return
        self.taken = new
        self.out.append(self.here())

    def do_next(self, argument: str) -> None:
        count = count_of("n", argument)
        if self.taken >= len(self.trace):
            self.out.append(f"at the end: all {len(self.trace)} steps taken")
            return
        self.take(count)

    def do_back(self, argument: str) -> None:
        self.back_to(max(self.taken - count_of("back", argument), 0))

    def _block(self, name: str) -> None:
        level, direction = _BLOCKS[name]
        new = block_move(self.trace, self.taken, level, direction)
        (self.forward_to if direction > 0 else self.back_to)(new)

    def do_over(self, _: str) -> None: self._block("over")
    def do_back_over(self, _: str) -> None: self._block("back-over")
    def do_out(self, _: str) -> None: self._block("out")
    def do_back_out(self, _: str) -> None: self._block("back-out")
    def do_phase(self, _: str) -> None: self._block("phase")
    def do_back_phase(self, _: str) -> None: self._block("back-phase")
    def do_iter(self, _: str) -> None: self._block("iter")
    def do_back_iter(self, _: str) -> None: self._block("back-iter")

    def do_start(self, _: str) -> None:
        self.back_to(0)

    def do_end(self, _: str) -> None:
        self.forward_to(len(self.trace))

    def do_continue(self, _: str) -> None:
        self.forward_to(continue_to(self.trace, self.taken, 1, (), self.breakpoints.values()))

    def do_back_continue(self, _: str) -> None:
        self.back_to(continue_to(self.trace, self.taken, -1, (), self.breakpoints.values()))

    # Breakpoints -------------------------------------------------------------------------

    def resolve(self, name: str) -> tuple[Quantity, str]:
        """The quantity a typed name means; Error if none."""
        found = self.quantities.find(name)
        if found is None:
            raise Error(f"no quantity named '{printable(name)}' (list shows the names)")
        return found

    def do_break(self, name: str) -> None:
        if not name:
            if not self.breakpoints:
                self.out.append("no breakpoints")
            for label, steps in self.breakpoints.items():
                self.out.append(f"breakpoint on {printable(label)}: {plural(len(steps), 'step')}")
            return
        if " if " in f" {name} " or any(ch in name for ch in "*?"):
            self._conditional_break(name)
            return
        quantity, role = self.resolve(name)
        label = quantity.name if role == "value" else quantity.grad
        steps = self.quantities.writers(quantity, role)
        if not len(steps):
            raise Error(f"no step writes {printable(label)} (it is given)")
        if label in self.breakpoints:
            self.out.append(f"breakpoint on {printable(label)} is already set")
            return
        self.breakpoints[label] = steps
        self.out.append(f"breakpoint on {printable(label)}: {plural(len(steps), 'step')}")

    def _conditional_break(self, text: str) -> None:
        """`b WHERE [if CONDITION]`: a glob over targets and a condition, as the debugger's
        `:break` and `--break` read them (tui_backprop.core.breakpoints)."""
        from ..core.breakpoints import BreakpointError, parse_breakpoint

        try:
            breakpoint = parse_breakpoint(text)
        except BreakpointError as error:
            raise Error(str(error)) from None
        label = breakpoint.text
        if label in self.breakpoints:
            self.out.append(f"breakpoint on {printable(label)} is already set")
            return
        steps = breakpoint.matches(self.trace)
        self.breakpoints[label] = steps
        self.out.append(f"breakpoint on {printable(label)}: {plural(len(steps), 'step')}")

    def do_clear(self, name: str) -> None:
        if not name:
            count = len(self.breakpoints)
            self.breakpoints.clear()
            self.out.append(f"cleared {plural(count, 'breakpoint')}")
            return
        if name in self.breakpoints:  # a conditional one, cleared by its text
            del self.breakpoints[name]
            self.out.append(f"cleared the breakpoint on {printable(name)}")
            return
        quantity, role = self.resolve(name)
        label = quantity.name if role == "value" else quantity.grad
        if self.breakpoints.pop(label, None) is None:
            raise Error(f"no breakpoint on {printable(label)}")
        self.out.append(f"cleared the breakpoint on {printable(label)}")

    # Looking around ----------------------------------------------------------------------

    def reading_line(self, quantity: Quantity, reading: Reading, full: bool) -> str:
        """`w2 = 0.314 (was 0.300), dL/dw2 = -0.142`; `full` says what is not known yet."""
        if reading.value is None:
            text = f"{quantity.name} not computed yet"
        else:
            text = f"{quantity.name} = {self.number(reading.value)}"
            if reading.was is not None:
                text += f" (was {self.number(reading.was)})"
        if quantity.grad is not None:
            if reading.grad is not None:
                text += f", {quantity.grad} = {self.number(reading.grad)}"
            elif full:
                text += f", {quantity.grad} not computed yet"
        return printable(text)

    def do_show(self, name: str) -> None:
        quantity, _ = self.resolve(name)
        self.out.append(self.reading_line(quantity, self.quantities.read(quantity, self.taken), True))

    def do_list(self, _: str) -> None:
        for count, (quantity, reading) in enumerate(self.quantities.known(self.taken)):
            if count == LIST_LIMIT:
                self.out.append(f"... and more: the list stops at {LIST_LIMIT} (show NAME shows any one)")
                break
            self.out.append(self.reading_line(quantity, reading, False))

    def do_where(self, _: str) -> None:
        total, its = len(self.trace), self.trace.iterations
        iteration = f"iteration {self.quantities.iteration(self.taken) + 1} of {its}"
        if self.taken == 0:
            self.out.append(f"step 0 of {total}: nothing computed yet, {iteration}")
        else:
            phase = self.trace.phase(self.taken - 1)
            self.out.append(f"step {self.taken} of {total}: {phase} phase, {iteration}")
        self.out.extend(self.where_tally())

    def do_help(self, topic: str) -> None:
        try:
            self.out.extend(help_lines(topic or None))
        except KeyError:
            raise Error(f"no command '{printable(topic)}' (help lists the commands)") from None

    def do_quit(self, _: str) -> None:
        self.done = True


def count_of(word: str, argument: str) -> int:
    """The COUNT after a command (1 if none); Error unless a whole number >= 1."""
    if not argument:
        return 1
    if argument.isascii() and argument.isdigit() and int(argument) >= 1:
        return int(argument)
    raise Error(f"{word}: COUNT must be a whole number >= 1, got '{printable(argument)}'")


def plural(count: int, noun: str) -> str:
    """`1 step`, `2 steps`."""
    return f"{count} {noun}" + ("" if count == 1 else "s")
