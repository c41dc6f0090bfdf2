"""A graph trace at the cursor as a picture: what `graph_paint` needs, read from the view.

Only the window is painted, and only what it shows is looked up: a node's value and
gradient are found when the painter asks for them (a binary search each, remembered for
the paint), so a step costs the same on a lecture graph and on a 64,000-node one. What
needs every node (each column's width) is measured once per trace and number of decimals.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from ..core.steps import StepKind
from ..printable import printable
from .diagram_canvas import Canvas
from .graph_paint import GraphMarks, graph_extent, paint_graph
from .graph_widths import constants_lengths, measure_columns, per_column_max, spec_label_lengths
from .trace_kinds import layout_of, node_index
from .view import View

_WIDTHS: dict[tuple[int, int], tuple[object, tuple[int, ...]]] = {}
"""Column number widths by (id of trace, decimals); the trace is kept to check identity."""
_COLUMNS: dict[tuple[int, int], tuple[object, tuple[int, ...]]] = {}
"""Whole column widths, keyed and checked as _WIDTHS."""


def number_widths(trace, decimals: int) -> tuple[int, ...]:
    """Per diagram column, the widest value or gradient (fixed decimals) any node of it
    takes in any iteration: computed once per trace, with numpy."""
    key = (id(trace), decimals)
    known = _WIDTHS.get(key)
    if known is not None and known[0] is trace:
        return known[1]
    numbers = np.concatenate([np.stack([r.values, r.grads]) for r in trace.results])
    numbers = np.where(np.isfinite(numbers), numbers, 0.0)
    rounded = np.round(numbers, decimals)
    digits = np.floor(np.log10(np.maximum(np.abs(rounded), 1.0))).astype(int) + 1
    width = digits + (decimals > 0) + decimals + (rounded < 0)
    widths = tuple(per_column_max(layout_of(trace), width.max(axis=0), 1))
    if len(_WIDTHS) > 8:
        _WIDTHS.clear()
    _WIDTHS[key] = (trace, widths)
    return widths


def _looked_up(find: Callable[[int], float]) -> Callable[[int], float | None]:
    """`find` of a node, None for NaN (not yet known), each node found once."""
    known: dict[int, float | None] = {}

    def get(i: int) -> float | None:
        if i not in known:
            x = find(i)
            known[i] = None if math.isnan(x) else x
        return known[i]
    return get


def graph_marks(view: View) -> GraphMarks:
    """The values, gradients and highlights of the graph at the view's position."""
    trace = view.trace
    spec = trace.spec
    state = view.state
    it = state.iteration
    base, n = it * trace.slot_width, trace.plan.size
    leaves, given = trace.leaf_mask, trace.results[it].values
    # As GraphState.node_values / node_grads, one node at a time.
    value = _looked_up(lambda i: float(given[i]) if leaves[i] else float(state.values([base + i])[0]))
    grad = _looked_up(lambda i: float(state.values([base + n + i])[0]))
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
    nodes = spec.nodes
    breakpoints = frozenset(n for n in (node_index(trace, place) for place in view.node_breakpoints)
                            if n is not None)
    marks = GraphMarks(
        value=value, grad=grad, label=lambda i: printable(nodes[i].name),
        active=active, active_edge=edge, focus=node_index(trace, view.focus),
        breakpoints=breakpoints, changed=active, changed_grad=changed_grad,
        decimals=view.decimals, numbers=number_widths(trace, view.decimals))
    return replace(marks, widths=_column_widths(trace, marks))


def _column_widths(trace, marks: GraphMarks) -> tuple[int, ...]:
    """`graph_paint.column_widths` of `graph_marks`' marks, whose labels are the printable
    names: measured from the names at once, not label by label."""
    key = (id(trace), marks.decimals)
    known = _COLUMNS.get(key)
    if known is not None and known[0] is trace:
        return known[1]
    layout = layout_of(trace)
    widths = measure_columns(layout, spec_label_lengths(trace.spec), constants_lengths(trace.spec, layout),
                             marks.numbers, marks.decimals)
    if len(_COLUMNS) > 8:
        _COLUMNS.clear()
    _COLUMNS[key] = (trace, widths)
    return widths


def paint_graph_view(view: View, width: int, height: int) -> Canvas:
    """The graph at the view's position, in a canvas of the given size."""
    return paint_graph(view.trace.spec, layout_of(view.trace), graph_marks(view), width, height)


def graph_width(view: View) -> int:
    """Columns the whole drawing of the view's graph takes."""
    return graph_extent(view.trace.spec, layout_of(view.trace), graph_marks(view))[1] + 1
