"""Painting a computation graph on a character grid: boxes of name, value and gradient in
the columns of `graph_layout`, box-drawing edges between them, the current step's node and
edge highlighted, and, when the graph is larger than the room, the window around the node
in view with what is off-screen said at its borders. Pure: no Textual.

Style keys are the network diagram's (`diagram_paint.STYLES`), so both diagrams look alike
in every theme, monochrome included (reverse, bold, underline and glyphs carry the states).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..core.graph.spec import GraphSpec
from ..core.steps import format_number
from .diagram_canvas import Canvas, edge_cells
from .graph_layout import GraphLayout
from .graph_widths import NAME_MAX, constants_lengths, measure_columns
GAP = 5
"""Columns between two node columns, where the edges run."""
BLOCK = 4
"""Rows a node takes: name, value, gradient, and a blank row."""
HEAVY = dict(zip("─│╮╯╰╭╲╱", "━┃┓┛┗┏╲╱", strict=True))
"""Heavy lines for the active edge: visible in monochrome."""
OPS = {"neg": "-", "**": "^"}
"""Op symbols shown beside a long name where they differ from the op's JSON name."""


@dataclass(frozen=True)
class GraphMarks:
    """What the picture highlights, and what it knows at the cursor."""

    value: Callable[[int], float | None]
    """A node's value at the cursor, or None before its step."""
    grad: Callable[[int], float | None]
    """A node's gradient at the cursor, or None before its first contribution."""
    label: Callable[[int], str]
    """A node's name as shown (printable text)."""
    active: int | None = None
    """The node the current step writes."""
    active_edge: tuple[int, int] | None = None
    """(operand, node) the current backward step runs along."""
    focus: int | None = None
    """The focused node."""
    breakpoints: frozenset[int] = frozenset()
    """Nodes with a breakpoint."""
    changed: int | None = None
    """The node whose value or gradient the last step wrote (bold, reversed)."""
    changed_grad: bool = False
    """Whether what the last step wrote is the gradient (else the value)."""
    decimals: int = 3
    numbers: tuple[int, ...] = ()
    """Per column, the widest number any of its nodes shows in the whole trace (so columns
    hold still while stepping); empty: as wide as "-12.345"."""
    widths: tuple[int, ...] = ()
    """Per column, its width as `column_widths` gives it, when the caller keeps them (a
    large graph's columns are measured once, not at every paint); empty: measured here."""


def _name(marks: GraphMarks, spec: GraphSpec, i: int) -> str:
    text = marks.label(i)
    if len(text) <= NAME_MAX:
        return text
    return text[:NAME_MAX - 1] + "…"


def column_widths(spec: GraphSpec, layout: GraphLayout, marks: GraphMarks) -> tuple[int, ...]:
    """Width of every column: its widest name (with constants) or number ("∂ -0.197"). It
    reads every node's label, so a caller that paints a large graph often keeps the result
    (`marks.widths`), or measures it faster from the names (`graph_widths`)."""
    if len(marks.widths) == len(layout.columns):
        return marks.widths
    labels = np.zeros(len(layout.column_of), dtype=np.int64)
    labels[layout.order] = [len(_name(marks, spec, i)) for i in layout.order.tolist()]
    return measure_columns(layout, labels, constants_lengths(spec, layout), marks.numbers, marks.decimals)


def _consts(spec: GraphSpec, layout: GraphLayout, i: int, decimals: int) -> str:
    """The constants node `i` uses, small, e.g. "(10, -2)"."""
    values = [spec.nodes[j].value for j in layout.constants.get(i, ())]
    if not values:
        return ""
    return "(" + ", ".join(format(float(v), "g") for v in values if v is not None) + ")"


def graph_extent(spec: GraphSpec, layout: GraphLayout, marks: GraphMarks) -> tuple[list[int], int, int]:
    """Left edge of every column, and the whole picture's width and height."""
    return _extent(layout, column_widths(spec, layout, marks))


def _extent(layout: GraphLayout, widths: tuple[int, ...]) -> tuple[list[int], int, int]:
    xs: list[int] = []
    x = 2
    for w in widths:
        xs.append(x)
        x += w + GAP
    height = max(layout.sizes, default=0) * BLOCK - 1  # the last block's blank row is not drawn
    return xs, x - GAP, max(height, 0)


@dataclass(frozen=True)
class Window:
    """The part of the picture a canvas shows: whole columns and whole rows of nodes."""

    first: int
    """First column shown."""
    last: int
    """Last column shown (inclusive)."""
    top: int
    """First row of nodes shown."""
    rows: int
    """Rows of nodes shown."""
    ox: int
    """Picture x at the canvas's left edge."""
    oy: int
    """Picture y at the canvas's top edge."""
    clipped: bool
    """Whether anything lies outside (the bottom line then says what)."""


def graph_window(xs: list[int], widths: Sequence[int], sizes: tuple[int, ...], centre: tuple[int, int],
                 width: int, height: int) -> Window:
    """The whole columns and rows around `centre` (column, row) that fit in the canvas: all of
    them when the picture fits, else as many as fit, growing right then left of the centre
    (what comes next first), the bottom line kept for the note of what is off-screen."""
    columns, tallest = len(xs), max(sizes, default=0)
    cx, cy = min(max(centre[0], 0), columns - 1), centre[1]
    full_w = xs[-1] + widths[-1] + 1
    if full_w <= width and tallest * BLOCK - 1 <= height:
        return Window(0, columns - 1, 0, tallest, 0, 0, False)
    first = last = cx

    def span(lo: int, hi: int) -> int:
        return xs[hi] + widths[hi] + 1 - (xs[lo] - 2)

    grew = True
    while grew:
        grew = False
        if last + 1 < columns and span(first, last + 1) <= width:
            last, grew = last + 1, True
        if first > 0 and span(first - 1, last) <= width:
            first, grew = first - 1, True
    clipped = first > 0 or last < columns - 1
    room = height - 1 if clipped or tallest * BLOCK - 1 > height else height
    rows = max((room + 1) // BLOCK, 1)
    top = min(max(cy - rows // 2, 0), max(tallest - rows, 0))
    clipped = clipped or top > 0 or top + rows < tallest
    ox = 0 if first == 0 else xs[first] - 2
    return Window(first, last, top, rows, ox, top * BLOCK, clipped)


def paint_graph(spec: GraphSpec, layout: GraphLayout, marks: GraphMarks,
                width: int, height: int) -> Canvas:
    """The graph at the cursor in a `width` x `height` canvas, windowed around the active
    (else focused) node when it does not fit. Only the nodes in the window, and the edges
    at them, are looked at (a 64,000-node graph paints as fast as a small one)."""
    canvas = Canvas(width, height)
    if not layout.columns or width <= 0 or height <= 0:
        return canvas
    widths = column_widths(spec, layout, marks)
    xs, _, _ = _extent(layout, widths)
    centre = marks.active if marks.active is not None else marks.focus
    place = layout.place.get(centre, (0, 0)) if centre is not None else (0, 0)
    window = graph_window(xs, widths, layout.sizes, place, width, height)
    shown = sorted(i for c in range(window.first, window.last + 1)
                   for i in layout.columns[c][window.top:window.top + window.rows])
    found = np.array(layout.edges_at(shown), dtype=np.int64)
    sources, targets = layout.edge_src[found], layout.edge_dst[found]
    edges = list(zip(sources.tolist(), targets.tolist()))
    # The places of every node looked at, found at once in the layout's arrays.
    ends = np.concatenate([np.asarray(shown, dtype=np.int64), sources, targets])
    places = dict(zip(ends.tolist(), zip(layout.column_of[ends].tolist(), layout.row_of[ends].tolist())))
    # The active edge last, so the lines it shares with others show it.
    for j, i in sorted(edges, key=lambda edge: edge == marks.active_edge):
        _edge(canvas, places, xs, widths, spec, marks, j, i, window.ox, window.oy)
    for i in shown:
        c, r = places[i]
        _node(canvas, spec, layout, marks, i, xs[c] - window.ox, r * BLOCK - window.oy, widths[c])
    if window.clipped:
        _borders(canvas, layout, window, width, height)
    return canvas


def _edge(canvas: Canvas, places: dict[int, tuple[int, int]], xs: list[int], widths: tuple[int, ...],
          spec: GraphSpec, marks: GraphMarks, j: int, i: int, ox: int, oy: int) -> None:
    (cj, rj), (ci, ri) = places[j], places[i]
    x0 = xs[cj] + widths[cj] + 1 - ox
    x1 = xs[ci] - 3 - ox  # then the arrow head, then the node's glyph column
    y0, y1 = rj * BLOCK - oy, ri * BLOCK - oy
    active = marks.active_edge == (j, i)
    style = "edge-active" if active else ("edge-focus" if marks.focus in (i, j) else "edge")
    # Edges into one node turn in different columns (first operand nearest), so two
    # vertical runs side by side do not read as one line.
    operand = spec.nodes[i].inputs.index(j) if j in spec.nodes[i].inputs else 0
    cells = edge_cells(x0, y0, x1, y1, max(x1 - operand, x0), clip=(canvas.width, canvas.height))
    if active:
        cells = tuple((x, y, HEAVY.get(ch, ch)) for x, y, ch in cells)
    canvas.line(cells, style)
    canvas.put(x1 + 1, y1, "▸" if active else "›", style)


def _node(canvas: Canvas, spec: GraphSpec, layout: GraphLayout, marks: GraphMarks, i: int,
          x: int, y: int, width: int) -> None:
    node = spec.nodes[i]
    name = _name(marks, spec, i)
    if i in marks.breakpoints:
        canvas.put(x - 1, y, "●", "breakpoint")
    elif i == marks.focus:
        canvas.put(x - 1, y, "▸", "focus")
    kind = "name-active" if i == marks.active else ("name-focus" if i == marks.focus else "name")
    put = canvas.put(x, y, name, kind, limit=width)
    consts = _consts(spec, layout, i, marks.decimals)
    if consts:
        canvas.put(x + put + 1, y, consts, "label", limit=width - put - 1)
    value = marks.value(i)
    changed = marks.changed == i
    text = "·" if value is None else format_number(value, marks.decimals)
    style = "unknown" if value is None else ("changed" if changed and not marks.changed_grad else "value")
    canvas.put(x, y + 1, "=", "label")
    canvas.put(x + 2, y + 1, text, style, limit=width - 2)
    if node.op == "const":
        return
    grad = marks.grad(i)
    canvas.put(x, y + 2, "∂", "label")
    if grad is None:
        canvas.put(x + 2, y + 2, "·", "unknown")
        return
    sign = "negative" if grad < 0 else "positive"
    canvas.put(x + 2, y + 2, format_number(grad, marks.decimals),
               "changed" if changed and marks.changed_grad else sign, limit=width - 2)


def _borders(canvas: Canvas, layout: GraphLayout, window: Window, width: int, height: int) -> None:
    """Say what lies beyond the window, on the bottom line: columns left and right, nodes of
    the columns on show above and below."""
    left, right = window.first, len(layout.columns) - 1 - window.last
    above = sum(min(window.top, len(layout.columns[c])) for c in range(window.first, window.last + 1))
    below = sum(max(len(layout.columns[c]) - window.top - window.rows, 0)
                for c in range(window.first, window.last + 1))
    notes = []
    if left:
        notes.append(f"◂ {left} column{'s' * (left != 1)}")
    if above:
        notes.append(f"▴ {above} node{'s' * (above != 1)} above")
    if below:
        notes.append(f"▾ {below} node{'s' * (below != 1)} below")
    if right:
        notes.append(f"{right} column{'s' * (right != 1)} ▸")
    if notes:
        text = " " + "  ".join(notes) + " "
        canvas.put(max(width - len(text), 0), height - 1, text, "more")
