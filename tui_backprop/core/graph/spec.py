"""A computation graph of scalar operations, as data: what a graph config and a Python
`Value` expression both become before a trace is built from it.

Nodes are in definition order, which is a topological order: a node's operands are always
earlier in the tuple. Nothing here computes; the graph trace builder does.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

from ..optim import SGD, Optimizer

LEAF_OPS = frozenset({"input", "parameter", "const"})
"""Ops of nodes that hold a given value instead of computing one."""

OPERATORS = ("+", "-", "*", "/", "**", "neg")
"""Operator ops, as the JSON trace names them (CONTRACT 6.3)."""
FUNCTIONS = ("exp", "log", "sqrt", "tanh", "sigmoid", "relu", "abs", "sin", "cos", "max", "min")
"""Function ops: one argument, except max and min (two)."""


@dataclass(frozen=True)
class GraphNode:
    """One node: a leaf (input, parameter), a constant, or one operation."""

    name: str
    """Unique display name: the config's name, or the sub-expression's text (`x1*w1`)."""
    op: str
    """"input", "parameter", "const", or an operation of OPERATORS / FUNCTIONS."""
    inputs: tuple[int, ...] = ()
    """Indices (into GraphSpec.nodes, all earlier) of the operands, in operand order;
    an operand used twice (`z*z`) appears twice."""
    value: float | None = None
    """The given value of a leaf or constant; None for an operation (it is computed)."""
    group: str | None = None
    """The named formula this operation node belongs to (`nodes.<group>` in a config);
    "step out" finishes it. None for leaves and constants."""


def graph_nodes(names: Sequence[str], ops: Sequence[str], inputs: Sequence[tuple[int, ...]],
                values: Sequence[float | None], groups: Sequence[str | None]) -> tuple[GraphNode, ...]:
    """GraphNodes from columns (node i is `GraphNode(names[i], ops[i], inputs[i], values[i],
    groups[i])`), as that makes them (equal, hashable, `dataclasses.replace` works) at a
    third of the cost: a frozen dataclass's __init__ sets each field through
    object.__setattr__; this gives each instance its dict at once, and loops in C where it
    can, which counts for a graph of 64,000 nodes."""
    dicts = [{"name": a, "op": b, "inputs": c, "value": d, "group": e}
             for a, b, c, d, e in zip(names, ops, inputs, values, groups)]
    nodes = tuple(map(object.__new__, repeat(GraphNode, len(dicts))))
    deque(map(object.__setattr__, nodes, repeat("__dict__"), dicts), maxlen=0)
    return nodes


@dataclass(frozen=True)
class GraphSpec:
    """A whole graph: its nodes, which one is differentiated, and how it is trained."""

    nodes: tuple[GraphNode, ...]
    """Every leaf, constant and operation, in definition (topological) order."""
    output: int
    """Index of the node that is differentiated (`L`, `o`, ...)."""
    parameters: tuple[int, ...] = ()
    """Indices of the leaves the update phase changes, in declaration order."""
    learning_rate: float | None = None
    """With a learning rate, each iteration ends with an update phase."""
    optimizer: Optimizer = SGD
    """The rule of the update phase (`optimizer = ...`); plain SGD by default."""
    name: str = "graph"
    """Shown in the header, always as plain text."""
    description: str = ""
    source: str = "<graph>"
    """Where the graph came from (a file name, or `<python>`), for error messages."""
