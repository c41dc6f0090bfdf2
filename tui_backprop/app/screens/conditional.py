"""The main screen's `:` command line, conditional breakpoints and watches (a mixin).

`:` opens a one-line command line at the bottom, as in vim: `break WHERE [if CONDITION]`,
`delete N`, `enable N`, `disable N`, `watch NAME`, `unwatch NAME`; Enter runs it, Escape
closes it. A command that cannot run leaves the line open with a one-line reason under it.
`v` lists the breakpoints (and focuses the list), `m` watches the current step's quantity,
`M` shows or hides the watch panel.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from ..debugging import COMMANDS, CommandError, Debugging, run_command
from ..trace_kinds import is_graph, node_index

if TYPE_CHECKING:
    from ...core.breakpoints import Breakpoint
    from .teaching import TeachingActions as _Base
else:
    _Base = object


class CommandInput(Input):
    """The command line's input: Escape closes it."""

    BINDINGS: ClassVar = [Binding("escape", "close", "Close", show=False)]

    def action_close(self) -> None:
        """Close the command line without running anything."""
        self.screen.close_command_line()  # type: ignore[attr-defined]


class DebuggingActions(_Base):
    """The command line, the breakpoints panel and the watch panel of the main screen."""

    debugging: Debugging

    def start_debugging(self, breakpoints: Iterable[Breakpoint], watches: Iterable[str]) -> None:
        """The breakpoints and watches given on the command line (already checked)."""
        self.debugging = Debugging()
        for breakpoint in breakpoints:
            self.debugging.add(breakpoint)
        self.debugging.watches.extend(watches)

    def compose_command_line(self) -> ComposeResult:
        """The command line, hidden until `:`."""
        with Vertical(id="command-bar"):
            yield Static("", id="command-error", markup=False)
            yield CommandInput(placeholder=COMMANDS, id="command-input", select_on_focus=False)

    def action_command_line(self, text: str = "") -> None:
        """Open the command line (with `text` typed in)."""
        bar = self.query_one("#command-bar")
        error = self.query_one("#command-error", Static)
        error.update("")
        error.display = False
        line = self.query_one(CommandInput)
        line.value = text
        line.cursor_position = len(text)
        bar.display = True
        line.focus()

    def close_command_line(self) -> None:
        """Hide the command line; the keys go back to the debugger."""
        self.query_one("#command-bar").display = False
        self.set_focus(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not isinstance(event.input, CommandInput):
            return
        event.stop()
        if not event.value.strip():
            self.close_command_line()
            return
        if self.command(event.value, quiet_errors=True):
            self.close_command_line()

    def command(self, text: str, quiet_errors: bool = False) -> bool:
        """Run a command (the command line's, the panel's keys'); say what it did or why
        not. Returns whether it ran."""
        try:
            said = run_command(self.debugging, self.trace, text)
        except CommandError as error:
            if quiet_errors:  # the command line shows it under itself
                shown = self.query_one("#command-error", Static)
                shown.update(str(error))
                shown.display = True
            else:
                self.notify(str(error), severity="error", markup=False)
            return False
        self.notify(said, markup=False)
        self.refresh_view()
        return True

    # Panels ------------------------------------------------------------------------------

    async def action_breakpoints_panel(self) -> None:
        """Show the breakpoints panel and give it the keys (or, focused, give them back)."""
        panel = self.drawer_panel("breakpoints")
        if panel is not None and panel.has_focus:
            self.set_focus(None)
            return
        panel = await self.open_panel("breakpoints")
        panel.focus()

    def action_hide_breakpoints(self) -> None:
        """Hide the breakpoints panel."""
        self.close_panel("breakpoints")
        self.set_focus(None)

    async def action_toggle_watches(self) -> None:
        """Show or hide the watch panel."""
        await self._toggle("watches")  # type: ignore[attr-defined]

    async def action_watch(self) -> None:
        """Watch the current step's quantity (at the start: the focused node's)."""
        name = self._watch_name()
        if name is None:
            self.notify("nothing to watch here: take a step first (n), or focus a unit",
                        severity="warning", markup=False)
            return
        if self.command(f"watch {name}"):
            await self.open_panel("watches")

    def _watch_name(self) -> str | None:
        view = self.view
        if view.current is not None:
            return view.current.target
        trace = self.trace
        if is_graph(trace):
            index = node_index(trace, self.focus)
            return None if index is None else trace.spec.nodes[index].name
        layer, unit = self.focus
        return None if layer == 0 else trace.names.a(layer, unit)
