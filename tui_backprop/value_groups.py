"""The groups of a converted `Value` graph: what "step out" finishes.

A labelled operation is its own group, and so is the root; every other operation joins the
group of its first consumer in node order, so the steps that build a labelled value belong
to it. Leaves and constants have no group.
"""

from __future__ import annotations

from functools import partial
from operator import is_not

import numpy as np

_HAS_GROUP = partial(is_not, None)


def fill_groups(groups: list[str | None], arg0: list[int], arg1: list[int]) -> list[str | None]:
    """Every node's group, from each node's own (None: none of its own) and its operands
    (-1: none): follow first consumers from every node to one with a group of its own, by
    pointer doubling over the whole graph at once (a 64k graph in a few numpy passes)."""
    n = len(groups)
    here = np.arange(n)
    operands = np.empty((n, 2), dtype=np.int64)
    operands[:, 0], operands[:, 1] = arg0, arg1
    operand, consumer = operands.ravel(), np.repeat(here, 2)  # in consumer order
    used = operand >= 0
    nodes, first_use = np.unique(operand[used], return_index=True)
    first = np.full(n, n)  # each node's first consumer (n: none)
    first[nodes] = consumer[used][first_use]
    own = np.fromiter(map(_HAS_GROUP, groups), dtype=bool, count=n)
    leaf = operands[:, 0] < 0  # leaves and constants: no group, whatever consumes them
    target = np.where(own | leaf | (first == n), here, first)
    while True:
        jumped = target[target]
        if np.array_equal(jumped, target):
            break
        target = jumped
    return list(map(groups.__getitem__, target.tolist()))
