"""A `Value` expression as a graph spec, and the trace the debugger steps through on it.

    L = (a * b + 10) * -2
    spec = graph_spec(L)              # GraphSpec: nodes in topological order
    trace = graph_trace(L)            # GraphTrace(spec, iterations)

The graph is what micrograd built, not a prettier one: `-x` is `x * -1` and `a - b` is
`a + b*-1`, as micrograd computes them. Each `Value` is one node, in depth-first post-order
from the root over its operands in operand order (the same on every run):

- a leaf the program made (`Value(2.0)`) is a "parameter" (the update phase changes it) or
  an "input": by default every such leaf is a parameter; given `parameters`, only those;
- a number an operator wrapped (the 10 of `x + 10`) is a "const";
- `x**k` is the operation "**" of x and a const node k (so k gets no gradient step);
- '+', '*', 'ReLU', 'tanh', 'exp', 'log', 'sigmoid' become "+", "*", "relu", "tanh", "exp",
  "log", "sigmoid".

Names: see `value_names` (an unlabelled output operation is `L`). Groups (what "step out" finishes): a labelled operation is its own
group; an unlabelled one joins the group of its first consumer in node order, so the steps
that build a labelled value belong to it; an unlabelled root is its own group.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .core.errors import ConfigError
from .core.gc_pause import collector_paused
from .core.graph.spec import GraphSpec, graph_nodes
from . import value_convert
from .engine import Value, _Const, topological_order
from .value_names import Namer

if TYPE_CHECKING:
    from .core.graph.trace import GraphTrace

MAX_NODES = 2_000_000
"""Largest graph converted (nodes, with the exponent constants)."""

SOURCE = "<python>"
ROOT_NAME = value_convert.ROOT_NAME
"""Name of an unlabelled output operation (see value_names)."""
_OPS = {"+": ("+", 2), "*": ("*", 2), "ReLU": ("relu", 1), "tanh": ("tanh", 1),
        "exp": ("exp", 1), "log": ("log", 1), "sigmoid": ("sigmoid", 1)}
"""micrograd op -> (graph op, number of operands); '**k' is handled apart."""


def _short(value: Any) -> str:
    """repr of a label, an op or a value, cut short: a message is one readable line."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _finite(x: Any, what: str) -> float:
    """x as a float, or a ConfigError naming `what` if it is not a real, finite number."""
    if type(x) is not float and type(x) is not int and not isinstance(x, numbers.Real):
        raise ConfigError(f"{SOURCE}: {what}: expected a real number, got {type(x).__name__} {_short(x)}")
    try:
        value = float(x)
    except OverflowError:  # an int past float's range (10**400)
        raise ConfigError(f"{SOURCE}: {what}: expected a finite number, got an integer too large") from None
    if not math.isfinite(value):
        raise ConfigError(f"{SOURCE}: {what}: expected a finite number, got {value}")
    return value


def _exponent(v: Value, name: str) -> float:
    try:
        return _finite(float(v._op[2:]), f"node {_short(name)} ({_short(v._op)})")
    except (ValueError, OverflowError):  # not a number; or "**" and 5,000 digits
        raise ConfigError(f"{SOURCE}: node {_short(name)}: unknown operation {_short(v._op)}") from None


def _operation(v: Value, name: str) -> str:
    """The graph op of an operation value, after checking its number of operands."""
    if isinstance(v._op, str) and v._op.startswith("**"):
        op, arity = "**", 1
    elif v._op in _OPS:
        op, arity = _OPS[v._op]
    else:
        known = ", ".join(repr(k) for k in (*_OPS, "**k"))
        raise ConfigError(f"{SOURCE}: node {_short(name)}: unknown operation {_short(v._op)} (known: {known})")
    if len(v._children) != arity:
        raise ConfigError(f"{SOURCE}: node {_short(name)}: {_short(v._op)} takes {arity} operand(s), "
                          f"got {len(v._children)}")
    return op


def _parameter_set(order: list[Value], parameters: Iterable[Value] | None) -> list[Value]:
    """The leaves the update phase changes, in the order given (default: node order)."""
    if parameters is None:
        return [v for v in order if not v._children and type(v) is not _Const]
    in_graph = set(order)
    chosen: dict[Value, None] = {}
    for i, p in enumerate(parameters):
        if not isinstance(p, Value):
            raise TypeError(f"parameters[{i}]: expected a Value, got {type(p).__name__}")
        if p in in_graph:  # a parameter the loss does not use has nothing to show
            if p._children:
                raise ConfigError(f"{SOURCE}: parameters[{i}]: {_short(p)} is computed "
                                  f"({_short(p._op)}), not a leaf the update can change")
            chosen[p] = None
    return list(chosen)


def graph_spec(root: Value, learning_rate: float | None = None,
               parameters: Iterable[Value] | None = None) -> GraphSpec:
    """The graph `root` was computed from, as a GraphSpec differentiating root."""
    if not isinstance(root, Value):
        raise TypeError(f"expected a Value, got {type(root).__name__}")
    if learning_rate is not None and not _finite(learning_rate, "learning_rate") > 0:
        raise ConfigError(f"{SOURCE}: learning_rate: expected a positive number, got {learning_rate}")
    with collector_paused():  # tens of thousands of new nodes and no garbage
        if parameters is not None:
            try:
                parameters = list(parameters)
            except Exception:  # not iterable: _parameter_set says so
                return _convert(root, learning_rate, parameters)
        try:
            return value_convert.convert(root, learning_rate, parameters, Namer(), MAX_NODES, SOURCE)
        except value_convert.Unusual:  # the checked path judges the graph
            return _convert(root, learning_rate, parameters)


def _convert(root: Value, learning_rate: float | None, parameters: Iterable[Value] | None) -> GraphSpec:
    order = topological_order(root)
    exponents = sum(1 for v in order if isinstance(v._op, str) and v._op[:2] == "**")
    if len(order) + exponents > MAX_NODES:
        raise ConfigError(f"{SOURCE}: graph too large: {len(order) + exponents:,} nodes "
                          f"(the limit is {MAX_NODES:,})")
    params = _parameter_set(order, parameters)
    param_set = set(params)
    namer = Namer()
    rows: list[tuple[str, str, tuple[int, ...], float | None, str | None]] = []  # GraphNode's fields
    add, name_operation, known_ops = rows.append, namer.operation, _OPS
    index: dict[Value, int] = {}
    for v in order:
        children = v._children
        if children or v._op:
            known = known_ops.get(v._op)  # the common case inline; _operation checks the rest
            op = known[0] if known and known[1] == len(children) else _operation(v, v.label or v._op)
            try:
                if len(children) == 2:
                    a, b = children
                    inputs: tuple[int, ...] = (index[a], index[b])
                else:
                    inputs = tuple([index[c] for c in children])
            except KeyError:  # an operand not placed before its node: _children assigned
                raise ConfigError(f"{SOURCE}: node {_short(v.label or v._op)}: its operands lead "
                                  f"back to itself (a cycle)") from None
            if op == "**":  # the exponent becomes a const operand, just before
                k = _exponent(v, v.label or v._op)
                add((namer.constant(k), "const", (), k, None))
                inputs += (len(rows) - 1,)
            label = v.label
            if label or (v is root and not namer.taken(ROOT_NAME)):
                name = namer.label(label or ROOT_NAME)
            else:
                name = name_operation(op, inputs)
            data = v.data
            if type(data) is not float or data - data != 0.0:  # not a finite float: look closer
                _finite(data, f"node {_short(name)}")
            add((name, op, inputs, None, name if label or v is root else None))
        elif type(v) is _Const and v not in param_set:
            value = _finite(v.data, f"constant {_short(v.label or v.data)}")
            add((namer.label(v.label) if v.label else namer.constant(value), "const", (), value, None))
        else:
            name = namer.label(v.label) if v.label else namer.anonymous()
            value = _finite(v.data, f"node {_short(name)}")
            add((name, "parameter" if v in param_set else "input", (), value, None))
        index[v] = len(rows) - 1
    names, ops, inputs, values, _ = zip(*rows)
    nodes = graph_nodes(names, ops, inputs, values, _groups(rows))
    return GraphSpec(nodes=nodes, output=index[root], parameters=tuple(index[p] for p in params),
                     learning_rate=None if learning_rate is None else float(learning_rate),
                     name=nodes[index[root]].name, source=SOURCE)


def _groups(rows: list[tuple[str, str, tuple[int, ...], float | None, str | None]]) -> list[str | None]:
    """Each unlabelled operation takes the group of its first consumer (see the module doc)."""
    groups = [row[4] for row in rows]
    consumer_group: list[str | None] = [None] * len(rows)
    for i in range(len(rows) - 1, -1, -1):  # consumers come after their operands
        name, op, inputs, _, group = rows[i]
        if not inputs:  # a leaf or constant: no group
            continue
        if group is None:
            groups[i] = group = consumer_group[i] or name
        for j in inputs:
            consumer_group[j] = group  # the last write is the first consumer
    return groups


def graph_trace(root: Value, learning_rate: float | None = None,
                parameters: Iterable[Value] | None = None, iterations: int = 1) -> GraphTrace:
    """The trace the debugger steps through on root's graph (see `graph_spec`): forward,
    backward, and with a learning rate an update of `parameters`, `iterations` times."""
    from .core.graph.trace import GraphTrace  # the trace builder loads only when asked

    with collector_paused():
        return GraphTrace(graph_spec(root, learning_rate, parameters), iterations)
