"""The header: the network's name (plain text), the phase, the step and the iteration."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from ...printable import printable
from ..view import View
from ..trace_kinds import title

SEPARATOR = ("  │  ", "$text-muted")


class DebuggerHeader(Widget):
    """One line: name │ phase │ step i of N │ iteration k of K │ autoplay state."""

    DEFAULT_CSS = """
    DebuggerHeader {
        dock: top;
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content("")
        self._short = Content("")
        self.playing: str = ""
        """Autoplay state ("▶ 2x") or "" when not playing."""

    def show(self, view: View) -> None:
        """Describe the view's position."""
        trace = view.trace
        current = view.current
        phase = str(current.phase) if current is not None else "start"
        self._content, self._short = (
            Content.assemble(
                # A tuple is plain text, never markup; printable, never an escape sequence.
                " ", (printable(title(trace)), "bold"),
                separator, (phase, "bold $accent"),
                separator, f"{step}{view.taken}{of}{len(trace)}",
                separator, f"{iteration}{view.iteration + 1}{of}{trace.iterations}",
                *((separator, (self.playing, "bold $bp-active")) if self.playing else ()))
            for separator, step, iteration, of in (
                (SEPARATOR, "step ", "iteration ", " of "), (("│", "$text-muted"), "", "it ", "/"))
        )
        self.refresh()

    @property
    def text(self) -> str:
        """The header as plain text."""
        return self._content.plain

    def render(self) -> Content:
        # Narrow terminals get the short form: "seed│forward│3/17│it 1/1".
        return self._content if self._content.cell_length <= self.size.width else self._short
