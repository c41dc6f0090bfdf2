"""The training panel: a loss sparkline over the iterations computed so far, then a table of
each iteration's loss, its largest parameter change and the focused unit's parameters."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Sparkline

from ...core import Trace
from ...core.steps import format_number
from ..training import followed, iteration_rows
from ..view import View
from .cells import UNKNOWN, scroll_start, visible
from .lines_widget import LinesWidget

PENDING = "…"
"""An iteration whose update has not finished yet."""


class TrainingTable(LinesWidget):
    """One line per computed iteration, the cursor's iteration marked with ▶."""

    DEFAULT_CSS = """
    TrainingTable {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[Content] = []
        self._anchor = 0
        self._start = 0

    def set_lines(self, lines: list[Content], anchor: int) -> None:
        """Show these lines, keeping the anchor line in view."""
        layout = len(lines) != len(self._lines)
        self._lines, self._anchor = lines, anchor
        self.repaint(layout=layout)

    @property
    def text(self) -> str:
        """Every line as plain text."""
        return "\n".join(line.plain for line in self._lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines)

    def lines_for(self, size: Size) -> list[Content]:
        width, height = size
        self._start = scroll_start(len(self._lines), self._anchor, height, self._start)
        return [line.truncate(width) for line in visible(self._lines, self._start, height)]


class TrainingPanel(Vertical):
    """Loss per iteration as a sparkline (one bar each) and the parameters' changes."""

    DEFAULT_CSS = """
    TrainingPanel {
        height: auto;
    }
    TrainingPanel > Sparkline {
        width: 1;
        max-width: 100%;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._trace: Trace | None = None
        self._largest: dict[int, tuple[float, str]] = {}
        self.losses: list[float] = []
        """The losses the sparkline shows, one per computed iteration."""

    def compose(self) -> ComposeResult:
        yield Sparkline([], id="loss-sparkline")
        yield TrainingTable(id="training-table")

    def show(self, view: View) -> None:
        """Show the iterations computed up to the view's position."""
        trace = view.trace
        if trace is not self._trace:
            self._trace, self._largest = trace, {}
        rows = iteration_rows(view, self._largest)
        self.losses = [row.loss for row in rows]
        sparkline = self.query_one(Sparkline)
        if list(sparkline.data or []) != self.losses:
            sparkline.data = self.losses
            sparkline.styles.width = max(len(self.losses), 1)
        self.border_title = f"Training · iteration {view.iteration + 1} of {trace.iterations}"
        self.border_subtitle = "loss per iteration above · r hides"
        d = view.decimals
        params = followed(view)
        number = max(d + 4, 8)
        head = Content.styled(
            "  iter  " + "loss".rjust(number) + "  " + "largest |Δp|".ljust(number + 10)
            + "".join("  " + name.rjust(number) for name, *_ in params), "bold")
        lines = [head]
        if params:
            lines.append(Content.styled("  start " + " " * (number + 2 + number + 10)
                                        + "".join("  " + format_number(v, d).rjust(number)
                                                  for _, v, *_ in params), "$text-muted"))
        anchor = len(lines) - 1
        for row in rows:
            here = row.iteration == view.iteration
            largest = (PENDING if row.largest is None
                       else f"{format_number(row.largest[0], d)} {row.largest[1]}")
            values = "".join("  " + (UNKNOWN if v is None else format_number(v, d)).rjust(number)
                             for v in row.parameters)
            text = (f"{'▶' if here else ' '} {row.iteration + 1:>4}  {format_number(row.loss, d).rjust(number)}"
                    f"  {largest.ljust(number + 10)}{values}")
            if here:
                anchor = len(lines)
            lines.append(Content.styled(text, "bold" if here else ""))
        if not rows:
            lines.append(Content.styled("no loss computed yet: the first appears after the loss step",
                                        "italic $text-muted"))
        self.query_one(TrainingTable).set_lines(lines, anchor)
