"""A graph trace at the cursor as a picture: what `graph_paint` needs, read from the view.

Values and gradients are looked up for the whole graph in two vectorised calls
(`GraphState.node_values` / `node_grads`), so a step costs the same on a lecture graph and
on a 64,000-node one; only the visible window is painted.
"""

from __future__ import annotations

import math

import numpy as np

from ..core.steps import StepKind
from ..printable import printable
from .diagram_canvas import Canvas
from .graph_paint import GraphMarks, graph_extent, paint_graph
from .trace_kinds import layout_of, node_index
from .view import View


_WIDTHS: dict[tuple[int, int], tuple[object, tuple[int, ...]]] = {}
"""Column number widths by (id of trace, decimals); the trace is kept to check identity."""


def number_widths(trace, decimals: int) -> tuple[int, ...]:
    """Per diagram column, the widest value or gradient (fixed decimals) any node of it
    takes in any iteration: computed once per trace, with numpy."""
    key = (id(trace), decimals)
    known = _WIDTHS.get(key)
    if known is not None and known[0] is trace:
        return known[1]
    numbers = np.concatenate([np.stack([r.values, r.grads]) for r in trace.results])
    numbers = np.where(np.isfinite(numbers), numbers, 0.0)
    rounded = np.abs(np.round(numbers, decimals))
    digits = np.floor(np.log10(np.maximum(rounded, 1.0))).astype(int) + 1
    width = digits + (decimals > 0) + decimals + (np.round(numbers, decimals) < 0)
    per_node = width.max(axis=0)
    columns = layout_of(trace).columns
    widths = tuple(int(max((per_node[i] for i in column), default=1)) for column in columns)
    if len(_WIDTHS) > 8:
        _WIDTHS.clear()
    _WIDTHS[key] = (trace, widths)
    return widths


def graph_marks(view: View) -> GraphMarks:
    """The values, gradients and highlights of the graph at the view's position."""
    trace = view.trace
    spec = trace.spec
    state = view.state
    values = state.node_values().tolist()
    grads = state.node_grads().tolist()
    current = view.current
    active = edge = None
    changed_grad = False
    if current is not None:
        active = trace.node(current.index)
        changed_grad = current.kind in (StepKind.GRAD, StepKind.SEED)
        if current.kind == StepKind.GRAD:
            source = int(trace.table.source[current.index])
            edge = (active, source)
        elif current.kind == StepKind.OP:
            edge = None
    names = [printable(node.name) for node in spec.nodes]
    breakpoints = frozenset(n for n in (node_index(trace, place) for place in view.node_breakpoints)
                            if n is not None)
    return GraphMarks(
        value=lambda i: None if math.isnan(values[i]) else values[i],
        grad=lambda i: None if math.isnan(grads[i]) else grads[i],
        label=names.__getitem__,
        active=active, active_edge=edge, focus=node_index(trace, view.focus),
        breakpoints=breakpoints, changed=active, changed_grad=changed_grad,
        decimals=view.decimals, numbers=number_widths(trace, view.decimals))


def paint_graph_view(view: View, width: int, height: int) -> Canvas:
    """The graph at the view's position, in a canvas of the given size."""
    return paint_graph(view.trace.spec, layout_of(view.trace), graph_marks(view), width, height)


def graph_width(view: View) -> int:
    """Columns the whole drawing of the view's graph takes."""
    return graph_extent(view.trace.spec, layout_of(view.trace), graph_marks(view))[1] + 1
