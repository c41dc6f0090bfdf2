"""Named numbers laid out in columns: the model of the forward and gradient panels.

The panels (`cell_panel.CellPanel`) describe what to show as sections of `Cell`s; this
module lays them out for a width (more columns when wide), finds the anchor line (the value
the last step wrote, else the focused unit) and the window that keeps it in view, and styles
each cell from the theme's bp-* variables, with reverse/underline so states survive
monochrome.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from textual.content import Content

from ...core.steps import format_number
from ...printable import printable
from ..view import View

UNKNOWN = "·"
"""Shown for a value not computed yet."""
CHANGED_STYLE = "reverse bold $bp-changed"
"""The value the last step wrote: reverse video shows even without colour."""


@dataclass(frozen=True)
class Cell:
    """One named value, or a note such as "… 120 more"."""

    name: str
    """Label, shown as plain text, made printable."""
    value: float | None = None
    """The number; None when not computed yet."""
    before: float | None = None
    """For parameter updates: the value before the update ("0.500 → 0.502")."""
    changed: bool = False
    """Written by the last step taken."""
    focused: bool = False
    """Belongs to the focused diagram node."""
    signed: bool = False
    """Coloured by sign (gradients)."""
    note: bool = False
    """A note, not a value: the name is the whole text."""


Section = list[Cell]
"""Cells that start on a fresh line."""


def value_text(cell: Cell, decimals: int) -> str:
    """The value column of a cell."""
    now = UNKNOWN if cell.value is None else format_number(cell.value, decimals)
    if cell.before is None:
        return now
    return f"{format_number(cell.before, decimals)} → {now}"


def value_style(cell: Cell) -> str:
    """The style of a cell's value."""
    if cell.value is None:
        return "$bp-unknown"
    if cell.changed:
        return CHANGED_STYLE
    if cell.signed and cell.value != 0:
        return "$bp-grad-positive" if cell.value > 0 else "$bp-grad-negative"
    return ""


_LINES: dict[tuple[object, ...], Content] = {}
"""Lines already built, by their cells and column widths: a step changes a value or two,
so most lines of a panel are the same as before and are not built again (and, being the
same objects, are not compared either)."""
_LINES_KEPT = 4096
"""Most lines remembered (the memo starts afresh past this)."""


def cell_piece(cell: Cell, name_width: int, value_width: int, decimals: int) -> Content:
    """One cell: its name, then its value right-aligned and styled."""
    name = printable(cell.name)
    if cell.note:
        return Content.styled(name.ljust(name_width + 1 + value_width), "italic $text-muted")
    name_style = "bold underline" if cell.focused else ""
    text = value_text(cell, decimals)
    now = len(text) if cell.before is None else len(text) - text.index("→") - 2
    pad = " " * (value_width - len(text))
    return Content.assemble((name.ljust(name_width), name_style), " ", pad,
                            text[:-now], (text[-now:], value_style(cell)))


def cells_line(row: tuple[Cell, ...], name_width: int, value_width: int, decimals: int) -> Content:
    """A line of cells, two spaces apart (remembered, see _LINES)."""
    key = (row, name_width, value_width, decimals)
    line = _LINES.get(key)
    if line is None:
        if len(_LINES) >= _LINES_KEPT:
            _LINES.clear()
        pieces = [cell_piece(cell, name_width, value_width, decimals) for cell in row]
        line = _LINES[key] = Content("  ").join(pieces)
    return line


def layout(sections: list[Section], width: int, decimals: int, name_floor: int = 1
           ) -> tuple[list[Content], int]:
    """Lay the sections out in as many columns as fit; returns the lines and the anchor line.

    Columns are at least `name_floor` wide for names and "0.000" wide for values, so they
    do not jump about as the values and the units on show change.
    """
    cells = [cell for section in sections for cell in section if not cell.note]
    name_width = max((len(printable(cell.name)) for cell in cells), default=name_floor)
    name_width = max(name_width, name_floor)
    value_width = max((len(value_text(cell, decimals)) for cell in cells), default=1)
    value_width = max(value_width, decimals + 2 + (decimals == 0))
    cell_width = name_width + 1 + value_width
    columns = max(1, (width + 2) // (cell_width + 2))
    if columns > 2:
        columns -= columns % 2  # even, so a unit's z and a (or w and b) stay side by side
    lines: list[Content] = []
    changed_line = focused_line = -1
    for section in sections:
        for start in range(0, len(section), columns):
            row = tuple(section[start:start + columns])
            if any(cell.changed for cell in row):
                changed_line = len(lines)
            if focused_line < 0 and any(cell.focused for cell in row):
                focused_line = len(lines)
            lines.append(cells_line(row, name_width, value_width, decimals))
    anchor = changed_line if changed_line >= 0 else max(focused_line, 0)
    return lines, anchor


def scroll_start(total: int, anchor: int, height: int, previous: int) -> int:
    """The first line to show: the previous one while the anchor stays clearly in view.

    Keeping the window still while the anchor moves inside it means a step repaints a
    couple of lines, not the whole panel; when the anchor leaves, it lands a third of
    the way down, since what comes next matters most.
    """
    if total <= height:
        return 0
    last = total - height
    if 0 <= previous <= last:
        top = previous + (1 if previous > 0 else 0)  # line 0 may be the "▲ more" note
        bottom = previous + height - (2 if previous < last else 1)
        if top <= anchor <= bottom:
            return previous
    return min(max(anchor - height // 3, 0), last)


def visible(lines: list[Content], start: int, height: int) -> list[Content]:
    """The `height` lines from `start`, the first and last saying what is cut off."""
    if height <= 0:
        return []
    if len(lines) <= height:
        return lines
    shown = lines[start:start + height]
    if height < 3:
        return shown
    if start > 0:
        shown[0] = Content.styled(f"▲ {start + 1} lines above", "italic $text-muted")
    below = len(lines) - (start + height)
    if below > 0:
        shown[-1] = Content.styled(f"▼ {below + 1} lines below", "italic $text-muted")
    return shown


def window(count: int, center: int, limit: int, keep: int) -> range:
    """Which of `count` items to show: all up to `limit`, else the page of `keep` holding `center`.

    Whole pages, not a window centred on `center`: stepping through a wide layer then moves
    the window once every `keep` units instead of repainting it on every step.
    """
    if count <= limit:
        return range(count)
    start = min(max(center // keep * keep, 0), count - keep)
    return range(start, start + keep)


def page_note(shown: range, count: int, noun: str) -> Cell | None:
    """For a collapsed block, a note saying which part is shown: "units 6–10 of 128"."""
    if len(shown) == count:
        return None
    return Cell(f"{noun} {shown.start + 1}–{shown.stop} of {count}", note=True)


class Sheet:
    """Collects a panel's cells and their slots, then fills every value in one look-up."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.sections: list[Section] = []
        self._slots: list[int] = []
        self._places: list[tuple[int, int]] = []

    def section(self) -> None:
        """Start a new section (a fresh line)."""
        self.sections.append([])

    def add(self, cell: Cell, slot: int | None = None) -> None:
        """Add a cell; with a slot, its value is looked up at the view's position."""
        if not self.sections:
            self.section()
        if slot is not None:
            self._slots.append(slot)
            self._places.append((len(self.sections) - 1, len(self.sections[-1])))
        self.sections[-1].append(cell)

    def finish(self) -> list[Section]:
        """The sections with the looked-up values and the last step's value marked."""
        current = self.view.current
        written = current.slot if current is not None else -1
        values = self.view.state.values(np.asarray(self._slots, dtype=np.int64))
        for (i, j), slot, value in zip(self._places, self._slots, values.tolist(), strict=True):
            cell = self.sections[i][j]  # built directly: dataclasses.replace is slow here
            self.sections[i][j] = Cell(cell.name, None if value != value else value, cell.before,
                                       slot == written, cell.focused, cell.signed, cell.note)
        return [section for section in self.sections if section]
