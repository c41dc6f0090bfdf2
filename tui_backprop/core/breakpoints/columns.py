"""What a breakpoint tests, per step, as numpy columns: target names and factors.

Every iteration of a trace has the same steps in the same order (only the numbers differ),
so a step's target is that of the step at the same place in the first iteration: names
are made once per trace for one iteration, never by building a `Step` per row.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

import numpy as np

from ..ops import ACTIVATIONS
from ..steps import StepKind as K
from .pattern import bare_name

if TYPE_CHECKING:
    from ..graph.trace import GraphTrace
    from ..trace import Trace

    AnyTrace = Trace | GraphTrace


def is_graph(trace: AnyTrace) -> bool:
    """Whether the trace is a computation graph's (it has a spec, not a network)."""
    return hasattr(trace, "spec")


def per_iteration(trace: AnyTrace) -> int:
    """Steps in one iteration (the same in every one)."""
    return len(trace) // trace.iterations


_NAMES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""target_names per trace (a trace never changes; an edit makes a new one)."""


def target_names(trace: AnyTrace) -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray]:
    """(names, bare names, kinds) of the first iteration's steps: each step's target, the
    same without its sample mark (a sample's loss keeps it: `loss` is the batch's)."""
    if trace not in _NAMES:
        _NAMES[trace] = _target_names(trace)
    return _NAMES[trace]


def _target_names(trace: AnyTrace) -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray]:
    rows = range(per_iteration(trace))
    t = trace.table
    kinds = np.asarray(t.kind[:len(rows)])
    if is_graph(trace):
        spec = trace.spec
        names = tuple(trace.grad_name(int(n)) if k in (K.SEED, K.GRAD) else spec.nodes[int(n)].name
                      for k, n in zip(t.kind[:len(rows)].tolist(), t.node[:len(rows)].tolist()))
        return names, names, kinds
    names = tuple(_network_name(trace, *row) for row in zip(
        t.kind[:len(rows)].tolist(), t.layer[:len(rows)].tolist(), t.row[:len(rows)].tolist(),
        t.col[:len(rows)].tolist(), t.sample[:len(rows)].tolist()))
    bare = tuple(name if kind == K.SAMPLE_LOSS else bare_name(name)
                 for name, kind in zip(names, kinds.tolist()))
    return names, bare, kinds


def _network_name(trace: Trace, kind: int, l: int, j: int, k: int, s: int) -> str:
    """The target of one step, as `explain.make_step` names it."""
    n = trace.names
    sample = s if s >= 0 else None
    if kind == K.Z:
        return n.z(l, j, sample)
    if kind == K.ACTIVATION:
        return n.a(l, j, sample)
    if kind == K.SAMPLE_LOSS:
        return n.loss(sample)
    if kind == K.LOSS:
        return "loss"
    if kind in (K.OUTPUT_GRAD, K.ACTIVATION_GRAD):
        return n.grad(n.a(l, j, sample))
    if kind == K.Z_GRAD:
        return n.grad(n.z(l, j, sample))
    if kind == K.WEIGHT_GRAD:
        return n.grad(n.w(l, j, k))
    if kind == K.BIAS_GRAD:
        return n.grad(n.b(l, j))
    if kind == K.WEIGHT_UPDATE:
        return n.w(l, j, k)
    return n.b(l, j)  # BIAS_UPDATE


def previous_values(trace: AnyTrace, rows: np.ndarray) -> np.ndarray:
    """Each row's target's value one iteration earlier (the step at the same place in the
    iteration before); NaN in the first iteration."""
    per = per_iteration(trace)
    out = np.full(len(rows), np.nan)
    earlier = rows >= per
    out[earlier] = trace.table.value[rows[earlier] - per]
    return out


def factors(trace: AnyTrace, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(local derivative, upstream gradient) of each row, as its step shows them; NaN on
    steps without them (forward, loss, update, a softmax's dL/dz)."""
    t = trace.table
    if is_graph(trace):
        return np.asarray(t.local[rows]), np.asarray(t.upstream[rows])
    local, upstream = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
    kind, it, layer = t.kind[rows], t.iteration[rows], t.layer[rows]
    q, j, k = np.maximum(t.sample[rows], 0), t.row[rows], t.col[rows]
    results = trace.results

    def stack(li: int, field: str) -> np.ndarray:
        return np.stack([getattr(r.layers[li], field) for r in results])

    out = kind == K.OUTPUT_GRAD
    if out.any():
        local[out] = np.stack([r.loss_local for r in results])[it[out], q[out], j[out]]
        upstream[out] = 1.0 / trace.network.batch_size
    for l in np.unique(layer[(kind >= K.ACTIVATION_GRAD) & (kind <= K.BIAS_GRAD)]).tolist():
        li, here = l - 1, layer == l
        m = here & (kind == K.ACTIVATION_GRAD)  # unit `row` of layer l, through unit `col` of l + 1
        if m.any():
            local[m] = stack(l, "weights")[it[m], k[m], j[m]]
            upstream[m] = stack(l, "dz")[it[m], q[m], k[m]]
        m = here & (kind == K.Z_GRAD)
        if m.any() and ACTIVATIONS[trace.network.layers[li].activation].elementwise:
            local[m] = stack(li, "local")[it[m], q[m], j[m]]
            upstream[m] = stack(li, "da")[it[m], q[m], j[m]]
        m = here & np.isin(kind, (K.WEIGHT_GRAD, K.BIAS_GRAD))
        if m.any():
            upstream[m] = stack(li, "dz")[it[m], q[m], j[m]]
            w = here & (kind == K.WEIGHT_GRAD)
            local[w] = stack(li, "a_prev")[it[w], q[w], k[w]]
            local[here & (kind == K.BIAS_GRAD)] = 1.0
    return local, upstream
