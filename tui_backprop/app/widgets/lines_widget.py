"""A widget drawn as a list of lines that repaints only the lines that changed.

Over SSH every byte counts: a step usually changes two or three lines of a panel (the
value it wrote, the highlight it moved), so only those lines are sent to the terminal.
The time counts too: Textual asks `render_line` only for the lines marked dirty, so a
step renders those lines (together, in one pass), not the whole panel as `render` would.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.visual import Visual
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
        self._stale: set[int] | None = set()
        """Lines changed since the last render (None: all of them), rendered in one batch."""
        self._batch: dict[int, Strip] | None = None
        """Strips rendered ahead during one `render_lines` pass (None outside a pass)."""

    def lines_for(self, size: Size) -> list[Content]:
        """The lines to draw in a content area of `size` (subclasses override)."""
        raise NotImplementedError

    def set_titles(self, title: str, subtitle: str) -> None:
        """Set the border titles, only when they change (setting one repaints everything)."""
        if (title, subtitle) != self._titles:
            self._titles = (title, subtitle)
            self.border_title = title
            self.border_subtitle = subtitle
            self._stale = None

    def repaint(self, layout: bool = False) -> None:
        """Redraw after a change: a new layout if asked, else only the lines that differ."""
        size = self.size
        if layout or not size.area or size != self._shown_size:
            self._shown_size = Size(0, 0)  # render() recomputes
            self._stale = None
            self.refresh(layout=layout)
            return
        new = self.lines_for(size)
        old, self._shown = self._shown, new
        changed = [y for y in range(max(len(old), len(new)))
                   if y >= len(old) or y >= len(new)
                   or (old[y] is not new[y] and line_key(old[y]) != line_key(new[y]))]
        if changed:
            if self._stale is not None:
                self._stale.update(changed)
            self.refresh(*(Region(0, y, size.width, 1) for y in changed))

    def _lines_on_show(self) -> list[Content]:
        """The lines on show, laid out again if the size changed."""
        if self._shown_size != self.size:
            self._shown = self.lines_for(self.size)
            self._shown_size = self.size
        return self._shown

    def render(self) -> Content:
        return Content("\n").join(self._lines_on_show())

    def render_lines(self, crop: Region) -> list[Strip]:
        # One pass: the lines it asks for are rendered in one batch (Textual's per-call
        # cost is paid once), and nothing rendered ahead outlives the pass.
        self._batch = {}
        try:
            return super().render_lines(crop)
        finally:
            self._batch = None
            self._stale = set()

    def render_line(self, y: int) -> Strip:
        """Line y of the content: the strip the whole render would give, line y of it."""
        if self.text_selection is not None or self.styles.content_align != ("left", "top"):
            return super().render_line(y)  # both depend on every line: render them all
        lines, width = self._lines_on_show(), self.size.width
        if not 0 <= y < len(lines):
            return Strip.blank(width, self.visual_style.rich_style)
        if self._batch is not None and y in self._batch:
            return self._batch.pop(y)
        rows = [y]
        if self._batch is not None:  # the changed lines below y are asked for next
            later = range(y + 1, len(lines)) if self._stale is None else sorted(self._stale)
            rows += [row for row in later if y < row < len(lines)]
        strips = Visual.to_strips(self, Content("\n").join([lines[row] for row in rows]),
                                  width, None, self.visual_style)
        if len(strips) != len(rows):  # a line wrapped: render this one alone
            rows = [y]
            strips = Visual.to_strips(self, lines[y], width, 1, self.visual_style)[:1]
            if not strips:
                return Strip.blank(width, self.visual_style.rich_style)
        # Rendered apart, a line's row in the batch differs from its row in the widget:
        # text selection reads the row from the strip.
        strips = [strip.apply_offsets(0, row) if row != index else strip
                  for index, (row, strip) in enumerate(zip(rows, strips, strict=True))]
        if self._batch is not None:
            self._batch.update(zip(rows[1:], strips[1:], strict=True))
        return strips[0]
