"""The network diagram: units as nodes in columns, edges between them, values at the cursor.

The geometry comes from the pure `diagram_layout` (cached on sizes, room and focus), the
picture from `diagram_paint`; this widget turns the picture into lines styled from the
theme's bp-* variables. A step repaints only the lines that changed (`LinesWidget`), and
the subtitle only when it changes; the next step's lines are drawn ahead (`prepare`).
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size

from ..diagram_canvas import Canvas
from ..diagram_layout import diagram_layout
from ..diagram_model import Layout
from ..diagram_paint import STYLES, paint_figure
from ..recent import Recent
from ..trace_kinds import batch_size, is_graph
from ..view import View
from .lines_widget import LinesWidget

__all__ = ["STYLES", "NetworkDiagram"]


class NetworkDiagram(LinesWidget):
    """Nodes (name, z, a, gradient) in columns from input to output, edges with weights."""

    DEFAULT_CSS = """
    NetworkDiagram {
        height: 1fr;
        min-height: 1;
    }
    """

    BORDER_TITLE = "Network"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._view: View | None = None
        self._pictures: Recent[list[Content]] = Recent()
        """The figure's lines by (view key, width, height): the next step's are made ahead."""
        self._rows: dict[tuple[str, tuple[str, ...]], Content] = {}
        """The last figure's rows by look: a row a step leaves alone is not built again."""

    def show(self, view: View) -> None:
        """Show the network at the view's position (repainting only the lines that changed)."""
        self._view = view
        batch = batch_size(view.trace)
        # Setting a title repaints the whole widget, border and all: only when it changes.
        self.set_titles("Graph" if is_graph(view.trace) else self.BORDER_TITLE,
                        f"sample {view.sample + 1} of {batch}" if batch > 1 else "")
        self.repaint()

    # Painting -------------------------------------------------------------------------------

    def layout_for(self, width: int, height: int, view: View | None = None) -> Layout:
        """The (cached) geometry for this room and the focus of `view` (default: on show)."""
        view = view or self._view
        assert view is not None
        current = view.current
        return diagram_layout(view.trace.network.sizes, width, height, view.focus,
                              current.node if current else None,
                              current.edge if current else None, view.decimals)

    def paint(self, width: int, height: int, view: View | None = None) -> Canvas:
        """The figure at the position of `view` (default: on show), as a canvas of
        characters and style keys."""
        view = view or self._view
        assert view is not None
        if is_graph(view.trace):
            from ..graph_picture import paint_graph_view

            return paint_graph_view(view, width, height)
        return paint_figure(view, self.layout_for(width, height, view))


    # Textual --------------------------------------------------------------------------------

    def lines_for(self, size: Size) -> list[Content]:
        """The figure's lines at the view's position in a content area of `size` (cached)."""
        return [] if self._view is None else self.prepare(self._view, size)

    def forget_drawn(self) -> None:
        """Forget what `prepare` made (the trace changed)."""
        self._pictures.clear()

    def prepare(self, view: View, size: Size | None = None) -> list[Content]:
        """The figure's lines at the position of `view` in a content area of `size` (default:
        the one on show), remembered: the screen prepares the next step's while it waits."""
        width, height = size or self.size
        if width <= 0 or height <= 0:
            return []

        def make() -> list[Content]:
            canvas = self.paint(width, height, view)
            rows: dict[tuple[str, tuple[str, ...]], Content] = {}
            lines: list[Content] = []
            for y in range(canvas.height):
                look = canvas.row_key(y)
                line = rows[look] if look in rows else self._rows.get(look)
                if line is None:
                    # (text, style) runs: names and numbers are plain text, never markup.
                    line = Content.assemble(*((text, STYLES[kind]) for text, kind in canvas.runs(y)))
                rows[look] = line
                lines.append(line)
            self._rows = rows  # the next figure reuses this one's unchanged rows
            if (width, height) == tuple(self.size) and not self.text_selection:
                # Drawn ahead for the size on show: the strips too, so the key that shows
                # this figure only sends them (line y of the figure is line y on screen).
                for y, line in enumerate(lines):
                    self.strip(line, y, width)
            return lines

        return self._pictures.get((view.key, width, height), make)

    @property
    def text(self) -> str:
        """What the diagram shows, as plain text (for tests and reading)."""
        return "\n".join(line.plain.rstrip() for line in self.lines_for(self.size))
