"""One iteration of a graph: forward values, backward contributions, parameter update.

The order of the work is the order of the steps (CONTRACT 6.2): forward in definition
order; backward from d<out>/d<out> = 1 through every operation node in reverse definition
order, each operand left to right (constants left out), one contribution each; then the
update of each parameter. Every contribution's local derivative, upstream gradient and
running sum is kept, so the trace only indexes arrays.

The loops are plain Python over floats (a graph is sequential by nature); `GraphPlan`
prepares each node's function and operands once, so 64,000 nodes take a fraction of a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import ConfigError, NumericError
from .ops import FORWARD, LOCAL, DomainError, domain_message
from .parser import ARITY
from .spec import LEAF_OPS, OPERATORS, GraphSpec

ARITY_OF = {**{op: 2 for op in OPERATORS}, "neg": 1, **ARITY}
"""Operands each operation takes."""
_TROUBLE = (ValueError, ZeroDivisionError, OverflowError)


@dataclass(frozen=True, eq=False)
class GraphPlan:
    """What every iteration of one graph shares: operands, the order of the backward
    contributions, and which node each step writes. Built and checked once per spec."""

    spec: GraphSpec
    ops: np.ndarray
    """Indices of the operation nodes, in definition order."""
    arg0: np.ndarray
    """First operand of each node (-1 for a leaf)."""
    arg1: np.ndarray
    """Second operand of each node (-1 if it has fewer)."""
    const: np.ndarray
    """True for constants: shown, never given a gradient."""
    edge_src: np.ndarray
    """Backward contributions in step order: the operation node the gradient flows from,"""
    edge_pos: np.ndarray
    """which of its operands (0 or 1) it flows to,"""
    edge_dst: np.ndarray
    """and that operand's node."""
    edge_first: np.ndarray
    """True where the contribution is the operand's first (shown "=", later ones "+=")."""
    edge_prev: np.ndarray
    """The operand's contribution before this one (an index into the edges), -1 if first."""
    parameters: np.ndarray
    """Parameter node indices, in declaration order."""
    forward_plan: tuple[tuple[int, object, int, int], ...]
    backward_plan: tuple[tuple[int, object, int, int, tuple[tuple[int, int], ...]], ...]

    @property
    def size(self) -> int:
        """Number of nodes."""
        return len(self.spec.nodes)


def make_plan(spec: GraphSpec) -> GraphPlan:
    """Check the spec's structure (it may come from Python code, not only a config) and
    prepare its iterations."""
    where, nodes = spec.source, spec.nodes
    if not nodes:
        raise ConfigError(f"{where}: nodes: no nodes")
    if len({node.name for node in nodes}) != len(nodes):
        raise ConfigError(f"{where}: nodes: two nodes have the same name")
    n = len(nodes)
    # Plain lists in the loop: numpy element access costs ~10x a list's, per node.
    arg0, arg1, const = [-1] * n, [-1] * n, [False] * n
    forward, backward, ops = [], [], []
    leaf_ops, arity_of = LEAF_OPS, ARITY_OF
    for i, node in enumerate(nodes):
        op, inputs = node.op, node.inputs
        if op in leaf_ops:
            if inputs or node.value is None or not math.isfinite(node.value):
                raise ConfigError(f"{where}: {node.name}: a {op} needs a finite value and no operands")
            const[i] = op == "const"
            continue
        if arity_of.get(op) != len(inputs):
            raise ConfigError(f"{where}: {node.name}: unknown op {op!r} or wrong number of operands")
        a = inputs[0]
        b = inputs[1] if len(inputs) > 1 else -1
        if not 0 <= a < i or (len(inputs) > 1 and not 0 <= b < i):
            raise ConfigError(f"{where}: {node.name}: an operand is not defined before the node")
        arg0[i], arg1[i] = a, b
        ops.append(i)
        forward.append((i, FORWARD[op], a, b))
    src: list[int] = []
    pos: list[int] = []
    dst: list[int] = []
    for i in reversed(ops):
        node = nodes[i]
        inputs = node.inputs
        a = inputs[0]
        if len(inputs) == 1:
            edges: tuple[tuple[int, int], ...] = () if const[a] else ((0, a),)
        else:
            b = inputs[1]
            edges = tuple(e for e in ((0, a), (1, b)) if not const[e[1]])
        op = "**c" if node.op == "**" and const[inputs[1]] else node.op
        backward.append((i, LOCAL[op], arg0[i], arg1[i], edges))
        for p, k in edges:
            src.append(i)
            pos.append(p)
            dst.append(k)
    if not 0 <= spec.output < n or nodes[spec.output].op in LEAF_OPS:
        raise ConfigError(f"{where}: output: not an operation node")
    if any(not 0 <= p < n or nodes[p].op != "parameter" for p in spec.parameters):
        raise ConfigError(f"{where}: parameters: not every parameter is a parameter leaf")
    dst = np.array(dst, dtype=np.int32)
    order = np.argsort(dst, kind="stable")  # each operand's contributions, in step order
    prev = np.full(len(dst), -1, dtype=np.int64)
    same = dst[order][1:] == dst[order][:-1]
    prev[order[1:][same]] = order[:-1][same]
    return GraphPlan(spec=spec, ops=np.array(ops, dtype=np.int32),
                     arg0=np.array(arg0, dtype=np.int32), arg1=np.array(arg1, dtype=np.int32),
                     const=np.array(const, dtype=bool), edge_src=np.array(src, dtype=np.int32),
                     edge_pos=np.array(pos, dtype=np.int8), edge_dst=dst, edge_first=prev < 0, edge_prev=prev,
                     parameters=np.array(spec.parameters, dtype=np.int32),
                     forward_plan=tuple(forward), backward_plan=tuple(backward))


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


def run_iteration(plan: GraphPlan, parameters: np.ndarray, iteration: int = 0) -> GraphResult:
    """Forward, backward and update with the parameters at `parameters` (declaration order)."""
    spec = plan.spec
    values = forward_values(plan, parameters, iteration)
    vals = np.array(values)

    grads = [0.0] * plan.size
    grads[spec.output] = 1.0
    local: list[float] = []
    upstream: list[float] = []
    running: list[float] = []
    try:
        for i, fn, a, b, edges in plan.backward_plan:
            up = grads[i]
            partial = fn(values[a], values[b] if b >= 0 else 0.0, values[i])
            for pos, k in edges:
                d = partial[pos]
                total = grads[k] + up * d
                grads[k] = total
                local.append(d)
                upstream.append(up)
                running.append(total)
    except _TROUBLE as error:
        raise _numeric(plan, i, iteration, str(error) if isinstance(error, DomainError)
                       else f"its local derivative overflows ({error})") from None
    arrays = (np.array(local), np.array(upstream), np.array(running))
    for what, array in zip(("local derivative", "upstream gradient", "gradient"), arrays):
        bad = np.flatnonzero(~np.isfinite(array))
        if len(bad):
            k = int(plan.edge_src[bad[0]])
            raise _numeric(plan, k, iteration, f"a {what} became {_inf_or_nan(array[bad[0]])} "
                                               f"in the backward pass (an overflow)")
    g = np.array(grads)
    g[plan.const] = np.nan

    new = None
    if spec.learning_rate is not None:
        with np.errstate(all="ignore"):
            new = vals[plan.parameters] - spec.learning_rate * g[plan.parameters]
        bad = np.flatnonzero(~np.isfinite(new))
        if len(bad):
            name = spec.nodes[int(plan.parameters[bad[0]])].name
            raise NumericError(f"{spec.source}: parameters.{name}: the update became "
                               f"{_inf_or_nan(new[bad[0]])}{_when(iteration)} (try a smaller learning_rate)")
    return GraphResult(values=vals, grads=g, local=arrays[0], upstream=arrays[1],
                       running=arrays[2], new_parameters=new)


def forward_values(plan: GraphPlan, parameters: np.ndarray, iteration: int = 0) -> list[float]:
    """Every node's value with the parameters at `parameters` (declaration order): the
    forward pass alone, all a finite difference needs (the gradient check nudges a leaf
    to where a derivative may be undefined, its value not). NumericError if a value is
    undefined or not finite."""
    values: list[float] = [0.0 if node.value is None else node.value for node in plan.spec.nodes]
    for p, v in zip(plan.parameters.tolist(), parameters.tolist()):
        values[p] = v
    i = -1
    try:
        for i, fn, a, b in plan.forward_plan:
            values[i] = fn(values[a]) if b < 0 else fn(values[a], values[b])
    except _TROUBLE as error:
        raise _numeric(plan, i, iteration, _why(plan, i, values, error)) from None
    for k, value in enumerate(values):
        if not math.isfinite(value):
            raise _numeric(plan, k, iteration, f"the value became {_inf_or_nan(value)} (an overflow)")
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
