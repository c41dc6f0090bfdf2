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

Names: see `value_names` (an unlabelled output operation is `L`). Groups (what "step out"
finishes): a labelled operation is its own group; an unlabelled one joins the group of its
first consumer in node order, so the steps that build a labelled value belong to it; an
unlabelled root is its own group. The pass itself is `value_convert`; what
it refuses, and how it says so, `value_faults`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .core.errors import ConfigError
from .core.gc_pause import collector_paused
from .core.graph.spec import GraphSpec
from .engine import Value
from .value_convert import ROOT_NAME, convert
from .value_faults import SOURCE, finite

if TYPE_CHECKING:
    from .core.graph.trace import GraphTrace

__all__ = ["MAX_NODES", "ROOT_NAME", "SOURCE", "graph_spec", "graph_trace"]

MAX_NODES = 2_000_000
"""Largest graph converted (nodes, with the exponent constants)."""


def graph_spec(root: Value, learning_rate: float | None = None,
               parameters: Iterable[Value] | None = None) -> GraphSpec:
    """The graph `root` was computed from, as a GraphSpec differentiating root.

    A graph that is not one (an unknown op, a cycle, a number that is not finite, a
    computed value among `parameters`, ...) is refused with a ConfigError of one line
    naming the node; a `root` or a `parameters` item that is not a Value, a TypeError."""
    if not isinstance(root, Value):
        raise TypeError(f"expected a Value, got {type(root).__name__}")
    if learning_rate is not None and not finite(learning_rate, "learning_rate") > 0:
        raise ConfigError(f"{SOURCE}: learning_rate: expected a positive number, got {learning_rate}")
    if parameters is not None:
        parameters = list(parameters)  # read once (a generator); not iterable: a TypeError
    with collector_paused():  # tens of thousands of new nodes and no garbage
        return convert(root, learning_rate, parameters, MAX_NODES)


def graph_trace(root: Value, learning_rate: float | None = None,
                parameters: Iterable[Value] | None = None, iterations: int = 1) -> GraphTrace:
    """The trace the debugger steps through on root's graph (see `graph_spec`): forward,
    backward, and with a learning rate an update of `parameters`, `iterations` times."""
    from .core.graph.trace import GraphTrace  # the trace builder loads only when asked

    with collector_paused():
        return GraphTrace(graph_spec(root, learning_rate, parameters), iterations)
