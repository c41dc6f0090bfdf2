"""A large graph is painted by looking at the window only: the painter asks for the name,
value and gradient of the nodes it shows, not of the whole graph (behaviour, not time)."""

from __future__ import annotations

from dataclasses import replace

import tui_backprop as tb
from tui_backprop.app.graph_paint import BLOCK, paint_graph
from tui_backprop.app.graph_picture import graph_marks
from tui_backprop.app.trace_kinds import layout_of
from tui_backprop.app.view import View


def _big_trace():
    """A sum of 400 products: columns hundreds of nodes tall, a chain hundreds long."""
    xs = [tb.Value(float(k % 7) - 3.0, label=f"x{k}") for k in range(400)]
    ws = [tb.Value(0.5 + k % 3, label=f"w{k}") for k in range(400)]
    total = tb.Value(0.0, label="zero")
    for x, w in zip(xs, ws):
        total = total + x * w
    return tb.graph_trace(total)


def _recording(marks, asked: set[int]):
    def record(fn):
        def wrapped(i: int):
            asked.add(i)
            return fn(i)
        return wrapped
    return replace(marks, value=record(marks.value), grad=record(marks.grad), label=record(marks.label))


def test_painting_asks_only_for_the_nodes_in_the_window() -> None:
    trace = _big_trace()
    layout = layout_of(trace)
    n = len(trace.spec.nodes)
    width, height = 60, 16
    for taken in (1, len(trace) // 2, len(trace)):
        view = View(trace, taken)
        asked: set[int] = set()
        marks = _recording(graph_marks(view), asked)
        canvas = paint_graph(trace.spec, layout, marks, width, height)
        assert canvas.text().strip()  # something was drawn
        # A window of 60x16 holds a handful of columns of height // BLOCK + 2 rows each.
        assert 0 < len(asked) <= 12 * (height // BLOCK + 2) < n // 10
        centre = marks.active
        rows = {layout.place[i][1] for i in asked}
        assert max(rows) - min(rows) <= height // BLOCK + 2  # one window's rows, not the graph's
        assert centre in asked
