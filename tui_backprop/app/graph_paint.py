"""Painting a computation graph on a character grid: boxes of name, value and gradient in
the columns of `graph_layout`, box-drawing edges between them, the current step's node and
edge highlighted, and, when the graph is larger than the room, the window around the node
in view with what is off-screen said at its borders. Pure: no Textual.

Style keys are the network diagram's (`diagram_paint.STYLES`), so both diagrams look alike
in every theme, monochrome included (reverse, bold, underline and glyphs carry the states).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.graph.spec import GraphSpec
from ..core.steps import format_number
from .diagram_canvas import Canvas, edge_cells
from .graph_layout import GraphLayout

NAME_MAX = 12
"""Widest a node's name is drawn; longer names end in an ellipsis."""
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


def _name(marks: GraphMarks, spec: GraphSpec, i: int) -> str:
    text = marks.label(i)
    if len(text) <= NAME_MAX:
        return text
    return text[:NAME_MAX - 1] + "…"


def _width(spec: GraphSpec, layout: GraphLayout, marks: GraphMarks, c: int) -> int:
    number = marks.numbers[c] if c < len(marks.numbers) else marks.decimals + 4
    value = number + 2  # "∂ -0.197"
    names = (len(_name(marks, spec, i)) + 2 + len(_consts(spec, layout, i, marks.decimals))
             for i in layout.columns[c])
    return max(value, *names)


def _consts(spec: GraphSpec, layout: GraphLayout, i: int, decimals: int) -> str:
    """The constants node `i` uses, small, e.g. "(10, -2)"."""
    values = [spec.nodes[j].value for j in layout.constants.get(i, ())]
    if not values:
        return ""
    return "(" + ", ".join(format(float(v), "g") for v in values if v is not None) + ")"


def graph_extent(spec: GraphSpec, layout: GraphLayout, marks: GraphMarks) -> tuple[list[int], int, int]:
    """Left edge of every column, and the whole picture's width and height."""
    xs: list[int] = []
    x = 2
    for c in range(len(layout.columns)):
        xs.append(x)
        x += _width(spec, layout, marks, c) + GAP
    height = max(layout.sizes, default=0) * BLOCK
    return xs, x - GAP, height


def paint_graph(spec: GraphSpec, layout: GraphLayout, marks: GraphMarks,
                width: int, height: int) -> Canvas:
    """The graph at the cursor in a `width` x `height` canvas, windowed around the active
    (else focused) node when it does not fit."""
    canvas = Canvas(width, height)
    if not layout.columns or width <= 0 or height <= 0:
        return canvas
    xs, full_w, full_h = graph_extent(spec, layout, marks)
    centre = marks.active if marks.active is not None else marks.focus
    cx, cy = layout.place.get(centre, (0, 0)) if centre is not None else (0, 0)
    ox = _offset(full_w + 1, width, xs[cx] + _width(spec, layout, marks, cx) // 2)
    oy = _offset(full_h, height, cy * BLOCK + 1)
    visible = [c for c in range(len(xs))
               if xs[c] - GAP < ox + width and xs[c] + _width(spec, layout, marks, c) + GAP > ox]
    shown = {i for c in visible for r, i in enumerate(layout.columns[c])
             if oy - BLOCK < r * BLOCK < oy + height + BLOCK}
    # The active edge last, so the lines it shares with others show it.
    for j, i in sorted(layout.edges, key=lambda edge: edge == marks.active_edge):
        if i in shown or j in shown:
            _edge(canvas, layout, xs, spec, marks, j, i, ox, oy)
    for i in sorted(shown):
        c, r = layout.place[i]
        _node(canvas, spec, layout, marks, i, xs[c] - ox, r * BLOCK - oy,
              _width(spec, layout, marks, c))
    _borders(canvas, layout, xs, ox, oy, full_w, full_h, width, height, marks, spec)
    return canvas


def _offset(full: int, room: int, centre: int) -> int:
    """Where a window of `room` starts so that `centre` is in it (0 when all fits)."""
    if full <= room:
        return 0
    return min(max(centre - room // 2, 0), full - room)


def _edge(canvas: Canvas, layout: GraphLayout, xs: list[int], spec: GraphSpec,
          marks: GraphMarks, j: int, i: int, ox: int, oy: int) -> None:
    (cj, rj), (ci, ri) = layout.place[j], layout.place[i]
    x0 = xs[cj] + _width(spec, layout, marks, cj) + 1 - ox
    x1 = xs[ci] - 3 - ox  # then the arrow head, then the node's glyph column
    y0, y1 = rj * BLOCK - oy, ri * BLOCK - oy
    active = marks.active_edge == (j, i)
    style = "edge-active" if active else ("edge-focus" if marks.focus in (i, j) else "edge")
    # Edges into one node turn in different columns (first operand nearest), so two
    # vertical runs side by side do not read as one line.
    operand = spec.nodes[i].inputs.index(j) if j in spec.nodes[i].inputs else 0
    cells = edge_cells(x0, y0, x1, y1, max(x1 - operand, x0), (canvas.width, canvas.height))
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


def _borders(canvas: Canvas, layout: GraphLayout, xs: list[int], ox: int, oy: int,
             full_w: int, full_h: int, width: int, height: int, marks: GraphMarks,
             spec: GraphSpec) -> None:
    """Say what lies beyond the window, on the side it lies."""
    left = sum(1 for c, x in enumerate(xs) if x + _width(spec, layout, marks, c) <= ox)
    right = sum(1 for x in xs if x >= ox + width)
    notes = []
    if left:
        notes.append(f"◂ {left} column{'s' * (left != 1)}")
    if right:
        notes.append(f"{right} column{'s' * (right != 1)} ▸")
    if oy > 0:
        above = oy // BLOCK + (oy % BLOCK > 0)
        notes.append(f"▴ {above} above")
    below = (full_h - oy - height) // BLOCK
    if below > 0:
        notes.append(f"▾ {below} below")
    if notes:
        text = " " + "  ".join(notes) + " "
        canvas.put(max(width - len(text), 0), height - 1, text, "more")
