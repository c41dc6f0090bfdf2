"""The edit panel: after an edit, the values at the cursor that differ from before it.

It follows the cursor, so stepping on shows the edit's effect spreading through the
forward pass, the loss and the gradients: a "what if" a learner can walk through.
"""

from __future__ import annotations

import numpy as np
from textual.content import Content

from ...core import Trace
from ...core.steps import format_number
from ...printable import printable
from ..edit_diff import Comparison, Difference, changed_slots, describe, first_writes
from ..view import View
from .cells import CHANGED_STYLE
from .anchored_lines import AnchoredLines

MARK = "Δ"
"""Starts every changed value's line: the change shows without colour."""
LIMIT = 200
"""Most changed values listed (around the current step): mnist edits change thousands."""


def difference_line(diff: Difference, width: int, decimals: int, written: bool) -> Content:
    """ "Δ z1[1]   0.378 → 0.412" (the value the current step wrote in reverse video)."""
    after = format_number(diff.after, decimals)
    return Content.assemble(
        (MARK, "bold $bp-changed"), " ", (printable(diff.name).ljust(width), "bold"), "  ",
        (format_number(diff.before, decimals), "$text-muted"), " → ",
        (after, CHANGED_STYLE if written else "bold"))


class EditPanel(AnchoredLines):
    """Your edit, then every value known at the cursor that it changed, in execution order."""

    DEFAULT_CSS = """
    EditPanel {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.comparison: Comparison | None = None
        """The trace before the last edit, or None when there is nothing to compare."""
        self.differences: list[Difference] = []
        """What differs at the cursor and is listed (for tests and reading)."""
        self.count = 0
        """How many values differ at the cursor (more than listed past LIMIT)."""
        self._ordered: tuple[Trace, int, tuple[np.ndarray, np.ndarray]] | None = None

    def show(self, view: View) -> None:
        """Compare the two traces at the view's position."""
        if self.comparison is None:
            self.differences, self.count = [], 0
            self.set_lines([], 0)
            return
        edited, value = self.comparison.edited, self.comparison.value
        before, after = self.comparison.before, view.trace
        cached = self._ordered
        if cached is None or cached[0] is not after or cached[1] != view.iteration:
            self._ordered = (after, view.iteration, first_writes(after, view.iteration))
        ranked = changed_slots(before, after, view.taken, self._ordered[2])
        self.count = len(ranked)
        written = view.current.slot if view.current is not None else -1
        # Around the value the current step wrote (else the latest): the part that matters now.
        hits = np.flatnonzero(ranked == written)
        at = int(hits[0]) if len(hits) else len(ranked) - 1
        first = min(max(at - LIMIT // 2, 0), max(len(ranked) - LIMIT, 0))
        self.differences = describe(before, after, view.taken, ranked[first:first + LIMIT])
        width = max((len(printable(d.name)) for d in self.differences), default=1)
        head = Content.assemble(("✎ ", "bold $bp-changed"), "you set ", (printable(edited.name), "bold"), " ",
                                format_number(edited.value, view.decimals), " → ",
                                (format_number(value, view.decimals), "bold"))
        lines = [head]
        if not self.differences:
            lines.append(Content.styled(
                "nothing computed so far differs: step on to see the edit act", "italic $text-muted"))
        elif len(self.differences) < self.count:
            later = self.count - first - len(self.differences)
            lines.append(Content.styled(f"{first:,} earlier and {later:,} later changes not listed",
                                        "italic $text-muted"))
        lines += [difference_line(d, width, view.decimals, d.slot == written) for d in self.differences]
        count = self.count
        self.set_titles("Changed by your edit",
                        f"{count:,} value{'s' * (count != 1)} differ here · W closes")
        offset = len(lines) - len(self.differences)
        self.set_lines(lines, next((i + offset for i, d in enumerate(self.differences)
                                    if d.slot == written), len(lines) - 1))
