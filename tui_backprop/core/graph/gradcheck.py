"""Gradient check of a graph: each leaf's gradient against central finite differences of
the output, which run only the forward pass (an independent check of every backward step)."""

from __future__ import annotations

import dataclasses

import numpy as np

from ..errors import NumericError
from ..gradcheck import DEFAULT_STEP, ParameterCheck
from .compute import forward_values, make_plan
from .spec import GraphSpec


def _output(spec: GraphSpec, leaf: int, value: float) -> float:
    nodes = list(spec.nodes)
    nodes[leaf] = dataclasses.replace(nodes[leaf], value=value)
    changed = dataclasses.replace(spec, nodes=tuple(nodes), learning_rate=None)
    params = np.array([changed.nodes[p].value for p in changed.parameters], dtype=np.float64)
    try:
        return forward_values(make_plan(changed), params)[spec.output]
    except NumericError:
        return float("nan")  # the nudge left the domain: shown as a failed check


def check_graph_gradients(trace, iteration: int = 0, limit: int | None = None,
                          h: float = DEFAULT_STEP) -> list[ParameterCheck]:
    """Every input's and parameter's gradient in one iteration (at that iteration's values);
    with `limit`, that many leaves, evenly spaced (each check runs the whole forward pass)."""
    spec, result = trace.spec, trace.results[iteration]
    at = list(spec.nodes)
    for p in spec.parameters:  # later iterations start from the updated parameters
        at[p] = dataclasses.replace(at[p], value=float(result.values[p]))
    base = dataclasses.replace(spec, nodes=tuple(at))
    leaves = [i for i, node in enumerate(base.nodes) if node.op in ("input", "parameter")]
    if limit is not None and limit < len(leaves):
        leaves = [leaves[k] for k in np.unique(np.linspace(0, len(leaves) - 1, limit).round().astype(int))]
    checks = []
    for i in leaves:
        node = base.nodes[i]
        numeric = (_output(base, i, node.value + h) - _output(base, i, node.value - h)) / (2 * h)
        checks.append(ParameterCheck(trace.grad_name(i), 0, i, None, float(result.grads[i]), numeric))
    return checks
