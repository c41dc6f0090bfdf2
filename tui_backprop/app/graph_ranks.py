"""The column of every node of a graph drawing: one right of its latest operand (the longest
path from a leaf), a leaf just left of its first consumer. Numpy over whole levels.

The longest paths are found level by level (Kahn's order): the nodes with no operand left
to place form a level, and their consumers with no other operand left form the next. A
level is a handful of numpy calls, so a wide graph (64,000 nodes in 142 levels) costs
little; a deep, narrow one (a chain of 32,000 operations) would make thousands of calls
for a node or two each, so once levels are narrow (fewer than `FEW` nodes) and either
`LEVELS` are done or fewer than `REST` nodes are left, the rest is one pass over plain
lists in definition order, which is topological.
"""

from __future__ import annotations

import numpy as np

LEVELS = 128
"""Levels placed by numpy before a narrow remainder is handed to the plain loop."""
FEW = 16
"""A level this small, past LEVELS, is not worth numpy's per-call cost,"""
REST = 4096
"""nor before, when fewer nodes than this are left (a long tail: the sum of a loss)."""


def consumers(n: int, edge_src: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(start, edge indices): the edges out of node i (to its consumers), ascending, are
    `indices[start[i]:start[i + 1]]`."""
    order = np.argsort(edge_src, kind="stable")  # runs of ascending operands: timsort is quick
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(edge_src, minlength=n), out=start[1:])
    return start, order


def runs(first: np.ndarray, end: np.ndarray) -> np.ndarray:
    """first[0]..end[0]-1, then first[1]..end[1]-1, ... end to end (numpy's ranges)."""
    count = end - first
    return np.repeat(first - (np.cumsum(count) - count), count) + np.arange(int(count.sum()))


def ranks(const: np.ndarray, arg0: np.ndarray, arg1: np.ndarray, edge_src: np.ndarray,
          edge_dst: np.ndarray, out: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Column of every node (-1 for constants). The edges run from each drawn operand to
    its node (constants apart, a repeat once); `out` is `consumers` of them."""
    n = len(const)
    rank = np.full(n, -1, dtype=np.int64)
    waiting = np.bincount(edge_dst, minlength=n)  # operands not yet placed
    start, order = out
    reach = edge_dst[order]  # consumers, grouped by operand
    slot = np.zeros(n, dtype=np.int64)  # scratch: which of a level's entries a node is
    level = np.flatnonzero((waiting == 0) & ~const)  # leaves, and operations of constants only
    depth, left = 0, int(np.count_nonzero(~const))
    while len(level):
        if len(level) < FEW and (depth >= LEVELS or left < REST):
            _by_loop(rank, const, arg0, arg1)
            break
        rank[level] = depth
        left -= len(level)
        first = start[level]
        reached = reach[runs(first, start[level + 1])]  # every consumer of the level
        np.subtract.at(waiting, reached, 1)
        ready = reached[waiting[reached] == 0]
        # A node both of whose operands are in this level is there twice: keep one.
        slot[ready] = np.arange(len(ready))
        level = ready[slot[ready] == np.arange(len(ready))]
        depth += 1
    _move_leaves(rank, const, arg0, edge_src, edge_dst)
    return rank


def _by_loop(rank: np.ndarray, const: np.ndarray, arg0: np.ndarray, arg1: np.ndarray) -> None:
    """Place the operations not placed yet, one by one in definition order (plain lists:
    numpy per element would cost more), reading only their operands' ranks."""
    n = len(const)
    rank[(rank < 0) & ~const & (arg0 < 0)] = 0  # leaves not placed yet: level 0
    todo = np.flatnonzero((rank < 0) & ~const & (arg0 >= 0))
    # An operand is one of `todo` (by its index there), placed (by its rank), or a constant
    # or missing, whose rank reads as -1.
    at = np.full(n + 1, -1, dtype=np.int64)
    at[todo] = np.arange(len(todo))
    known = np.append(rank, -1)
    operands = []
    for args in (arg0[todo], arg1[todo]):
        args = np.where((args < 0) | const[np.maximum(args, 0)], n, args)
        operands += [at[args].tolist(), known[args].tolist()]
    placed = [0] * len(todo)
    for k, (a, ra, b, rb) in enumerate(zip(*operands)):
        x = placed[a] if a >= 0 else ra
        y = placed[b] if b >= 0 else rb
        placed[k] = (x if x > y else y) + 1
    rank[todo] = placed


def _move_leaves(rank: np.ndarray, const: np.ndarray, arg0: np.ndarray, edge_src: np.ndarray,
                 edge_dst: np.ndarray) -> None:
    """Each leaf moves right to just left of its earliest consumer."""
    leaf = ~const & (arg0 < 0)
    uses = leaf[edge_src]
    never = np.iinfo(np.int64).max
    first_use = np.full(len(rank), never, dtype=np.int64)
    np.minimum.at(first_use, edge_src[uses], rank[edge_dst[uses]])
    moved = leaf & (first_use != never)
    rank[moved] = np.maximum(first_use[moved] - 1, 0)


def into(n: int, edge_dst: np.ndarray) -> np.ndarray:
    """start: the edges into node i are `start[i]:start[i + 1]` (the edges come in
    ascending `edge_dst`, so each node's are a run)."""
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(edge_dst, minlength=n), out=start[1:])
    return start
