"""The base of the forward and gradient panels: a view turned into cells, laid out in
columns (`cells.layout`), kept scrolled to the value the last step wrote.

A panel remembers what it laid out for the last few positions (`prepare`), so the screen can
lay out the next one while it waits for a key.
"""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.geometry import Size

from ..recent import Recent
from ..view import View
from .cells import Section, layout, scroll_start, visible
from .lines_widget import LinesWidget
from ..trace_kinds import batch_size

Prepared = tuple[list[Section], int, tuple[int, tuple[list[Content], int]]]
"""A panel's sections at a position, its name floor, and (width, its layout at that width)."""


class CellPanel(LinesWidget):
    """Base of the forward and gradient panels: subclasses turn a View into sections."""

    DEFAULT_CSS = """
    CellPanel {
        height: 1fr;
    }
    """
    TITLE: ClassVar[str] = ""
    """The border title."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._sections: list[Section] = []
        self._decimals = 3
        self._height = -1
        self._start = 0
        self._name_floor = 1
        self._laid_out: tuple[int, tuple[list[Content], int]] | None = None
        self._prepared: Recent[Prepared] = Recent()

    def sections(self, view: View) -> list[Section]:
        """What to show at this position (subclasses override)."""
        raise NotImplementedError

    def subtitle(self, view: View) -> str:
        """The border subtitle: which sample a batch shows."""
        batch = batch_size(view.trace)
        return f"sample {view.sample + 1} of {batch}" if batch > 1 else ""

    def prepare(self, view: View) -> Prepared:
        """The cells and lines at a position, for the width on show (remembered, so the
        screen can prepare the next position while it waits for a key)."""
        width = self.size.width

        def make() -> Prepared:
            sections, floor = self.sections(view), self.name_floor(view)
            return sections, floor, (width, layout(sections, width, view.decimals, floor))

        return self._prepared.get((view.key, width), make)

    def forget_drawn(self) -> None:
        """Forget what `prepare` made (the trace changed)."""
        self._prepared.clear()

    def show(self, view: View) -> None:
        """Show the trace at the view's position (repainting only what changed)."""
        self.set_titles(self.TITLE, self.subtitle(view))
        sections, floor, laid_out = self.prepare(view)
        if sections == self._sections and view.decimals == self._decimals:
            return  # e.g. the forward panel while stepping through the backward phase
        self._sections = sections
        self._decimals = view.decimals
        self._name_floor = floor
        self._laid_out = laid_out
        height = len(self._layout(self.size.width)[0])
        self.repaint(layout=self._resizes(height))
        self._height = height

    def _resizes(self, height: int) -> bool:
        """Whether `height` lines of content change the panel's size: only for an auto
        height, and not while the panel is held at its max-height before and after (the
        lines then scroll). Laying the screen out again costs many times a step's repaint."""
        if height == self._height or self._height < 0:
            return self._height < 0
        if not self.styles.height or not self.styles.height.is_auto:
            return False  # a fixed or fractional height: the room does not depend on the lines
        room = self.size.height
        return not (self._height > room and height >= room)

    def name_floor(self, view: View) -> int:
        """The width of the longest name the panel can show for this network (overridden)."""
        return 1

    def _layout(self, width: int) -> tuple[list[Content], int]:
        # Cached per width: show(), the height query and render() all ask for the same one.
        if self._laid_out is None or self._laid_out[0] != width:
            self._laid_out = (width, layout(self._sections, width, self._decimals, self._name_floor))
        return self._laid_out[1]

    @property
    def text(self) -> str:
        """Every line (not only those that fit) as plain text, for tests and reading."""
        lines, _ = layout(self._sections, 1, self._decimals)
        return "\n".join(line.plain.rstrip() for line in lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._layout(width)[0])

    def lines_for(self, size: Size) -> list[Content]:
        width, height = size
        lines, anchor = self._layout(width)
        self._start = scroll_start(len(lines), anchor, height, self._start)
        return [line.truncate(width) for line in visible(lines, self._start, height)]
