"""A widget drawn as a list of lines that repaints only the lines that changed.

Over SSH every byte counts: a step usually changes two or three lines of a panel (the
value it wrote, the highlight it moved), so only those lines are sent to the terminal.
The time counts too: Textual asks `render_line` only for the lines marked dirty, so a
step renders those lines, not the whole panel as `render` would; and a line that fits the
width is turned into a strip directly, without Textual's wrapping and alignment pass
(which a line that fits does not need, and which was most of a key press's rendering).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.style import Style as VisualStyle
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget


STRIPS_KEPT = 512
"""Strips remembered per panel (a few screens' worth: the one on show and the next)."""


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
        self._strips: dict[tuple[int, int, int], tuple[Content, object, Strip]] = {}

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
                   if y >= len(old) or y >= len(new)
                   or (old[y] is not new[y] and line_key(old[y]) != line_key(new[y]))]
        if changed:
            self.refresh(*(Region(0, y, size.width, 1) for y in changed))

    def _lines_on_show(self) -> list[Content]:
        """The lines on show, laid out again if the size changed."""
        if self._shown_size != self.size:
            self._shown = self.lines_for(self.size)
            self._shown_size = self.size
        return self._shown

    def render(self) -> Content:
        return Content("\n").join(self._lines_on_show())

    def render_line(self, y: int) -> Strip:
        """Line y of the content: the strip the whole render would give, line y of it.

        The direct path below assumes what these panels' lines are: left-aligned, with no
        links, under Textual's default text rules (wrap, fold, no line padding)."""
        if self.text_selection is not None or self.styles.content_align != ("left", "top"):
            return super().render_line(y)  # both depend on every line: render them all
        lines, width = self._lines_on_show(), self.size.width
        if not 0 <= y < len(lines):
            return Strip.blank(width, self.visual_style.rich_style)
        return self.strip(lines[y], y, width)

    def strip(self, line: Content, y: int, width: int) -> Strip:
        """Line `line` drawn as line y of a content area `width` wide (remembered: a panel
        that knows its next lines, the diagram, makes their strips while the user reads)."""
        style = self.visual_style
        # The theme decides what a line's style names ($bp-value, ...) look like.
        look = (style, self.app.theme, self.app.ansi_color)
        key = (id(line), y, width)
        known = self._strips.get(key)
        if known is not None and known[0] is line and known[1] == look:
            return known[2]
        strip = self._make_strip(line, y, width, style)
        if len(self._strips) >= STRIPS_KEPT:
            self._strips.clear()
        self._strips[key] = (line, look, strip)  # the line is kept, so its id is not reused
        return strip

    def _make_strip(self, line: Content, y: int, width: int, style: VisualStyle) -> Strip:
        if line.cell_length > width:  # wraps: Textual's own pass, keeping the first line
            strips = Visual.to_strips(self, line, width, 1, style)
            return (strips[0].apply_offsets(0, y) if strips
                    else Strip.blank(width, style.rich_style))
        # As Textual renders a left-aligned line (FormattedLine.to_strip), offsets included
        # (text selection reads them), without the wrapping and alignment around it.
        segments, x = [], 0
        for text, text_style in line.render(style, end="", parse_style=self._get_style):
            segments.append(Segment(text, (style + text_style).rich_style_with_offset(x, y)))
            x += len(text)
        return Strip(segments, line.cell_length)
