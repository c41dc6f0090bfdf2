"""The header: the network's name (plain text), the phase, the step and the iteration."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from ..view import View

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
        self.playing: str = ""
        """Autoplay state ("▶ 2x") or "" when not playing."""

    def show(self, view: View) -> None:
        """Describe the view's position."""
        trace = view.trace
        current = view.current
        phase = str(current.phase) if current is not None else "start"
        parts: list[str | tuple[str, str]] = [
            " ", (trace.network.name, "bold"),  # a tuple is plain text: never markup
            SEPARATOR, (phase, "bold $accent"),
            SEPARATOR, f"step {view.taken} of {len(trace)}",
            SEPARATOR, f"iteration {view.iteration + 1} of {trace.iterations}",
        ]
        if self.playing:
            parts += [SEPARATOR, (self.playing, "bold $bp-active")]
        self._content = Content.assemble(*parts)
        self.refresh()

    @property
    def text(self) -> str:
        """The header as plain text."""
        return self._content.plain

    def render(self) -> Content:
        return self._content
