"""One debugger, two kinds of trace: what the screen and panels ask of either.

A network `Trace` names diagram nodes (layer, unit); a `GraphTrace` names graph nodes by
index. The app speaks of nodes as (column, row) of the diagram for both, so focus,
breakpoints and navigation are the same code: for a graph the columns are those of its
layered drawing (`graph_layout`). Everything kind-specific the app needs goes through here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

import numpy as np

from ..core import Trace

if TYPE_CHECKING:  # imported when a graph is shown: a network's start-up does not pay for it
    from ..core.graph.trace import GraphTrace
    from .graph_layout import GraphLayout

Place = tuple[int, int]
"""A diagram node: (layer, unit) of a network, (column, row) of a graph's drawing."""

GRAPH_LEVELS = {"unit": "node", "layer": "formula"}
"""What "step over" and "step out" move across on a graph: a node, a formula."""


def is_graph(trace: Trace | GraphTrace) -> TypeGuard[GraphTrace]:
    """Whether the trace is a computation graph's."""
    return not isinstance(trace, Trace)


def layout_of(trace: GraphTrace) -> GraphLayout:
    """The graph's drawing (remembered per spec), from the operands the trace's plan read."""
    from .graph_layout import graph_layout

    return graph_layout(trace.spec, trace.plan)


def title(trace: Trace | GraphTrace) -> str:
    """The model's name, as given (show it as plain text)."""
    return trace.spec.name if is_graph(trace) else trace.network.name


def description(trace: Trace | GraphTrace) -> tuple[str, str]:
    """A one-line summary of the model, and its description as given."""
    if is_graph(trace):
        spec = trace.spec
        ops = len(trace.plan.ops)  # the plan counted them: no walk over every node
        lr = f", lr {spec.learning_rate:g}" if spec.learning_rate is not None else ""
        out = spec.nodes[spec.output].name
        return f"computation graph: {ops} operations, output {out}{lr}", spec.description
    return trace.network.describe(), trace.network.description


def batch_size(trace: Trace | GraphTrace) -> int:
    """Samples per iteration (a graph has one)."""
    return 1 if is_graph(trace) else trace.network.batch_size


def sizes(trace: Trace | GraphTrace) -> tuple[int, ...]:
    """Nodes in each diagram column: what focus moves across."""
    if is_graph(trace):
        return layout_of(trace).sizes or (1,)
    return trace.network.sizes


def node_index(trace: GraphTrace, place: Place) -> int | None:
    """The graph node drawn at `place`, if any."""
    columns = layout_of(trace).columns
    column, row = place
    if 0 <= column < len(columns) and 0 <= row < len(columns[column]):
        return columns[column][row]
    return None


def place_of(trace: Trace | GraphTrace, index: int) -> Place | None:
    """The diagram node step `index` touches."""
    if is_graph(trace):
        return layout_of(trace).place.get(trace.node(index))
    return trace.node(index)


def touching(trace: Trace | GraphTrace, place: Place) -> np.ndarray:
    """Ascending indices of the steps touching a diagram node."""
    if is_graph(trace):
        node = node_index(trace, place)
        return np.zeros(0, dtype=np.int64) if node is None else trace.touching(node)
    return trace.touching(*place)


def touches(trace: Trace | GraphTrace, index: int, place: Place) -> bool:
    """Whether step `index` touches a diagram node (as `touching` counts)."""
    if is_graph(trace):
        node = node_index(trace, place)
        return node is not None and trace.touches(index, node)
    return trace.touches(index, *place)


def span(trace: Trace | GraphTrace, index: int, level: str) -> range:
    """The block of `level` holding step `index` (unit/layer mean node/formula on a graph)."""
    if is_graph(trace):
        return trace.span(index, GRAPH_LEVELS.get(level, level))
    return trace.span(index, level)


def rebuild(trace: Trace | GraphTrace, iterations: int) -> Trace | GraphTrace:
    """The same model's trace over another number of iterations."""
    from ..core import build_trace

    model = trace.spec if is_graph(trace) else trace.network
    return build_trace(model, iterations)
