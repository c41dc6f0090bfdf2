"""One iteration of a graph: forward values, backward contributions, parameter update.

The order of the work is the order of the steps (CONTRACT 6.2): forward in definition
order; backward from d<out>/d<out> = 1 through every operation node in reverse definition
order, each operand left to right (constants left out), one contribution each; then the
update of each parameter. Every contribution's local derivative, upstream gradient and
running sum is kept, so the trace only indexes arrays.

The forward loop and the running sums of the backward pass are plain Python over floats
(they are sequential by nature), over what `GraphPlan` prepared once per spec; the local
derivatives are numpy over all nodes at once (`partials`), so 64,000 nodes take well under
a tenth of a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import NumericError
from ..optim import OptimStep, optimizer_step
from .ops import DomainError, domain_message
from .partials import LocalError, partials
from .plan import GraphPlan, make_plan
from .spec import GraphSpec

_TROUBLE = (ValueError, ZeroDivisionError, OverflowError)


@dataclass(frozen=True, eq=False)
class GraphResult:
    """The numbers of one iteration."""

    values: np.ndarray
    """Value of every node, (nodes,); the parameters as they were before the update."""
    grads: np.ndarray
    """d<out>/d<node> of every node, (nodes,); NaN for constants."""
    local: np.ndarray
    """Per backward contribution (GraphPlan.edge_* order): ∂src/∂operand,"""
    upstream: np.ndarray
    """d<out>/d<src>,"""
    running: np.ndarray
    """and the operand's gradient after the contribution."""
    new_parameters: np.ndarray | None
    """Parameters after the update, (parameters,); None without a learning rate."""
    optim: OptimStep | None = None
    """The optimizer's operations on the parameters (None for plain SGD)."""


def run_iteration(plan: GraphPlan, parameters: np.ndarray, iteration: int = 0,
                  previous: GraphResult | None = None) -> GraphResult:
    """Forward, backward and update with the parameters at `parameters` (declaration order);
    `previous` is the iteration before, whose optimizer state this one carries on."""
    spec = plan.spec
    values = forward_values(plan, parameters, iteration)
    vals = np.array(values)

    try:
        d0, d1 = partials(plan, values, vals, _TROUBLE)
    except LocalError as trouble:
        error = trouble.error
        raise _numeric(plan, trouble.node, iteration, str(error) if isinstance(error, DomainError)
                       else f"its local derivative overflows ({error})") from None
    src = plan.edge_src
    local = np.where(plan.edge_pos == 0, d0[src], d1[src])
    # The sequential part: each contribution adds to its operand's running sum, in step
    # order (the order of the additions decides the last bits).
    grads = [0.0] * plan.size
    grads[spec.output] = 1.0
    running: list[float] = []
    push = running.append
    for s, k, d in zip(plan.backward_edges[0], plan.backward_edges[1], local.tolist()):
        total = grads[k] + grads[s] * d
        grads[k] = total
        push(total)
    g = np.array(grads)
    # A node's gradient is final once the backward pass reaches it (every contribution to
    # it comes from a later node), so what each contribution multiplied by is g[src].
    upstream = g[src]
    arrays = (local, upstream, np.array(running))
    for what, array in zip(("local derivative", "upstream gradient", "gradient"), arrays):
        bad = np.flatnonzero(~np.isfinite(array))
        if len(bad):
            k = int(plan.edge_src[bad[0]])
            raise _numeric(plan, k, iteration, f"a {what} became {_inf_or_nan(array[bad[0]])} "
                                               f"in the backward pass (an overflow)")
    g[plan.const] = np.nan

    new, step = None, None
    if spec.learning_rate is not None:
        opt, lr = spec.optimizer, spec.learning_rate
        with np.errstate(all="ignore"):
            if opt.plain:
                new = vals[plan.parameters] - lr * g[plan.parameters]
            else:
                step = optimizer_step(opt, lr, vals[plan.parameters], g[plan.parameters],
                                      previous.optim if previous is not None else None)
                new = step.new
        checks = [(f"the {op} of the update", step.values[op]) for op in opt.ops] if step else []
        for what, array in [*checks, ("the update", new)]:
            bad = np.flatnonzero(~np.isfinite(array))
            if len(bad):
                name = spec.nodes[int(plan.parameters[bad[0]])].name
                raise NumericError(f"{spec.source}: parameters.{name}: {what} became "
                                   f"{_inf_or_nan(array[bad[0]])}{_when(iteration)} (try a smaller learning_rate)")
    return GraphResult(values=vals, grads=g, local=arrays[0], upstream=arrays[1],
                       running=arrays[2], new_parameters=new, optim=step)


def forward_values(plan: GraphPlan, parameters: np.ndarray, iteration: int = 0) -> list[float]:
    """Every node's value with the parameters at `parameters` (declaration order): the
    forward pass alone, all a finite difference needs (the gradient check nudges a leaf
    to where a derivative may be undefined, its value not). NumericError if a value is
    undefined or not finite."""
    values = list(plan.initial)
    for p, v in zip(plan.parameters.tolist(), parameters.tolist()):
        values[p] = v
    i = -1
    try:
        for i, fn, a, b in plan.forward_plan:
            values[i] = fn(values[a]) if b < 0 else fn(values[a], values[b])
    except _TROUBLE as error:
        raise _numeric(plan, i, iteration, _why(plan, i, values, error)) from None
    bad = np.flatnonzero(~np.isfinite(np.array(values)))
    if len(bad):
        k = int(bad[0])
        raise _numeric(plan, k, iteration, f"the value became {_inf_or_nan(values[k])} (an overflow)")
    return values


def field_of(spec: GraphSpec, index: int) -> str:
    """The config field a node comes from: `nodes.<formula>` (or the node's name)."""
    node = spec.nodes[index]
    return f"nodes.{node.group}" if node.group else f"node {node.name!r}"


def _why(plan: GraphPlan, i: int, values: list[float], error: Exception) -> str:
    node = plan.spec.nodes[i]
    a = values[node.inputs[0]]
    b = values[node.inputs[1]] if len(node.inputs) > 1 else None
    return domain_message(node.op, a, b)


def _numeric(plan: GraphPlan, i: int, iteration: int, what: str) -> NumericError:
    spec = plan.spec
    name = spec.nodes[i].name
    shown = name if len(name) <= 40 else name[:37] + "..."
    return NumericError(f"{spec.source}: {field_of(spec, i)}: {what} in {shown!r}{_when(iteration)}")


def _when(iteration: int) -> str:
    return f" (iteration {iteration + 1})" if iteration else ""


def _inf_or_nan(value: float) -> str:
    return "NaN" if math.isnan(value) else "infinite"
