"""The converter: a `Value` graph as a GraphSpec, in one depth-first pass.

Nodes come in depth-first post-order from the root over the operands in operand order
(micrograd's build_topo, without recursion), each named (`value_names`), checked and
written to columns as it is placed; the plan builder gets those columns with the spec
(`core.graph.columns`) and need not read the 64,000 nodes back. The ordinary case is
inline; anything else goes to `value_faults`, which says what is wrong, naming the first
faulty node in node order. A hand-edited graph that raises on reading (operands that are
not Values, an op that cannot be hashed, ...) is caught around the pass and explained
there too, so no exception from inside a graph escapes as a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from operator import is_not

import numpy as np

from . import value_faults as fault
from .core.errors import ConfigError
from .core.graph.columns import NodeColumns, attach
from .core.graph.plan import CODE
from .core.graph.spec import GraphSpec, graph_nodes
from .engine import Value, _Const
from .value_faults import SOURCE
from .value_names import Namer

ROOT_NAME = "L"
"""Name of an unlabelled output operation (see value_names)."""
_OPS = {k: (op, arity, CODE[op]) for k, (op, arity) in fault.OPS.items()}
"""micrograd op -> (graph op, operands, code in plan.CODES)."""
_POWER, _CONST = CODE["**"], CODE["const"]
_LEAF_CODE = {"parameter": CODE["parameter"], "input": CODE["input"]}
_NO_OPERANDS = ()  # every empty tuple is this one in CPython: one `is` for the ordinary leaf


def _plain(x: object) -> float | None:
    """x as a float if it is a finite float, int or bool (nearly every node); else None,
    and `value_faults.finite` looks closer (a numpy float is fine, a string is not)."""
    if type(x) is float:
        if x - x == 0.0:  # inf - inf and nan - nan are nan
            return x
    elif type(x) is int or type(x) is bool:
        try:
            return float(x)  # an int is finite; past float's range it is refused
        except OverflowError:
            pass
    return None


def convert(root: Value, learning_rate: float | None, parameters: Sequence[Value] | None,
            max_nodes: int) -> GraphSpec:
    """root's GraphSpec; a ConfigError (or TypeError for a `parameters` item that is not
    a Value) naming the first fault otherwise.

    `parameters`: the leaves the update changes, a list (None: every leaf the program
    made); `learning_rate` is taken as checked. Nodes past `max_nodes` are refused."""
    if parameters is not None:
        fault.parameter_values(parameters)
        param_set: set[Value] | None = set(parameters)
    else:
        param_set = None
    namer = Namer()
    label_name, constant_name, operation_name, taken = (
        namer.label, namer.constant, namer.operation, namer.taken)
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
    v = root
    try:  # free in Python 3.11 until something raises
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
                if children is not _NO_OPERANDS and not isinstance(children, (tuple, list)):
                    raise fault.not_a_sequence(v)  # None, 0, "": not even a leaf's ()
                if v._op:
                    fault.operation(v)  # an op without operands: every op takes one or two
                # A leaf: placed now, as the post-order places it.
                i = len(code)
                label = v.label
                if label and type(label) is not str:
                    fault.label(v)
                data = v.data
                if type(v) is _Const and (param_set is None or v not in param_set):
                    value = _plain(data)
                    if value is None:
                        value = fault.finite(data, f"constant {fault.short(label or data)}")
                    name, op = label_name(label) if label else constant_name(value), "const"
                else:
                    name = label_name(label) if label else namer.anonymous()
                    value = _plain(data)
                    if value is None:
                        value = fault.finite(data, f"node {fault.short(name)}")
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
                        raise fault.cycle(v)
                    operands: tuple[int, ...] = (ia, ib)
                else:
                    ia, ib = index[children[0]], -1
                    if ia < 0:
                        raise fault.cycle(v)
                    operands = (ia,)
            else:
                op, c = fault.operation(v), _POWER  # x**k is all it can be: the rest is refused
                ia = index[children[0]]
                if ia < 0:
                    raise fault.cycle(v)
                k = fault.exponent(v)
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
                if label and type(label) is not str:
                    fault.label(v)
                name = group = label_name(label or ROOT_NAME)
            else:
                name = operation_name(op, operands)
                group = name if v is root else None
            data = v.data
            if (type(data) is not float or data - data != 0.0) and _plain(data) is None:
                fault.finite(data, f"node {fault.short(name)}")
            index[v] = i
            names.append(name)
            ops.append(op)
            inputs.append(operands)
            values.append(None)
            groups.append(group)
            code.append(c)
            arg0.append(ia)
            arg1.append(ib)
    except (ConfigError, MemoryError):
        raise
    except Exception as error:  # a hand-edited graph raised: say where and why
        raise fault.unreadable(v, stack, index, error) from None
    if len(code) > max_nodes:
        raise fault.too_large(len(code), max_nodes)
    if parameters is None:
        chosen = defaults
    else:
        first: dict[int, None] = {}  # each parameter once, in the order given
        for n, p in enumerate(parameters):
            j = get(p)
            if j is not None:  # a parameter the loss does not use has nothing to show
                if p._children:
                    raise fault.computed_parameter(n, p)
                first[j] = None
        chosen = list(first)
    nodes = graph_nodes(names, ops, inputs, values, _fill_groups(groups, arg0, arg1))
    output = index[root]
    spec = GraphSpec(nodes=nodes, output=output, parameters=tuple(chosen),
                     learning_rate=None if learning_rate is None else float(learning_rate),
                     name=names[output], source=SOURCE)
    attach(spec, NodeColumns(nodes, code, arg0, arg1, values))
    return spec


_HAS_GROUP = partial(is_not, None)
"""group -> whether it is one (map() over 64k groups runs in C)."""


def _fill_groups(groups: list[str | None], arg0: list[int], arg1: list[int]) -> list[str | None]:
    """Every node's group, from each node's own (None: none of its own) and its operands
    (-1: none). A labelled operation is its own group, and so is the root; any other
    operation joins the group of its first consumer, so the steps that build a labelled
    value belong to it; leaves and constants have none. Found by following first consumers
    from every node to one with a group of its own, by pointer doubling over the whole
    graph at once (a 64k graph in a few numpy passes, not a Python loop per node)."""
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
