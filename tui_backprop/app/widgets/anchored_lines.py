"""A panel of lines that scrolls itself so that one line, the anchor, stays in view."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size

from .cells import scroll_start, visible
from .lines_widget import LinesWidget


class AnchoredLines(LinesWidget):
    """Lines as tall as they are (up to the room given), kept scrolled to the anchor line.

    The drawer panels (edit, training table, gradient check) are all this with their own
    lines: they call `set_lines` from their `show`.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[Content] = []
        self._anchor = 0
        self._start = 0
        self._reserved = 0

    def set_lines(self, lines: list[Content], anchor: int, reserved: int = 0) -> None:
        """Show these lines, keeping line `anchor` in view; the panel is as tall as
        `max(len(lines), reserved)` (up to the room), so a panel that will grow can take its
        full height at once. A new layout only if that height changes: laying the screen out
        again costs many times a step's repaint."""
        layout = max(len(lines), reserved) != max(len(self._lines), self._reserved)
        self._lines, self._anchor, self._reserved = lines, anchor, reserved
        self.repaint(layout=layout)

    @property
    def text(self) -> str:
        """Every line as plain text."""
        return "\n".join(line.plain for line in self._lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(len(self._lines), self._reserved)

    def lines_for(self, size: Size) -> list[Content]:
        width, height = size
        self._start = scroll_start(len(self._lines), self._anchor, height, self._start)
        return [line.truncate(width) for line in visible(self._lines, self._start, height)]
