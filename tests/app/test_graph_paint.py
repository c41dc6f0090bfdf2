"""The graph drawing as text (pure: graph_layout and graph_paint, no Textual): where each node
goes, what a node shows, the highlighted step, the window of a graph larger than the room and
what it says is off-screen, determinism, and a 64,000-node graph painting only its window."""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path

import pytest

import tui_backprop as tb
from tui_backprop.app import graph_paint
from tui_backprop.app.graph_layout import graph_layout
from tui_backprop.app.graph_paint import NAME_MAX, GraphMarks, graph_window, paint_graph
from tui_backprop.core.graph.config import parse_graph
from tui_backprop.core.graph.spec import GraphNode, GraphSpec

EXAMPLES = Path(tb.__file__).parent / "core" / "examples"


def marks_at(trace, taken: int, **extra) -> GraphMarks:
    """What the app shows after `taken` steps, with the current step's node active."""
    state = trace.state(taken)
    values, grads = state.node_values().tolist(), state.node_grads().tolist()
    names = [node.name for node in trace.spec.nodes]
    return GraphMarks(value=lambda i: None if math.isnan(values[i]) else values[i],
                      grad=lambda i: None if math.isnan(grads[i]) else grads[i],
                      label=names.__getitem__, **extra)


def text(canvas) -> str:
    return "\n".join("".join(row).rstrip() for row in canvas.chars)


def index(spec: GraphSpec, name: str) -> int:
    return next(i for i, node in enumerate(spec.nodes) if node.name == name)


# After step 7 of micrograd's lecture, dL/de = dL/dd · ∂d/∂e: e is active, the edge e -> d is
# heavy, e's and d's gradients are known, a's and b's not yet.
MICROGRAD_AT_7 = """\
  a         ─╮  c         ╮   f         ──› L
  = 2.000    │  = 10.000  │   = -2.000   │  = -8.000
  ∂ ·        │  ∂ ·       │   ∂ 4.000    │  ∂ 1.000
             │            │              │
  b         ──›▸e         ━━▸ d         ─╯
  = -3.000      = -6.000      = 4.000
  ∂ ·           ∂ -2.000      ∂ -2.000
"""

# The same at 30x8: the whole columns around e, and what is off-screen on the bottom line.
MICROGRAD_AT_7_NARROW = """\
  c         ╮   f         ──›
  = 10.000  │   = -2.000   │
  ∂ ·       │   ∂ 4.000    │
            │              │
›▸e         ━━▸ d         ─╯
  = -6.000      = 4.000
  ∂ -2.000      ∂ -2.000
       ◂ 1 column  1 column ▸"""


def micrograd_marks():
    trace = tb.build_trace(tb.example("micrograd-lecture"))
    spec = trace.spec
    e, d = index(spec, "e"), index(spec, "d")
    return trace, spec, marks_at(trace, 7, active=e, active_edge=(e, d), focus=e, changed=e,
                                 changed_grad=True)


def test_micrograd_lecture_drawn_whole() -> None:
    trace, spec, marks = micrograd_marks()
    canvas = paint_graph(spec, graph_layout(spec), marks, 60, 8)
    assert text(canvas) == MICROGRAD_AT_7.rstrip("\n") + "\n"
    e = index(spec, "e")
    y, x = 4, text(canvas).splitlines()[4].index("e")
    assert canvas.styles[y][x] == "name-active"  # the active node is marked by style too
    assert canvas.styles[y + 2][x + 2] == "changed"  # and the gradient the step wrote
    assert "edge-active" in canvas.styles[y]
    assert e in graph_layout(spec).columns[1]


def test_micrograd_lecture_in_a_narrow_window_follows_the_step() -> None:
    trace, spec, marks = micrograd_marks()
    assert text(paint_graph(spec, graph_layout(spec), marks, 30, 8)) == MICROGRAD_AT_7_NARROW


def test_leaves_sit_beside_their_first_consumer_and_constants_are_labels() -> None:
    spec = tb.example("micrograd-lecture")
    layout = graph_layout(spec)
    column = {spec.nodes[i].name: c for i, (c, _) in layout.place.items()}
    assert column == {"a": 0, "b": 0, "e": 1, "c": 1, "d": 2, "f": 2, "L": 3}
    neuron = tb.example("cs231n-neuron")
    layout = graph_layout(neuron)
    assert all(neuron.nodes[i].op != "const" for column in layout.columns for i in column)
    den, f = index(neuron, "den"), index(neuron, "f")
    assert [neuron.nodes[j].value for j in layout.constants[den]] == [1.0]
    assert [neuron.nodes[j].value for j in layout.constants[f]] == [1.0]
    trace = tb.build_trace(neuron)
    canvas = paint_graph(neuron, layout, marks_at(trace, 0), 200, 30)
    assert "den (1)" in text(canvas) and "f (1)" in text(canvas)


@pytest.mark.parametrize("name", ["micrograd-lecture", "tanh-neuron", "cs231n-circuit",
                                  "cs231n-neuron", "colah"])
def test_every_example_shows_whole_at_120x40(name: str) -> None:
    """The diagram's room at 120x40 with the panels beside it is about 76x22 (or the
    whole width when that is what it takes): every built-in graph fits one of them whole."""
    trace = tb.build_trace(tb.example(name))
    spec, layout = trace.spec, graph_layout(trace.spec)
    marks = marks_at(trace, len(trace))
    canvas = text(paint_graph(spec, layout, marks, 116, 22))
    for column in layout.columns:
        for i in column:
            shown = spec.nodes[i].name  # a long name is cut short: x1*w1 + x2*…
            shown = shown if len(shown) <= NAME_MAX else shown[:NAME_MAX - 1] + "…"
            assert shown in canvas, (name, shown)
    assert "column" not in canvas and "above" not in canvas and "below" not in canvas


def test_same_graph_same_drawing() -> None:
    """Parsed twice (new objects, new ids), a graph is laid out and painted identically."""
    data = tomllib.loads((EXAMPLES / "cs231n-neuron.toml").read_text(encoding="utf-8"))
    first, second = parse_graph(data, "one.toml"), parse_graph(data, "two.toml")
    assert first is not second and first.nodes == second.nodes
    a, b = graph_layout(first), graph_layout(second)
    assert a == b
    ta, tb_ = tb.build_trace(first), tb.build_trace(second)
    assert text(paint_graph(first, a, marks_at(ta, 9), 80, 20)) == \
        text(paint_graph(second, b, marks_at(tb_, 9), 80, 20))


def test_a_window_shows_only_whole_columns_and_rows() -> None:
    xs, widths = [2, 15, 28, 41], [8, 8, 8, 8]
    window = graph_window(xs, widths, (3, 2, 1, 1), (2, 0), 30, 30)
    assert (window.first, window.last) == (2, 3)  # the centre, then the next one to its right
    assert window.ox == xs[2] - 2 and window.clipped
    left = graph_window(xs, widths, (3, 2, 1, 1), (3, 0), 30, 30)
    assert (left.first, left.last) == (2, 3)  # nothing right of the last: one to its left
    whole = graph_window(xs, widths, (3, 2, 1, 1), (2, 0), 60, 30)
    assert (whole.first, whole.last, whole.top, whole.rows, whole.clipped) == (0, 3, 0, 3, False)
    low = graph_window(xs, widths, (5, 1, 1, 1), (0, 4), 60, 9)
    # 9 rows, one for the note: two blocks of 4, around row 4 at the bottom.
    assert (low.top, low.rows, low.oy, low.clipped) == (3, 2, 12, True)


def chain(length: int) -> GraphSpec:
    """x * p0 * p1 * ...: `length` operations and as many parameters (2 * length + 1 nodes)."""
    nodes = [GraphNode("x", "input", (), 1.0)]
    previous = 0
    for k in range(length):
        nodes.append(GraphNode(f"p{k}", "parameter", (), 1.0))
        nodes.append(GraphNode(f"n{k}", "*", (previous, len(nodes) - 1)))
        previous = len(nodes) - 1
    return GraphSpec(tuple(nodes), previous)


def test_a_64000_node_graph_paints_only_its_window(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = chain(32_000)
    assert len(spec.nodes) > 64_000
    layout = graph_layout(spec)
    assert graph_layout(spec) is layout  # remembered, not laid out again per key
    painted: list[int] = []
    node = graph_paint._node
    monkeypatch.setattr(graph_paint, "_node", lambda canvas, spec, layout, marks, i, *rest:
                        (painted.append(i), node(canvas, spec, layout, marks, i, *rest)))
    middle = index(spec, "n16000")
    marks = GraphMarks(value=lambda i: None, grad=lambda i: None,
                       label=lambda i: spec.nodes[i].name, active=middle)
    canvas = text(paint_graph(spec, layout, marks, 76, 18))
    assert 0 < len(painted) <= 16  # a handful of whole columns of two nodes, not 64,000
    assert middle in painted and "n16000" in canvas  # the window follows the step
    assert "◂ " in canvas and " columns ▸" in canvas
    note = re.fullmatch(r"\s*◂ (\d+) columns  (\d+) columns ▸", canvas.splitlines()[-1])
    assert note, canvas.splitlines()[-1]
    shown = {layout.place[i][0] for i in painted}
    assert int(note[1]) == min(shown) and int(note[2]) == len(layout.columns) - 1 - max(shown)
