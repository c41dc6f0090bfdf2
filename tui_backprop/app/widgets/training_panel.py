"""The training panel: a loss sparkline over the iterations computed so far, then a table of
each iteration's loss, its largest parameter change and the focused unit's parameters."""

from __future__ import annotations

from typing import NamedTuple

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Sparkline, Static

from ...core import Trace
from ...core.steps import format_number
from ...printable import printable
from ..recent import Recent
from ..training import IterationRow, followed, iteration_rows
from ..trace_kinds import is_graph
from ..view import View
from .cells import UNKNOWN
from .anchored_lines import AnchoredLines

NOTHING_FOLLOWED = {False: "(focus a unit to follow its weights)",
                    True: "(focus a parameter to follow its value)"}
"""The start line when the focus has no parameters to follow: network, graph."""
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
    # The start line is always there, so the table keeps its height as the focus moves.
    start = "  start " + " " * (number + 2 + changes)
    lines.append(Content.styled(start + columns([format_number(v, d) for _, v, *_ in params])
                                if params else "  start   " + NOTHING_FOLLOWED[is_graph(view.trace)],
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


class Prepared(NamedTuple):
    """What the panel shows at one position."""

    title: str
    losses: list[float]
    summary: str
    lines: list[Content]
    anchor: int


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
        self._prepared: Recent[Prepared] = Recent()
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

    def prepare(self, view: View) -> Prepared:
        """What the panel shows at a position (remembered: the screen draws the next
        position's ahead while it waits for a key, as for the diagram)."""
        def make() -> Prepared:
            trace = view.trace
            if trace is not self._trace:
                self._trace, self._largest = trace, {}
            rows = iteration_rows(view, self._largest)
            losses = [row.loss for row in rows]
            d = view.decimals
            summary = "" if not losses else format_number(losses[0], d)
            if len(losses) > 1:
                summary += f" → {format_number(losses[-1], d)}"
            lines, anchor = table_lines(view, rows)
            return Prepared(f"Training · iteration {view.iteration + 1} of {trace.iterations}",
                            losses, summary or "none computed yet", lines, anchor)

        return self._prepared.get(view.key, make)

    def forget_drawn(self) -> None:
        """Forget what `prepare` made (the trace changed)."""
        self._prepared.clear()

    def show(self, view: View) -> None:
        """Show the iterations computed up to the view's position."""
        shown = self.prepare(view)
        self.losses = shown.losses
        sparkline = self._sparkline
        if list(sparkline.data or []) != self.losses:
            sparkline.data = self.losses
            sparkline.styles.width = max(len(self.losses), 1)
        if shown.title != self._shown[0]:
            self.border_title = shown.title
            self.border_subtitle = "r hides"
        if shown.summary != self._shown[1]:  # an update lays the screen out again (width: auto)
            self._summary.update(shown.summary)
        self._shown = (shown.title, shown.summary)
        # As tall as the table will be once every iteration has its row: the screen is not
        # laid out again (and the diagram above does not shrink) each time a loss appears.
        self._table.set_lines(shown.lines, shown.anchor, reserved=2 + view.trace.iterations)
