"""The training panel: a loss sparkline over the iterations computed so far, then a table of
each iteration's loss, its largest parameter change and the focused unit's parameters."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Sparkline, Static

from ...core import Trace
from ...core.steps import format_number
from ...printable import printable
from ..training import IterationRow, followed, iteration_rows
from ..view import View
from .cells import UNKNOWN
from .anchored_lines import AnchoredLines

PENDING = "…"
"""An iteration whose update has not finished yet."""


def table_lines(view: View, rows: list[IterationRow]) -> tuple[list[Content], int]:
    """The table: a header, the starting parameters, a row per iteration; and the line of
    the cursor's iteration (marked ▶, so it shows without colour)."""
    d = view.decimals
    params = followed(view)
    number = max(d + 4, 8)
    changes = number + 10  # "0.069 b2[1]"

    def columns(values: list[str]) -> str:
        return "".join("  " + value.rjust(number) for value in values)

    head = f"  iter  {'loss'.rjust(number)}  {'largest |Δp|'.ljust(changes)}"
    lines = [Content.styled(head + columns([printable(name) for name, *_ in params]), "bold")]
    if params:
        start = "  start " + " " * (number + 2 + changes)
        lines.append(Content.styled(start + columns([format_number(v, d) for _, v, *_ in params]),
                                    "$text-muted"))
    anchor = len(lines) - 1
    for row in rows:
        here = row.iteration == view.iteration
        largest = PENDING if row.largest is None else f"{format_number(row.largest[0], d)} {printable(row.largest[1])}"
        loss = format_number(row.loss, d).rjust(number)
        values = columns([UNKNOWN if v is None else format_number(v, d) for v in row.parameters])
        if here:
            anchor = len(lines)
        lines.append(Content.styled(f"{'▶' if here else ' '} {row.iteration + 1:>4}  {loss}  "
                                    f"{largest.ljust(changes)}{values}", "bold" if here else ""))
    if not rows:
        lines.append(Content.styled("no loss computed yet: the first appears after the loss step",
                                    "italic $text-muted"))
    return lines, anchor


class TrainingTable(AnchoredLines):
    """One line per computed iteration, the cursor's iteration marked with ▶."""

    DEFAULT_CSS = """
    TrainingTable {
        height: auto;
    }
    """


class TrainingPanel(Vertical):
    """Loss per iteration as a sparkline (one bar each) and the parameters' changes."""

    DEFAULT_CSS = """
    TrainingPanel {
        height: auto;
    }
    TrainingPanel > Horizontal {
        height: 1;
    }
    TrainingPanel Static {
        width: auto;
    }
    TrainingPanel Sparkline {
        width: 1;
        max-width: 60%;
        margin: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._trace: Trace | None = None
        self._largest: dict[int, tuple[float, str]] = {}
        self.losses: list[float] = []
        """The losses the sparkline shows, one per computed iteration."""
        self._shown: tuple[str, str] = ("", "")
        """The title and loss summary on show: setting either repaints, so only on a change."""

    def compose(self) -> ComposeResult:
        # Kept, not queried: show() runs on every key press while the panel is open.
        self._sparkline = Sparkline([], id="loss-sparkline")
        self._summary = Static("", id="loss-summary", markup=False)
        self._table = TrainingTable(id="training-table")
        with Horizontal():
            yield Static("loss per iteration", id="loss-label", markup=False)
            yield self._sparkline
            yield self._summary
        yield self._table

    def show(self, view: View) -> None:
        """Show the iterations computed up to the view's position."""
        trace = view.trace
        if trace is not self._trace:
            self._trace, self._largest = trace, {}
        rows = iteration_rows(view, self._largest)
        self.losses = [row.loss for row in rows]
        sparkline = self._sparkline
        if list(sparkline.data or []) != self.losses:
            sparkline.data = self.losses
            sparkline.styles.width = max(len(self.losses), 1)
        title = f"Training · iteration {view.iteration + 1} of {trace.iterations}"
        d = view.decimals
        summary = "" if not self.losses else format_number(self.losses[0], d)
        if len(self.losses) > 1:
            summary += f" → {format_number(self.losses[-1], d)}"
        summary = summary or "none computed yet"
        if title != self._shown[0]:
            self.border_title = title
            self.border_subtitle = "r hides"
        if summary != self._shown[1]:  # an update lays the screen out again (width: auto)
            self._summary.update(summary)
        self._shown = (title, summary)
        lines, anchor = table_lines(view, rows)
        self._table.set_lines(lines, anchor)
