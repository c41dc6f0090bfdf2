"""A graph trace's steps as numpy columns, one row a step, in execution order.

The structure of an iteration (which node each step writes, which node a contribution
flows from) is the same every iteration, so it is built once and tiled; only the numbers
differ. Slot ids, for `TraceState` look-ups, are laid out per iteration as
[node values | node gradients | updated parameters | each optimizer operation's value
per parameter].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..optim import OP_KIND
from ..steps import StepKind as K
from .compute import GraphPlan, GraphResult


@dataclass(frozen=True, eq=False)
class GraphTable:
    """Columns of equal length; -1 means "none" in source and operand, NaN in the floats."""

    kind: np.ndarray
    iteration: np.ndarray
    node: np.ndarray
    """The node whose value (forward, update) or gradient (backward) the step writes."""
    source: np.ndarray
    """Backward contributions: the operation node the gradient flows from."""
    operand: np.ndarray
    """Backward contributions: which operand of `source` (0 or 1)."""
    value: np.ndarray
    slot: np.ndarray
    local: np.ndarray
    upstream: np.ndarray
    previous: np.ndarray
    """The running gradient before a "+=" contribution; NaN for every other step."""

    def __len__(self) -> int:
        return len(self.kind)


def _ops(plan: GraphPlan) -> tuple[str, ...]:
    """The optimizer's operations before each update (none without a learning rate)."""
    return plan.spec.optimizer.ops if plan.spec.learning_rate is not None else ()


def slot_width(plan: GraphPlan) -> int:
    """Slots one iteration uses: a value and a gradient per node, per parameter one for
    its update and one for each optimizer operation."""
    return 2 * plan.size + len(plan.parameters) * (1 + len(_ops(plan)))


def optimizer_slot(plan: GraphPlan, op: str, k: int) -> int:
    """The slot (in iteration 0) of optimizer operation `op` on the k-th parameter."""
    return 2 * plan.size + len(plan.parameters) * (1 + _ops(plan).index(op)) + k


def steps_per_iteration(plan: GraphPlan) -> int:
    """Forward operations, the seed, backward contributions, and the updates (each with
    the optimizer's operations before it)."""
    updates = len(plan.parameters) * (1 + len(_ops(plan))) if plan.spec.learning_rate is not None else 0
    return len(plan.ops) + 1 + len(plan.edge_dst) + updates


def build_graph_table(plan: GraphPlan, results: list[GraphResult]) -> GraphTable:
    """The step table of every iteration."""
    n, ops, edges = plan.size, plan.ops, len(plan.edge_dst)
    params = plan.parameters if plan.spec.learning_rate is not None else plan.parameters[:0]
    opt_ops = _ops(plan)
    # The update phase, per parameter: its optimizer operations, then its update.
    per_param = len(opt_ops) + 1
    update_kind = np.tile([*(OP_KIND[op] for op in opt_ops), K.PARAM_UPDATE], len(params))
    update_slot = (2 * n + np.arange(len(params))[:, None]
                   + len(params) * np.array([*range(1, per_param), 0])[None, :]).ravel()
    params_rep = np.repeat(params, per_param)
    none = np.full(len(ops) + 1, -1)
    kind = np.concatenate([np.full(len(ops), K.OP), [K.SEED], np.full(edges, K.GRAD),
                           update_kind]).astype(np.int8)
    node = np.concatenate([ops, [plan.spec.output], plan.edge_dst, params_rep]).astype(np.int32)
    source = np.concatenate([none, plan.edge_src, np.full(len(params_rep), -1)]).astype(np.int32)
    operand = np.concatenate([none, plan.edge_pos, np.full(len(params_rep), -1)]).astype(np.int8)
    slot = np.concatenate([ops, [n + plan.spec.output], n + plan.edge_dst,
                           update_slot]).astype(np.int64)
    per, its = len(kind), len(results)
    nan = np.full(len(ops) + 1, np.nan)
    tail = np.full(len(params_rep), np.nan)
    value, local, upstream, previous = [], [], [], []
    has_prev = plan.edge_prev >= 0
    for r in results:
        if not len(params):
            updated = tail
        else:
            columns = [r.optim.values[op] for op in opt_ops] if opt_ops else []
            updated = np.stack([*columns, r.new_parameters], axis=1).ravel()
        value.append(np.concatenate([r.values[ops], [1.0], r.running, updated]))
        local.append(np.concatenate([nan, r.local, tail]))
        upstream.append(np.concatenate([nan, r.upstream, tail]))
        before = np.where(has_prev, r.running[np.maximum(plan.edge_prev, 0)], np.nan)
        previous.append(np.concatenate([nan, before, tail]))
    offsets = np.repeat(np.arange(its, dtype=np.int64) * slot_width(plan), per)
    columns = {
        "kind": np.tile(kind, its), "iteration": np.repeat(np.arange(its, dtype=np.int32), per),
        "node": np.tile(node, its), "source": np.tile(source, its),
        "operand": np.tile(operand, its), "value": np.concatenate(value),
        "slot": np.tile(slot, its) + offsets, "local": np.concatenate(local),
        "upstream": np.concatenate(upstream), "previous": np.concatenate(previous),
    }
    for array in columns.values():
        array.flags.writeable = False
    return GraphTable(**columns)
