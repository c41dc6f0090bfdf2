"""Drawing on a character grid: edge paths between diagram columns and the `Canvas`
that holds characters with style keys. Pure: no Textual, no Rich."""

from __future__ import annotations

from ..printable import printable


# Edge paths ------------------------------------------------------------------------------


def edge_cells(x0: int, y0: int, x1: int, y1: int, start: int) -> tuple[tuple[int, int, str], ...]:
    """A path from (x0, y0) to (x1, y1): along row y0, a 45° run of ╲ or ╱ from column
    `start`, then along row y1 (box characters cannot draw other slopes cleanly)."""
    depth = abs(y1 - y0)
    if depth > x1 - x0 + 1:
        return _elbow(x0, y0, x1, y1, min(max(start, x0), x1))
    start = min(max(start, x0), x1 - depth + 1)
    cells: list[tuple[int, int, str]] = []
    for x in range(x0, start):
        cells.append((x, y0, "─"))
    step = 1 if y1 > y0 else -1
    for i in range(depth):  # ╲ on rows y0..y1-1 going down, ╱ on rows y0..y1+1 going up
        cells.append((start + i, y0 + step * i, "╲" if step > 0 else "╱"))
    for x in range(start + depth, x1 + 1):
        cells.append((x, y1, "─"))
    return tuple(cells)


def _elbow(x0: int, y0: int, x1: int, y1: int, turn: int) -> tuple[tuple[int, int, str], ...]:
    """A path too steep for 45°: along row y0, down or up column `turn`, along row y1."""
    down = y1 > y0
    cells = [(x, y0, "─") for x in range(x0, turn)]
    cells.append((turn, y0, "╮" if down else "╯"))
    step = 1 if down else -1
    cells += [(turn, y, "│") for y in range(y0 + step, y1, step)]
    cells.append((turn, y1, "╰" if down else "╭"))
    cells += [(x, y1, "─") for x in range(turn + 1, x1 + 1)]
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
