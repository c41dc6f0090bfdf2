"""The row of every node in its column of a graph drawing: barycenter sweeps, a whole column
at a time with numpy.

Column c's nodes start in definition order, and a sweep sorts each column by the mean row
of its neighbours in the columns already swept (its own row if none), ties by definition
order. Every edge runs left to right (an operand's column is left of its node's), so a
left-to-right sweep reads rows already updated, and so does a right-to-left one.

Two things keep a 64,000-node graph cheap without changing a row: a node with at most
two neighbours has a mean that is a whole number of halves, so twice it (the sum of the
two neighbours' rows, or twice the one) sorts as integers, by numpy's radix sort when they
fit 16 bits; and the sweeps stop once a pass moves nothing (the next would not either).
"""

from __future__ import annotations

import numpy as np

from .graph_ranks import runs

SWEEPS = 4
"""Barycenter passes (left-to-right then right-to-left each): enough for lecture graphs."""
PAIRS = 2
"""A column whose nodes have at most this many neighbours each (1 or 2: twice the mean is
an int) sorts by ints; any other by the float mean."""


def stable_order(keys: np.ndarray) -> np.ndarray:
    """np.argsort(keys, kind="stable") of non-negative ints: 16-bit keys are radix-sorted,
    several times faster than the merge sort wider ones get."""
    if int(keys.max(initial=0)) < 1 << 16:
        return np.argsort(keys.astype(np.uint16), kind="stable")
    return np.argsort(keys, kind="stable")


def rows(rank: np.ndarray, by_rank: np.ndarray, bounds: np.ndarray, edge_src: np.ndarray,
         edge_dst: np.ndarray, out_order: np.ndarray) -> np.ndarray:
    """Each node's row in its column after the sweeps: column c's nodes, in definition
    order, are `by_rank[bounds[c]:bounds[c + 1]]`; `rank` gives every node's column. The
    edges come in ascending `edge_dst`; `out_order` sorts them by `edge_src`, stably."""
    n, width = len(rank), len(bounds) - 1
    columns = [by_rank[bounds[c]:bounds[c + 1]] for c in range(width)]
    local = np.zeros(n, dtype=np.int64)  # a node's index in its column's definition order
    local[by_rank] = np.arange(len(by_rank)) - np.repeat(bounds[:-1], np.diff(bounds))
    # Rows as 16-bit ints when twice the largest fits: the sum of two sorts by radix.
    small = 2 * int(np.diff(bounds).max(initial=0)) <= 1 << 16
    row = local.astype(np.uint16) if small else local.copy()
    places = np.arange(int(np.diff(bounds).max(initial=0)), dtype=row.dtype)  # rows 0, 1, ...
    sweeps = []
    for order, own, other in ((range(1, width), edge_dst, edge_src),
                              (range(width - 2, -1, -1), edge_src[out_order], edge_dst[out_order])):
        sides = _Sides(n, own, other)
        count = sides.count[by_rank]
        most = np.maximum.reduceat(np.append(count, 0), np.minimum(bounds[:-1], len(by_rank)))
        first, second = sides.first[by_rank], sides.second[by_rank]  # column by column
        steps = []
        for c in order:
            a, b = int(bounds[c]), int(bounds[c + 1])
            if b - a < 2:  # one node: always row 0
                continue
            if most[c] <= PAIRS:  # twice the mean: the sum of two neighbours' rows
                steps.append((True, columns[c], places[:b - a], first[a:b], second[a:b]))
            else:
                at, others = sides.edges(columns[c], local)
                steps.append((False, columns[c], places[:b - a], at, others, count[a:b] > 0,
                              np.maximum(count[a:b], 1)))
        sweeps.append(steps)
    # A pass is a left-to-right sweep then a right-to-left one, each a function of the rows
    # before it. When a pass ends where the previous one did, so would every later pass;
    # when its first sweep ends where the previous pass's did, so would its second.
    rightward = leftward = None
    for _ in range(SWEEPS):
        _sweep(row, sweeps[0])
        if rightward is not None and np.array_equal(rightward, row):
            return leftward.astype(np.int64)
        rightward = row.copy()
        _sweep(row, sweeps[1])
        if leftward is not None and np.array_equal(leftward, row):
            break
        leftward = row.copy()
    return row.astype(np.int64)


def _sweep(row: np.ndarray, steps: list[tuple]) -> None:
    """Sort each column of `steps` in turn by its nodes' mean neighbour row (see `rows`)."""
    for halves, column, places, *rest in steps:
        if halves:  # twice the mean: the sum of the two neighbours' rows
            first, second = rest
            order = np.argsort(row[first] + row[second], kind="stable")
        else:
            at, other, has, count = rest
            total = np.bincount(at, weights=row[other], minlength=len(column))
            # Sums of ints are exact in float64, so the quotient is Python's int / int.
            order = np.argsort(np.where(has, total / count, row[column]), kind="stable")
        row[column[order]] = places


class _Sides:
    """Every node's neighbours on one side: the edges sorted by their `own` end (stably),
    each node's count of them, and its first and last one (itself if none)."""

    def __init__(self, n: int, own: np.ndarray, other: np.ndarray) -> None:
        self.own, self.other = own, other
        self.count = np.bincount(own, minlength=n)
        self.start = np.cumsum(self.count) - self.count
        self.first, self.second = np.arange(n), np.arange(n)
        has = np.flatnonzero(self.count)
        self.first[has] = other[self.start[has]]
        self.second[has] = other[self.start[has] + self.count[has] - 1]

    def edges(self, column: np.ndarray, local: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The column's edges: (own end's index in the column, other end)."""
        first = self.start[column]
        picked = runs(first, first + self.count[column])
        return local[self.own[picked]], self.other[picked]
