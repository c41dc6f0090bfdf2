"""Where each node of a computation graph goes: a deterministic left-to-right layering.

A Sugiyama-lite, pure and without Textual: every operation node sits one column right of
its latest operand; a leaf sits just left of its first consumer (so `c` in
`L = (a·b + c)·f` is drawn beside the `+` that uses it, not far away in column 0), which
keeps every column short; constants are not nodes of the drawing but small labels of the
node that uses them. Rows within a column are ordered by the mean row of each node's
operands (barycenter sweeps), ties broken by definition order, never by `id()` or set
order, so the same graph is always drawn the same way.

The layout is numpy arrays (a 64,000-node graph is laid out in milliseconds); `columns`,
`place` and `edges` are views of them shaped as tuples and a dict (`graph_views`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

from ..core.graph.spec import GraphSpec
from .graph_ranks import consumers, into, ranks
from .graph_rows import rows, stable_order
from .graph_views import Columns, Constants, Edges, Places

if TYPE_CHECKING:
    from ..core.graph.plan import GraphPlan

@dataclass(frozen=True, eq=False)
class GraphLayout:
    """Columns of node indices (left to right), and for each node its place."""

    column_of: np.ndarray
    """Each node's column (-1 for constants, which are not drawn)."""
    row_of: np.ndarray
    """Each node's row in its column (-1 for constants)."""
    order: np.ndarray
    """The drawn nodes column by column, each column top to bottom."""
    bounds: np.ndarray
    """Column c is `order[bounds[c]:bounds[c + 1]]`."""
    const_first: np.ndarray
    """Each node's first operand if that is a constant, else -1,"""
    const_second: np.ndarray
    """and its second (constants are labels of the node that uses them)."""
    edge_src: np.ndarray
    """Operand end of each edge between drawn nodes: in definition order, no duplicates,"""
    edge_dst: np.ndarray
    """and the node end."""
    incident: tuple[np.ndarray, np.ndarray] = field(default=(np.zeros(2, np.int64), np.zeros(0, np.int64)))
    """(starts, edge indices): the edges out of node i (to its consumers) are
    `indices[starts[i]:starts[i + 1]]`, those into it `indices[starts[n + 1 + i]:starts[n + 2 + i]]`
    for n nodes, so a window of a large graph finds its edges without going through all."""

    @cached_property
    def columns(self) -> Columns:
        """Node indices (into GraphSpec.nodes) of each column, top to bottom; no constants."""
        return Columns(self.order, self.bounds)

    @cached_property
    def place(self) -> Places:
        """node index -> (column, row) for every drawn node."""
        return Places(self.order, self.column_of, self.row_of)

    @cached_property
    def constants(self) -> Constants:
        """op node index -> the constant node indices it uses, in operand order."""
        return Constants(self.const_first, self.const_second)

    @cached_property
    def edges(self) -> Edges:
        """(operand, node) pairs between drawn nodes, in definition order, no duplicates."""
        return Edges(self.edge_src, self.edge_dst)

    @cached_property
    def sizes(self) -> tuple[int, ...]:
        """How many nodes each column holds (what focus moves across)."""
        return tuple(np.diff(self.bounds).tolist())

    def edges_at(self, nodes: list[int]) -> list[int]:
        """Indices into `edges` of the edges at any of `nodes`, ascending."""
        starts, indices = self.incident
        n = len(starts) // 2 - 1
        parts = [indices[starts[k]:starts[k + 1]] for i in nodes if 0 <= i < n for k in (i, n + 1 + i)]
        return np.unique(np.concatenate(parts)).tolist() if parts else []

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GraphLayout):
            return NotImplemented
        return all(np.array_equal(a, b) for a, b in zip(self._arrays(), other._arrays()))

    __hash__ = None  # type: ignore[assignment]  # equal layouts need not be one object

    def _arrays(self) -> tuple[np.ndarray, ...]:
        return (self.column_of, self.row_of, self.order, self.bounds, self.const_first,
                self.const_second, self.edge_src, self.edge_dst)


_LAST: list[tuple[GraphSpec, GraphLayout]] = []
"""The last few layouts made, by spec identity (hashing a 64,000-node spec costs more)."""


def graph_layout(spec: GraphSpec, plan: GraphPlan | None = None) -> GraphLayout:
    """The layered drawing order of `spec` (remembered: a spec is immutable). `plan`, the
    spec's `make_plan`, saves reading the nodes' operands again."""
    for known, layout in _LAST:
        if known is spec:
            return layout
    if plan is not None and plan.spec is spec:
        operands = plan.const, plan.arg0.astype(np.int64), plan.arg1.astype(np.int64)
    else:
        operands = _operands(spec)
    layout = _layout(*operands)
    _LAST[:] = [(spec, layout), *_LAST[:3]]
    return layout


def _operands(spec: GraphSpec) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(constant mask, first operand, second operand) of every node; -1 for none."""
    nodes = spec.nodes
    n = len(nodes)
    const = np.array([node.op == "const" for node in nodes], dtype=bool)
    inputs = [node.inputs for node in nodes]
    count = np.fromiter(map(len, inputs), dtype=np.int64, count=n)
    flat = np.fromiter(chain.from_iterable(inputs), dtype=np.int64, count=int(count.sum()))
    start = np.cumsum(count) - count
    args = np.full((n, 2), -1, dtype=np.int64)
    for k in (0, 1):
        has = count > k
        args[has, k] = flat[start[has] + k]
    return const, args[:, 0], args[:, 1]


def _layout(const: np.ndarray, arg0: np.ndarray, arg1: np.ndarray) -> GraphLayout:
    n = len(const)
    # Edges: each node's operands in operand order, constants apart, a repeat once.
    ops = np.flatnonzero((arg0 >= 0) & ~const)
    pairs = np.stack([arg0[ops], arg1[ops]], axis=1)
    keep = pairs >= 0
    keep[keep] = ~const[pairs[keep]]
    keep[:, 1] &= pairs[:, 1] != pairs[:, 0]
    target = np.repeat(ops, 2).reshape(-1, 2)
    edge_src, edge_dst = pairs[keep], target[keep]
    # A constant operand is a label of its node: (first, second) where they are constants.
    const_first = np.where((arg0 >= 0) & const[np.maximum(arg0, 0)], arg0, -1)
    const_second = np.where((arg1 >= 0) & const[np.maximum(arg1, 0)], arg1, -1)
    const_first[const], const_second[const] = -1, -1
    out = consumers(n, edge_src)
    rank = ranks(const, arg0, arg1, edge_src, edge_dst, out)
    width = int(rank.max(initial=-1)) + 1

    drawn = np.flatnonzero(~const)
    by_rank = drawn[stable_order(rank[drawn])]  # columns in definition order
    bounds = np.searchsorted(rank[by_rank], np.arange(width + 1))
    row = rows(rank, by_rank, bounds, edge_src, edge_dst, out[1])
    order = np.empty_like(by_rank)  # each column's nodes by row
    order[bounds[rank[by_rank]] + row[by_rank]] = by_rank
    row[const] = -1
    return GraphLayout(rank, row, order, bounds, const_first, const_second, edge_src, edge_dst,
                       _incident(n, out, edge_dst))


def _incident(n: int, out: tuple[np.ndarray, np.ndarray], edge_dst: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`GraphLayout.incident`: the edges out of each node, then those into each (a run of
    the edges, which come in ascending `edge_dst`)."""
    out_start, out_order = out
    edges = len(out_order)
    return np.concatenate([out_start, edges + into(n, edge_dst)]), np.concatenate([out_order, np.arange(edges)])
