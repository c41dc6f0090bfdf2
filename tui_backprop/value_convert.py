"""The converter's fast path: a `Value` graph as a GraphSpec in one depth-first pass.

`value_graph` converts in steps (topological order, the parameter set, then node by node,
each checked); this does the same work in a single pass over the graph, and hands the plan
builder the columns it would otherwise read back from the nodes (`core.graph.columns`).
Anything out of the ordinary (an unknown op, a cycle, a number that is not a finite float,
a misused `parameters`, a graph too large, any exception at all) raises `Unusual`, and the
caller converts the graph the checked way instead, which gives the message. So this path
only ever meets graphs the checked path accepts, and must give exactly its spec: same
order (depth-first post-order from the root over operands in operand order), names,
groups, ops, inputs, values (tests compare the two on random graphs).
"""

from __future__ import annotations

import math
from operator import is_not
from functools import partial

import numpy as np
from collections.abc import Sequence

from .core.graph.columns import NodeColumns, attach
from .core.graph.plan import CODE
from .core.graph.spec import GraphSpec, graph_nodes
from .engine import Value, _Const

ROOT_NAME = "L"
_OPS = {"+": ("+", 2, CODE["+"]), "*": ("*", 2, CODE["*"]), "ReLU": ("relu", 1, CODE["relu"]),
        "tanh": ("tanh", 1, CODE["tanh"]), "exp": ("exp", 1, CODE["exp"]),
        "log": ("log", 1, CODE["log"]), "sigmoid": ("sigmoid", 1, CODE["sigmoid"])}
"""micrograd op -> (graph op, operands, code in CODES); as value_graph._OPS."""
_POWER, _CONST = CODE["**"], CODE["const"]
_LEAF_CODE = {"parameter": CODE["parameter"], "input": CODE["input"]}


_HAS_GROUP = partial(is_not, None)


class Unusual(Exception):
    """The graph needs the checked converter (which says what is wrong, if anything)."""


def _finite(x: object) -> float:
    """x as a float if it is a real, finite number the checked path takes as it is."""
    if type(x) is float:
        if x - x == 0.0:  # inf - inf and nan - nan are nan
            return x
    elif type(x) is int or type(x) is bool:
        value = float(x)  # OverflowError past float's range (convert: Unusual)
        if math.isfinite(value):
            return value
    raise Unusual


def convert(root: Value, learning_rate: float | None, parameters: Sequence[Value] | None,
            namer: object, max_nodes: int, source: str) -> GraphSpec:
    """root's GraphSpec, as value_graph's checked converter makes it; Unusual otherwise.

    `namer` is a fresh value_names.Namer; `parameters` a list (or None: every leaf the
    program made)."""
    try:
        return _convert(root, learning_rate, parameters, namer, max_nodes, source)
    except Exception as error:  # whatever a hand-made graph raises, the checked path judges
        raise Unusual from error


def _convert(root: Value, learning_rate: float | None, parameters: Sequence[Value] | None,
             namer: object, max_nodes: int, source: str) -> GraphSpec:
    if parameters is not None:
        if not all(isinstance(p, Value) for p in parameters):
            raise Unusual
        param_set: set[Value] | None = set(parameters)
    else:
        param_set = None
    label_name, constant_name, operation_name, taken = (
        namer.label, namer.constant, namer.operation, namer.taken)  # type: ignore[attr-defined]
    names: list[str] = []
    ops: list[str] = []
    inputs: list[tuple[int, ...]] = []
    values: list[float | None] = []
    groups: list[str | None] = []
    code: list[int] = []
    arg0: list[int] = []
    arg1: list[int] = []
    defaults: list[int] = []  # leaves the program made, in node order (the default parameters)
    index: dict[Value, int] = {}  # placed nodes; -1 while a node's operands are being placed
    get = index.get
    stack = [root]
    push, pop = stack.append, stack.pop
    while stack:
        v = pop()
        i = get(v)
        if i is not None:
            if i >= 0:
                continue  # reached twice before it was placed: placed already
        else:
            children = v._children
            if children:  # its operands first, left to right, then (popped again) itself
                index[v] = -1
                push(v)
                if len(children) == 2:  # most operations: unrolled
                    a, b = children
                    if b not in index:
                        push(b)
                    if a not in index:
                        push(a)
                else:
                    for c in reversed(children):
                        if c not in index:
                            push(c)
                continue
            if v._op:
                raise Unusual  # an operation without operands
            # A leaf: placed now, as the post-order places it.
            i = len(code)
            label = v.label
            value = _finite(v.data)
            if type(v) is _Const and (param_set is None or v not in param_set):
                name, op = label_name(label) if label else constant_name(value), "const"
            else:
                name = label_name(label) if label else namer.anonymous()  # type: ignore[attr-defined]
                if param_set is None:
                    op = "parameter"
                    defaults.append(i)
                else:
                    op = "parameter" if v in param_set else "input"
            index[v] = i
            names.append(name)
            ops.append(op)
            inputs.append(())
            values.append(value)
            groups.append(None)
            code.append(_CONST if op == "const" else _LEAF_CODE[op])
            arg0.append(-1)
            arg1.append(-1)
            continue
        # An operation whose operands are placed (or, in a cycle, still -1).
        children = v._children
        known = _OPS.get(v._op)
        if known is not None and known[1] == len(children):
            op, arity, c = known
            if arity == 2:
                a, b = children
                ia, ib = index[a], index[b]
                if ia < 0 or ib < 0:
                    raise Unusual  # a cycle
                operands: tuple[int, ...] = (ia, ib)
            else:
                ia, ib = index[children[0]], -1
                if ia < 0:
                    raise Unusual
                operands = (ia,)
        else:
            op, c = "**", _POWER
            text = v._op
            if type(text) is not str or text[:2] != "**" or len(children) != 1:
                raise Unusual
            ia = index[children[0]]
            if ia < 0:
                raise Unusual
            try:
                k = float(text[2:])
            except (ValueError, OverflowError):
                raise Unusual from None
            if k - k != 0.0:
                raise Unusual
            ib = len(code)  # the exponent: a const operand, just before
            names.append(constant_name(k))
            ops.append("const")
            inputs.append(())
            values.append(k)
            groups.append(None)
            code.append(_CONST)
            arg0.append(-1)
            arg1.append(-1)
            operands = (ia, ib)
        i = len(code)
        label = v.label
        if label or (v is root and not taken(ROOT_NAME)):
            name = group = label_name(label or ROOT_NAME)
        else:
            name = operation_name(op, operands)
            group = name if v is root else None
        data = v.data
        if type(data) is not float or data - data != 0.0:
            _finite(data)
        index[v] = i
        names.append(name)
        ops.append(op)
        inputs.append(operands)
        values.append(None)
        groups.append(group)
        code.append(c)
        arg0.append(ia)
        arg1.append(ib)
    if len(code) > max_nodes:
        raise Unusual
    if parameters is None:
        chosen = defaults
    else:
        chosen = []
        for p in dict.fromkeys(parameters):
            j = get(p)
            if j is not None:
                if p._children:
                    raise Unusual  # a computed value given as a parameter
                chosen.append(j)
    nodes = graph_nodes(names, ops, inputs, values, _fill_groups(groups, arg0, arg1))
    output = index[root]
    spec = GraphSpec(nodes=nodes, output=output, parameters=tuple(chosen),
                     learning_rate=None if learning_rate is None else float(learning_rate),
                     name=names[output], source=source)
    attach(spec, NodeColumns(nodes, code, arg0, arg1, values))
    return spec


def _fill_groups(groups: list[str | None], arg0: list[int], arg1: list[int]) -> list[str | None]:
    """Each unlabelled operation takes the group of its first consumer (value_graph._groups):
    follow first consumers from every node to one with a group of its own (a labelled one,
    or the root), by pointer doubling over the whole graph at once."""
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
