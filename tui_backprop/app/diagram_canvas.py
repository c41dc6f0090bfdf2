"""Drawing on a character grid: edge paths between diagram columns and the `Canvas`
that holds characters with style keys. Pure: no Textual, no Rich."""

from __future__ import annotations

from ..printable import printable


# Edge paths ------------------------------------------------------------------------------


def edge_cells(x0: int, y0: int, x1: int, y1: int, start: int,
               clip: tuple[int, int] | None = None) -> tuple[tuple[int, int, str], ...]:
    """A path from (x0, y0) to (x1, y1): along row y0, a 45° run of ╲ or ╱ from column
    `start`, then along row y1 (box characters cannot draw other slopes cleanly).

    With `clip` (width, height), only the cells inside that canvas are made: a path across
    a large graph's window then costs what it shows, not its whole length."""
    xs, ys = (range(clip[0]), range(clip[1])) if clip is not None else (None, None)
    depth = abs(y1 - y0)
    if depth > x1 - x0 + 1:
        return _elbow(x0, y0, x1, y1, min(max(start, x0), x1), xs, ys)
    start = min(max(start, x0), x1 - depth + 1)
    cells: list[tuple[int, int, str]] = []
    cells += [(x, y0, "─") for x in _within(range(x0, start), xs) if _inside(y0, ys)]
    step = 1 if y1 > y0 else -1
    glyph = "╲" if step > 0 else "╱"  # ╲ on rows y0..y1-1 going down, ╱ on rows y0..y1+1 going up
    for i in _within(range(depth), xs and range(xs.start - start, xs.stop - start)):
        if _inside(y0 + step * i, ys):
            cells.append((start + i, y0 + step * i, glyph))
    cells += [(x, y1, "─") for x in _within(range(start + depth, x1 + 1), xs) if _inside(y1, ys)]
    return tuple(cells)


def _within(wanted: range, room: range | None) -> range:
    """The part of `wanted` (step 1 or -1) inside `room` (all of it without a room)."""
    if room is None:
        return wanted
    if wanted.step > 0:
        return range(max(wanted.start, room.start), min(wanted.stop, room.stop))
    return range(min(wanted.start, room.stop - 1), max(wanted.stop, room.start - 1), -1)


def _inside(y: int, room: range | None) -> bool:
    return room is None or y in room


def _elbow(x0: int, y0: int, x1: int, y1: int, turn: int, xs: range | None = None,
           ys: range | None = None) -> tuple[tuple[int, int, str], ...]:
    """A path too steep for 45°: along row y0, down or up column `turn`, along row y1
    (only the cells inside xs x ys, when given)."""
    down = y1 > y0
    cells = [(x, y0, "─") for x in _within(range(x0, turn), xs) if _inside(y0, ys)]
    column = xs is None or turn in xs
    if column and _inside(y0, ys):
        cells.append((turn, y0, "╮" if down else "╯"))
    step = 1 if down else -1
    if column:
        cells += [(turn, y, "│") for y in _within(range(y0 + step, y1, step), ys)]
    if column and _inside(y1, ys):
        cells.append((turn, y1, "╰" if down else "╭"))
    cells += [(x, y1, "─") for x in _within(range(turn + 1, x1 + 1), xs) if _inside(y1, ys)]
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
