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

from dataclasses import dataclass

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

    @property
    def sizes(self) -> tuple[int, ...]:
        """How many nodes each column holds (what focus moves across)."""
        return tuple(len(column) for column in self.columns)


def _ranks(spec: GraphSpec) -> dict[int, int]:
    """Column of every non-constant node."""
    nodes = spec.nodes
    drawn = [i for i, node in enumerate(nodes) if node.op != "const"]
    rank: dict[int, int] = {}
    for i in drawn:
        operands = [j for j in nodes[i].inputs if nodes[j].op != "const"]
        # Leaves get a provisional 0; operations sit right of their latest operand.
        rank[i] = 1 + max((rank[j] for j in operands), default=-1) if nodes[i].inputs else 0
    # Each leaf moves right to just left of its earliest consumer.
    first_use: dict[int, int] = {}
    for i in drawn:
        for j in nodes[i].inputs:
            if nodes[j].op != "const" and not nodes[j].inputs:
                first_use[j] = min(first_use.get(j, rank[i]), rank[i])
    for leaf, used in first_use.items():
        rank[leaf] = max(used - 1, 0)
    return rank


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


def _layout(spec: GraphSpec) -> GraphLayout:
    nodes = spec.nodes
    rank = _ranks(spec)
    width = max(rank.values(), default=-1) + 1
    columns: list[list[int]] = [[] for _ in range(width)]
    for i in sorted(rank):  # definition order first
        columns[rank[i]].append(i)
    edges: list[tuple[int, int]] = []
    constants: dict[int, tuple[int, ...]] = {}
    for i in rank:
        seen: set[int] = set()
        for j in nodes[i].inputs:
            if nodes[j].op == "const":
                constants[i] = constants.get(i, ()) + (j,)
            elif j not in seen:
                seen.add(j)
                edges.append((j, i))
    preds: dict[int, list[int]] = {i: [] for i in rank}
    succs: dict[int, list[int]] = {i: [] for i in rank}
    for j, i in edges:
        preds[i].append(j)
        succs[j].append(i)
    row = {n: r for column in columns for r, n in enumerate(column)}
    for _ in range(SWEEPS):
        changed = False
        for order, neighbours in ((range(1, width), preds), (range(width - 2, -1, -1), succs)):
            for c in order:
                column = columns[c]
                if len(column) < 2:
                    continue  # most columns of a long chain: nothing to order
                ordered = sorted(column, key=lambda n: (_barycenter(neighbours[n], row, row[n]), n))
                if ordered != column:
                    columns[c] = ordered
                    row.update((n, r) for r, n in enumerate(ordered))
                    changed = True
        if not changed:
            break  # a sweep that moves nothing leaves every later sweep nothing to move
    place = {n: (c, r) for c, column in enumerate(columns) for r, n in enumerate(column)}
    return GraphLayout(tuple(tuple(column) for column in columns), place, constants, tuple(edges))


def _barycenter(neighbours: list[int], row: dict[int, int], own: int) -> float:
    """Mean row of a node's neighbours in the next column over (its own row if none)."""
    return sum(row[n] for n in neighbours) / len(neighbours) if neighbours else float(own)
