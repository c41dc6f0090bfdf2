"""A widget drawn as a list of lines that repaints only the lines that changed.

Over SSH every byte counts: a step usually changes two or three lines of a panel (the
value it wrote, the highlight it moved), so only those lines are sent to the terminal.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Region, Size
from textual.widget import Widget


def line_key(line: Content) -> tuple[str, tuple[object, ...]]:
    """What a line looks like: its text and its styles (Content's == compares text only)."""
    return line.plain, tuple(line.spans)


class LinesWidget(Widget):
    """Subclasses say which lines to draw at a size; `repaint` sends only the changes."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: list[Content] = []
        self._shown_size = Size(0, 0)
        self._titles = ("", "")

    def lines_for(self, size: Size) -> list[Content]:
        """The lines to draw in a content area of `size` (subclasses override)."""
        raise NotImplementedError

    def set_titles(self, title: str, subtitle: str) -> None:
        """Set the border titles, only when they change (setting one repaints everything)."""
        if (title, subtitle) != self._titles:
            self._titles = (title, subtitle)
            self.border_title = title
            self.border_subtitle = subtitle

    def repaint(self, layout: bool = False) -> None:
        """Redraw after a change: a new layout if asked, else only the lines that differ."""
        size = self.size
        if layout or not size.area or size != self._shown_size:
            self._shown_size = Size(0, 0)  # render() recomputes
            self.refresh(layout=layout)
            return
        new = self.lines_for(size)
        old, self._shown = self._shown, new
        changed = [y for y in range(max(len(old), len(new)))
                   if y >= len(old) or y >= len(new) or line_key(old[y]) != line_key(new[y])]
        if changed:
            self.refresh(*(Region(0, y, size.width, 1) for y in changed))

    def render(self) -> Content:
        if self._shown_size != self.size:
            self._shown = self.lines_for(self.size)
            self._shown_size = self.size
        return Content("\n").join(self._shown)
