"""Drawing on a character grid: edge paths between diagram columns and the `Canvas`
that holds characters with style keys. Pure: no Textual, no Rich."""

from __future__ import annotations

from ..printable import printable


# Edge paths ------------------------------------------------------------------------------


def edge_cells(x0: int, y0: int, x1: int, y1: int, start: int,
               clip: tuple[int, int] | None = None) -> tuple[tuple[int, int, str], ...]:
    """A path from (x0, y0) to (x1, y1): along row y0, a 45° run of ╲ or ╱ from column
    `start`, then along row y1 (box characters cannot draw other slopes cleanly).

    With `clip` (width, height), only the cells inside that window: an edge of a graph
    thousands of columns wide would otherwise cost a cell per column it crosses, on every
    repaint, however little of it shows."""
    cols = range(0, clip[0]) if clip else range(min(x0, x1), max(x0, x1) + 1)
    rows = range(0, clip[1]) if clip else range(min(y0, y1), max(y0, y1) + 1)
    depth = abs(y1 - y0)
    if depth > x1 - x0 + 1:
        return _elbow(x0, y0, x1, y1, min(max(start, x0), x1), cols, rows)
    start = min(max(start, x0), x1 - depth + 1)
    cells: list[tuple[int, int, str]] = []
    if y0 in rows:
        cells += [(x, y0, "─") for x in _within(range(x0, start), cols)]
    step = 1 if y1 > y0 else -1
    glyph = "╲" if step > 0 else "╱"
    # ╲ on rows y0..y1-1 going down, ╱ on rows y0..y1+1 going up: cell i is (start+i, y0+step·i)
    for i in _within(range(depth), range(cols.start - start, cols.stop - start)):
        if y0 + step * i in rows:
            cells.append((start + i, y0 + step * i, glyph))
    if y1 in rows:
        cells += [(x, y1, "─") for x in _within(range(start + depth, x1 + 1), cols)]
    return tuple(cells)


def _within(wanted: range, window: range) -> range:
    """The part of an ascending range (step 1) inside the window."""
    return range(max(wanted.start, window.start), min(wanted.stop, window.stop))


def _elbow(x0: int, y0: int, x1: int, y1: int, turn: int, cols: range,
           rows: range) -> tuple[tuple[int, int, str], ...]:
    """A path too steep for 45°: along row y0, down or up column `turn`, along row y1."""
    down = y1 > y0
    cells: list[tuple[int, int, str]] = []
    if y0 in rows:
        cells += [(x, y0, "─") for x in _within(range(x0, turn), cols)]
        if turn in cols:
            cells.append((turn, y0, "╮" if down else "╯"))
    if turn in cols:
        low, high = (y0 + 1, y1) if down else (y1 + 1, y0)
        run = [(turn, y, "│") for y in _within(range(low, high), rows)]
        cells += run if down else run[::-1]
    if y1 in rows:
        if turn in cols:
            cells.append((turn, y1, "╰" if down else "╭"))
        cells += [(x, y1, "─") for x in _within(range(turn + 1, x1 + 1), cols)]
    return tuple(cells)


# Painting -----------------------------------------------------------------------------------

CROSS = {frozenset("╲╱"): "╳", frozenset("─│"): "┼"}
"""How two edge characters in one cell combine."""


class Canvas:
    """A grid of characters, each with a style key; writes outside the grid are clipped."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.chars = [[" "] * width for _ in range(height)]
        self.styles: list[list[str]] = [[""] * width for _ in range(height)]

    def put(self, x: int, y: int, text: str, style: str = "", limit: int | None = None) -> int:
        """Write text from (x, y), at most `limit` cells; returns the cells written.

        Text is made printable first: every label of the figure passes here, and a control
        character in a cell would act on the terminal (and take no cell of its own)."""
        if not 0 <= y < self.height:
            return 0
        text = printable(text)
        if limit is not None:
            text = text[:max(limit, 0)]
        row, styles = self.chars[y], self.styles[y]
        for i, ch in enumerate(text):
            if 0 <= x + i < self.width:
                row[x + i] = ch
                styles[x + i] = style
        return len(text)

    def line(self, cells: tuple[tuple[int, int, str], ...], style: str) -> None:
        """Draw an edge's cells; crossing diagonals become ╳."""
        for x, y, ch in cells:
            if 0 <= x < self.width and 0 <= y < self.height:
                old = self.chars[y][x]
                self.chars[y][x] = CROSS.get(frozenset((old, ch)), ch)
                self.styles[y][x] = style

    def runs(self, y: int) -> list[tuple[str, str]]:
        """Row y as (text, style key) runs."""
        chars, styles = self.chars[y], self.styles[y]
        out: list[tuple[str, str]] = []
        start = 0
        for x in range(1, len(styles) + 1):
            if x == len(styles) or styles[x] != styles[start]:
                out.append(("".join(chars[start:x]), styles[start]))
                start = x
        return out

    def row_key(self, y: int) -> tuple[str, tuple[str, ...]]:
        """What row y looks like (its characters and style keys), to reuse its rendering."""
        return "".join(self.chars[y]), tuple(self.styles[y])

    def text(self) -> str:
        """The grid as plain text, trailing spaces cut."""
        return "\n".join("".join(row).rstrip() for row in self.chars)
