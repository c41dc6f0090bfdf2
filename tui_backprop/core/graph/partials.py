"""Every operation node's local derivatives at once, equal bit for bit to `ops.LOCAL`.

A local derivative depends only on the forward values, so the backward pass need not
compute it in its sequential loop: here each kind of operation is done for all its nodes
in one numpy expression. Only IEEE arithmetic (+ - * /) and comparisons are vectorised,
which numpy rounds exactly as Python floats do; operations whose derivative needs a
transcendental function (`**`, sin, cos), and nodes where `ops.LOCAL` would raise (a
division by zero, sqrt at 0), go through `ops.LOCAL` one by one, so every number and
every error is what the scalar code gives. Errors are raised for the first node in
backward order (reverse definition order), as the backward pass would meet them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .ops import LOCAL
from .plan import CODES, GraphPlan, local_op

Arrays = tuple[np.ndarray | float, np.ndarray | float]

VECTOR: dict[str, Callable[[np.ndarray, np.ndarray, np.ndarray], Arrays]] = {
    "+": lambda a, b, v: (1.0, 1.0),
    "-": lambda a, b, v: (1.0, -1.0),
    "*": lambda a, b, v: (b, a),
    "/": lambda a, b, v: (1.0 / b, -v / b),
    "neg": lambda a, b, v: (-1.0, np.nan),
    "exp": lambda a, b, v: (v, np.nan),
    "log": lambda a, b, v: (1.0 / a, np.nan),
    "sqrt": lambda a, b, v: (0.5 / v, np.nan),
    "tanh": lambda a, b, v: (1.0 - v * v, np.nan),
    "sigmoid": lambda a, b, v: (v * (1.0 - v), np.nan),
    "relu": lambda a, b, v: (np.where(a > 0, 1.0, 0.0), np.nan),
    "abs": lambda a, b, v: (np.where(a > 0, 1.0, np.where(a < 0, -1.0, 0.0)), np.nan),
    "max": lambda a, b, v: (np.where(a >= b, 1.0, 0.0), np.where(a >= b, 0.0, 1.0)),
    "min": lambda a, b, v: (np.where(a <= b, 1.0, 0.0), np.where(a <= b, 0.0, 1.0)),
}
"""ops.LOCAL over arrays of operands a, b and values v, for the ops done vectorised."""
RISK: dict[str, Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]] = {
    "/": lambda a, b, v: b == 0,
    "log": lambda a, b, v: a == 0,
    "sqrt": lambda a, b, v: v == 0,
}
"""Nodes where ops.LOCAL raises (a Python float division by zero, or DomainError)."""


class LocalError(Exception):
    """ops.LOCAL raised `error` at operation node `node`."""

    def __init__(self, node: int, error: Exception) -> None:
        super().__init__(node, error)
        self.node = node
        self.error = error


def partials(plan: GraphPlan, values: list[float], vals: np.ndarray,
             trouble: tuple[type[Exception], ...]) -> tuple[np.ndarray, np.ndarray]:
    """(∂v/∂a, ∂v/∂b) of every node at the forward `values` (a list, and the same as an
    array); NaN for leaves and missing operands. Raises LocalError for the first node in
    backward order whose ops.LOCAL raises one of `trouble`."""
    n = plan.size
    d0, d1 = np.full(n, np.nan), np.full(n, np.nan)
    ops = plan.ops
    codes = plan.code[ops]
    one_by_one = []
    with np.errstate(all="ignore"):  # risky nodes are redone below, raising as LOCAL does
        for code in np.unique(codes).tolist():
            nodes = ops[codes == code]
            op = CODES[code]
            vector = VECTOR.get(op)
            if vector is None:
                one_by_one.append(nodes)
                continue
            a, b, v = vals[plan.arg0[nodes]], vals[plan.arg1[nodes]], vals[nodes]
            d0[nodes], d1[nodes] = vector(a, b, v)
            risk = RISK.get(op)
            if risk is not None:
                one_by_one.append(nodes[risk(a, b, v)])
    if one_by_one:
        arg0, arg1 = plan.arg0, plan.arg1
        for i in sorted(np.concatenate(one_by_one).tolist(), reverse=True):
            a, b = int(arg0[i]), int(arg1[i])
            try:
                partial = LOCAL[local_op(plan, i)](values[a], values[b] if b >= 0 else 0.0, values[i])
            except trouble as error:
                raise LocalError(i, error) from None
            d0[i] = partial[0]
            if len(partial) > 1:
                d1[i] = partial[1]
    return d0, d1
