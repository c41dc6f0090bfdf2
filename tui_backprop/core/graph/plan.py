"""What every iteration of one graph shares, checked and prepared once per spec.

A spec may come from Python code, not only from a config, so its structure is checked
here. The checks and the bookkeeping (operands, which nodes are constants, the backward
contributions in step order and each one's predecessor on the same operand) are numpy
over the whole graph; one pass over the nodes reads their fields. A spec the fast checks
find fault with, or whose fields are not the plain floats and ints the parsers make, goes
through the node-by-node check instead, so the message is the same either way: the first
faulty node in definition order.
"""

from __future__ import annotations

import math
from itertools import chain
from dataclasses import dataclass

import numpy as np

from ..errors import ConfigError
from .ops import FORWARD, LOCAL
from .parser import ARITY
from .columns import trusted
from .spec import FUNCTIONS, LEAF_OPS, OPERATORS, GraphSpec

ARITY_OF = {**{op: 2 for op in OPERATORS}, "neg": 1, **ARITY}
"""Operands each operation takes."""
CODES: tuple[str, ...] = ("input", "parameter", "const", *OPERATORS, *FUNCTIONS)
"""Every op, numbered by its place here; leaves first (codes 0-2)."""
CODE = {op: k for k, op in enumerate(CODES)}
CONST = CODE["const"]
UNKNOWN = len(CODES)
_FORWARD = [FORWARD.get(op) for op in CODES]
"""FORWARD of each code (None for the leaves)."""
_ARITY = np.array([0, 0, 0, *(ARITY_OF[op] for op in CODES[3:]), -1], dtype=np.int64)


@dataclass(frozen=True, eq=False)
class GraphPlan:
    """What every iteration of one graph shares: operands, the order of the backward
    contributions, and which node each step writes. Built and checked once per spec."""

    spec: GraphSpec
    ops: np.ndarray
    """Indices of the operation nodes, in definition order."""
    code: np.ndarray
    """Each node's op as its index in CODES."""
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
    initial: tuple[float, ...]
    """Each node's given value (0.0 for an operation): where every forward pass starts."""
    forward_plan: tuple[tuple[int, object, int, int], ...]
    """(node, function, operand, operand or -1) of each operation, in definition order."""
    backward_edges: tuple[list[int], list[int]]
    """edge_src and edge_dst as lists, for the backward pass's loop."""

    @property
    def size(self) -> int:
        """Number of nodes."""
        return len(self.spec.nodes)


def make_plan(spec: GraphSpec) -> GraphPlan:
    """Check the spec's structure and prepare its iterations. A spec whose builder handed
    over its nodes as columns (`columns.trusted`: the Value converter's) is correct by
    construction, and its columns are read instead of its nodes."""
    where, nodes = spec.source, spec.nodes
    if not nodes:
        raise ConfigError(f"{where}: nodes: no nodes")
    n = len(nodes)
    columns = trusted(spec)
    if columns is not None:
        code = np.array(columns.code, dtype=np.int64)
        args = np.empty((n, 2), dtype=np.int64)
        args[:, 0], args[:, 1] = columns.arg0, columns.arg1
        given = columns.values
    else:
        code, args, given = _checked_columns(spec)
    if not 0 <= spec.output < n or nodes[spec.output].op in LEAF_OPS:
        raise ConfigError(f"{where}: output: not an operation node")
    if any(not 0 <= p < n or nodes[p].op != "parameter" for p in spec.parameters):
        raise ConfigError(f"{where}: parameters: not every parameter is a parameter leaf")

    const = code == CONST
    arg0, arg1 = args[:, 0].copy(), args[:, 1].copy()
    op_nodes = np.flatnonzero(code > CONST)
    # Backward: operation nodes in reverse definition order, each operand left to right,
    # constants left out.
    back = op_nodes[::-1]
    src = np.repeat(back, 2)
    pos = np.tile(np.array([0, 1], dtype=np.int64), len(back))
    dst = args[back].ravel()
    keep = dst >= 0
    keep[keep] = ~const[dst[keep]]
    src, pos, dst = src[keep], pos[keep], dst[keep]
    order = np.argsort(dst, kind="stable")  # each operand's contributions, in step order
    prev = np.full(len(dst), -1, dtype=np.int64)
    same = dst[order][1:] == dst[order][:-1]
    prev[order[1:][same]] = order[:-1][same]

    op_list = op_nodes.tolist()
    forward = tuple(zip(op_list, map(_FORWARD.__getitem__, code[op_nodes].tolist()),
                        arg0[op_nodes].tolist(), arg1[op_nodes].tolist()))
    initial = tuple([0.0 if v is None else v for v in given])
    return GraphPlan(spec=spec, ops=op_nodes.astype(np.int32), code=code,
                     arg0=arg0.astype(np.int32), arg1=arg1.astype(np.int32), const=const,
                     edge_src=src.astype(np.int32), edge_pos=pos.astype(np.int8),
                     edge_dst=dst.astype(np.int32), edge_first=prev < 0, edge_prev=prev,
                     parameters=np.array(spec.parameters, dtype=np.int32),
                     initial=initial, forward_plan=forward,
                     backward_edges=(src.tolist(), dst.tolist()))


def _checked_columns(spec: GraphSpec) -> tuple[np.ndarray, np.ndarray, list]:
    """Each node's op code, (nodes, 2) operands and given value, read from the nodes and
    checked (ConfigError for the first faulty node)."""
    nodes = spec.nodes
    if len({node.name for node in nodes}) != len(nodes):
        raise ConfigError(f"{spec.source}: nodes: two nodes have the same name")
    ops = [node.op for node in nodes]
    inputs = [node.inputs for node in nodes]
    given = [node.value for node in nodes]
    code = np.array([CODE.get(op, UNKNOWN) for op in ops], dtype=np.int64)
    count = np.fromiter(map(len, inputs), dtype=np.int64, count=len(nodes))
    args = _operands(inputs, count)
    if args is None or not _plain(given, code) or _suspects(code, count, given, args).any():
        _check_each(spec)  # raises, naming the first faulty node (or passes unusual types)
        if args is None:  # valid, but with operands numpy did not read as ints (bools)
            args = _operands([tuple(map(int, x)) for x in inputs], count)
    return code, args, given


def _operands(inputs: list, count: np.ndarray) -> np.ndarray | None:
    """(nodes, 2): each node's first two operands, -1 where it has fewer; None unless all
    operands are plain ints (the node-by-node check judges anything else)."""
    flat = np.array(list(chain.from_iterable(inputs)))
    if len(flat) and flat.dtype.kind != "i":
        return None
    flat = flat.astype(np.int64)
    start = np.cumsum(count) - count
    args = np.full((len(inputs), 2), -1, dtype=np.int64)
    for k in (0, 1):
        has = count > k
        args[has, k] = flat[start[has] + k]
    return args


def _plain(given: list, code: np.ndarray) -> bool:
    """Whether every leaf's value is a float or an int (what the fast checks can read)."""
    leaves = np.flatnonzero(code <= CONST).tolist()
    return all(type(given[i]) in (float, int) for i in leaves)


def _suspects(code: np.ndarray, count: np.ndarray, given: list, args: np.ndarray) -> np.ndarray:
    """Nodes that may break a rule of `_check_each` (at least every node that does)."""
    n = len(code)
    leaf = code <= CONST
    leaves = np.flatnonzero(leaf)
    try:
        values = np.array([given[i] for i in leaves.tolist()], dtype=np.float64)
    except OverflowError:  # an int too large for a float: judged node by node
        return np.ones(1, dtype=bool)
    bad = np.zeros(n, dtype=bool)
    bad[leaves] = (count[leaves] > 0) | ~np.isfinite(values)
    operation = ~leaf
    bad |= operation & (_ARITY[code] != count)
    here = np.arange(n)
    a, b = args[:, 0], args[:, 1]
    bad |= operation & ((a < 0) | (a >= here) | ((count > 1) & ((b < 0) | (b >= here))))
    return bad


def _check_each(spec: GraphSpec) -> None:
    """The rules node by node, in definition order: raise for the first faulty node."""
    where, nodes = spec.source, spec.nodes
    for i, node in enumerate(nodes):
        op, inputs = node.op, node.inputs
        if op in LEAF_OPS:
            if inputs or node.value is None or not math.isfinite(node.value):
                raise ConfigError(f"{where}: {node.name}: a {op} needs a finite value and no operands")
            continue
        if ARITY_OF.get(op) != len(inputs):
            raise ConfigError(f"{where}: {node.name}: unknown op {op!r} or wrong number of operands")
        if not 0 <= inputs[0] < i or (len(inputs) > 1 and not 0 <= inputs[1] < i):
            raise ConfigError(f"{where}: {node.name}: an operand is not defined before the node")


def local_op(plan: GraphPlan, node: int) -> str:
    """The LOCAL key of an operation node: "**c" for a power with a constant exponent."""
    op = plan.spec.nodes[node].op
    return "**c" if op == "**" and plan.const[plan.arg1[node]] else op


__all__ = ["ARITY_OF", "CODES", "GraphPlan", "LOCAL", "local_op", "make_plan"]
