"""Where each node of a computation graph goes: a deterministic left-to-right layering.

A Sugiyama-lite, pure and without Textual: every operation node sits one column right of
its latest operand; a leaf sits just left of its first consumer (so `c` in
`L = (a·b + c)·f` is drawn beside the `+` that uses it, not far away in column 0), which
keeps every column short; constants are not nodes of the drawing but small labels of the
node that uses them. Rows within a column are ordered by the mean row of each node's
operands (barycenter sweeps), ties broken by definition order, never by `id()` or set
order, so the same graph is always drawn the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from ..core.graph.spec import GraphSpec

SWEEPS = 4
"""Barycenter passes (left-to-right then right-to-left each): enough for lecture graphs."""


@dataclass(frozen=True)
class GraphLayout:
    """Columns of node indices (left to right), and for each node its place."""

    columns: tuple[tuple[int, ...], ...]
    """Node indices (into GraphSpec.nodes) of each column, top to bottom; no constants."""
    place: dict[int, tuple[int, int]]
    """node index -> (column, row) for every drawn node."""
    constants: dict[int, tuple[int, ...]]
    """op node index -> the constant node indices it uses, in operand order."""
    edges: tuple[tuple[int, int], ...]
    """(operand, node) pairs between drawn nodes, in definition order, no duplicates."""
    incident: tuple[np.ndarray, np.ndarray] = field(default=(np.zeros(1, np.int64), np.zeros(0, np.int64)),
                                                    compare=False)
    """(start, edge indices): the edges at node i are `indices[start[i]:start[i + 1]]`, so
    a window of a large graph finds its edges without going through all of them."""

    @property
    def sizes(self) -> tuple[int, ...]:
        """How many nodes each column holds (what focus moves across)."""
        return tuple(len(column) for column in self.columns)

    def edges_at(self, nodes: list[int]) -> list[int]:
        """Indices into `edges` of the edges at any of `nodes`, ascending."""
        start, indices = self.incident
        limit = len(start) - 1
        parts = [indices[start[i]:start[i + 1]] for i in nodes if 0 <= i < limit]
        return np.unique(np.concatenate(parts)).tolist() if parts else []


_LAST: list[tuple[GraphSpec, GraphLayout]] = []
"""The last few layouts made, by spec identity (hashing a 64,000-node spec costs more)."""


def graph_layout(spec: GraphSpec) -> GraphLayout:
    """The layered drawing order of `spec` (remembered: a spec is immutable)."""
    for known, layout in _LAST:
        if known is spec:
            return layout
    layout = _layout(spec)
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


def _ranks(spec: GraphSpec, const: np.ndarray, arg0: np.ndarray, arg1: np.ndarray) -> np.ndarray:
    """Column of every node (-1 for constants)."""
    n = len(const)
    operation = arg0 >= 0
    # Leaves get a provisional 0; operations sit right of their latest non-constant operand.
    rank = [0] * n
    is_const = const.tolist()
    for i, a, b in zip(np.flatnonzero(operation & ~const).tolist(), arg0[operation & ~const].tolist(),
                       arg1[operation & ~const].tolist()):
        latest = -1
        if not is_const[a]:
            latest = rank[a]
        if b >= 0 and not is_const[b] and rank[b] > latest:
            latest = rank[b]
        rank[i] = latest + 1
    ranks = np.array(rank, dtype=np.int64)
    # Each leaf moves right to just left of its earliest consumer.
    leaf = ~const & ~operation
    consumer = np.flatnonzero(operation & ~const)
    first_use = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    for args in (arg0, arg1):
        operand = args[consumer]
        used = operand >= 0
        np.minimum.at(first_use, operand[used], ranks[consumer[used]])
    moved = leaf & (first_use != np.iinfo(np.int64).max)
    ranks[moved] = np.maximum(first_use[moved] - 1, 0)
    ranks[const] = -1
    return ranks


def _layout(spec: GraphSpec) -> GraphLayout:
    n = len(spec.nodes)
    const, arg0, arg1 = _operands(spec)
    rank = _ranks(spec, const, arg0, arg1)
    width = int(rank.max(initial=-1)) + 1
    drawn = np.flatnonzero(~const)
    # Edges: each node's operands in operand order, constants apart, a repeat once.
    ops = drawn[arg0[drawn] >= 0]
    pairs = np.stack([arg0[ops], arg1[ops]], axis=1)
    keep = pairs >= 0
    keep[keep] = ~const[pairs[keep]]
    keep[:, 1] &= pairs[:, 1] != pairs[:, 0]
    target = np.repeat(ops, 2).reshape(-1, 2)
    edge_src, edge_dst = pairs[keep], target[keep]
    edges = tuple(zip(edge_src.tolist(), edge_dst.tolist()))
    constants: dict[int, tuple[int, ...]] = {}
    for i in ops[(const[arg0[ops]]) | ((arg1[ops] >= 0) & const[np.maximum(arg1[ops], 0)])].tolist():
        constants[i] = tuple(j for j in spec.nodes[i].inputs if const[j])

    # Columns in definition order, then barycenter sweeps, a whole column at a time.
    by_rank = drawn[np.argsort(rank[drawn], kind="stable")]
    bounds = np.searchsorted(rank[by_rank], np.arange(width + 1))
    columns = [by_rank[bounds[c]:bounds[c + 1]] for c in range(width)]
    local = np.zeros(n, dtype=np.int64)  # a node's index in its column's definition order
    for column in columns:
        local[column] = np.arange(len(column))
    row = np.zeros(n, dtype=np.int64)
    row[by_rank] = local[by_rank]
    sweeps = (range(1, width), edge_dst, edge_src), (range(width - 2, -1, -1), edge_src, edge_dst)
    grouped = [_by_column(rank, own, other, width) for _, own, other in sweeps]
    base = [column.copy() for column in columns]
    for _ in range(SWEEPS):
        for (order, _, _), groups in zip(sweeps, grouped):
            for c in order:
                column = base[c]
                own, other = groups[c]
                total = np.bincount(local[own], weights=row[other], minlength=len(column))
                count = np.bincount(local[own], minlength=len(column))
                # The mean row of the neighbours in the next column over (own row if none):
                # sums of ints are exact in float64, so the quotient is Python's int / int.
                centre = np.where(count > 0, total / np.maximum(count, 1), row[column])
                placed = column[np.lexsort((column, centre))]
                row[placed] = np.arange(len(placed))
                columns[c] = placed
    place = {node: (c, r) for c, column in enumerate(columns) for r, node in enumerate(column.tolist())}
    return GraphLayout(tuple(tuple(column.tolist()) for column in columns), place, constants, edges,
                       _incident(n, edge_src, edge_dst))


def _by_column(rank: np.ndarray, own: np.ndarray, other: np.ndarray, width: int
               ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per column, the edges whose `own` end is in it: (own ends, other ends)."""
    order = np.argsort(rank[own], kind="stable")
    own, other = own[order], other[order]
    bounds = np.searchsorted(rank[own], np.arange(width + 1))
    return [(own[bounds[c]:bounds[c + 1]], other[bounds[c]:bounds[c + 1]]) for c in range(width)]


def _incident(n: int, src: np.ndarray, dst: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ends = np.concatenate([src, dst])
    index = np.tile(np.arange(len(src), dtype=np.int64), 2)
    order = np.argsort(ends, kind="stable")
    start = np.searchsorted(ends[order], np.arange(n + 1))
    return start, index[order]
