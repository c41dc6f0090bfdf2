"""What is wrong with a `Value` graph, said in one line that names the node.

The converter (`value_convert`) meets the ordinary case inline and calls these only off
it; each returns (or raises) the error for one kind of fault. A node is named in a message
by its label or, unlabelled, by its op (`node '*'`) for a fault in its structure, and by
its display name (`node 'v3'`, `node 'x#2'`) for a fault in its number.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

from .core.errors import ConfigError
from .engine import Value

SOURCE = "<python>"
"""What a message names as the file: the program's own graph."""

OPS = {"+": ("+", 2), "*": ("*", 2), "ReLU": ("relu", 1), "tanh": ("tanh", 1),
       "exp": ("exp", 1), "log": ("log", 1), "sigmoid": ("sigmoid", 1)}
"""micrograd op -> (graph op, number of operands); '**k' is handled apart."""


def short(value: Any) -> str:
    """repr of a label, an op or a value, cut short: a message is one readable line."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def finite(x: Any, what: str) -> float:
    """x as a float, or a ConfigError naming `what` if it is not a real, finite number."""
    if type(x) is not float and type(x) is not int and not isinstance(x, numbers.Real):
        raise ConfigError(f"{SOURCE}: {what}: expected a real number, got {type(x).__name__} {short(x)}")
    try:
        value = float(x)
    except OverflowError:  # an int past float's range (10**400)
        raise ConfigError(f"{SOURCE}: {what}: expected a finite number, got an integer too large") from None
    if not math.isfinite(value):
        raise ConfigError(f"{SOURCE}: {what}: expected a finite number, got {value}")
    return value


def structure_name(v: Value) -> str:
    """How a message about v's op or operands names it: its label, else its op."""
    return short(v.label or v._op)


def operation(v: Value) -> str:
    """The graph op of an operation value, after checking its op and number of operands."""
    text = v._op
    try:
        entry = OPS.get(text)
    except TypeError:  # an op that cannot be hashed (a list): unknown
        entry = None
    if isinstance(text, str) and text.startswith("**"):
        op, arity = "**", 1
    elif entry is not None:
        op, arity = entry
    else:
        known = ", ".join(repr(k) for k in (*OPS, "**k"))
        raise ConfigError(f"{SOURCE}: node {structure_name(v)}: unknown operation {short(text)} (known: {known})")
    if len(v._children) != arity:
        raise ConfigError(f"{SOURCE}: node {structure_name(v)}: {short(text)} takes {arity} operand(s), "
                          f"got {len(v._children)}")
    return op


def exponent(v: Value) -> float:
    """The k of an `x**k` value (its op '**k'), a finite number."""
    try:
        k = float(v._op[2:])
    except (ValueError, OverflowError):  # not a number; or "**" and 5,000 digits
        raise ConfigError(f"{SOURCE}: node {structure_name(v)}: unknown operation {short(v._op)}") from None
    return finite(k, f"node {structure_name(v)} ({short(v._op)})")


def cycle(v: Value) -> ConfigError:
    """v's operands lead back to v (a program assigned `_children`)."""
    return ConfigError(f"{SOURCE}: node {structure_name(v)}: its operands lead back to itself (a cycle)")


def label(v: Value) -> None:
    """Refuse a label that is not text (an empty one is no label): every name is a str."""
    text = v.label
    if text and not isinstance(text, str):
        raise ConfigError(f"{SOURCE}: node {short(v._op or v.data)}: label: expected a str, "
                          f"got {type(text).__name__} {short(text)}")


def not_a_sequence(v: Value) -> ConfigError:
    """v's operands (`_children`) are not a tuple (or list) at all."""
    return ConfigError(f"{SOURCE}: node {structure_name(v)}: its operands (_children) are "
                       f"{type(v._children).__name__} {short(v._children)}, not a tuple of Values")


def operands(v: Value) -> ConfigError | None:
    """What is wrong with v's operands (`_children`) as a container of Values, if anything."""
    children = v._children
    if not isinstance(children, (tuple, list)):
        return not_a_sequence(v)
    for j, child in enumerate(children, 1):
        if not isinstance(child, Value):
            return ConfigError(f"{SOURCE}: node {structure_name(v)}: operand {j} is "
                               f"{type(child).__name__} {short(child)}, not a Value")
    return None


def parameter_values(parameters: Sequence[Any]) -> None:
    """Refuse a `parameters` item that is not a Value (a TypeError: a misuse of the API)."""
    for i, p in enumerate(parameters):
        if not isinstance(p, Value):
            raise TypeError(f"parameters[{i}]: expected a Value, got {type(p).__name__}")


def computed_parameter(i: int, p: Value) -> ConfigError:
    """parameters[i] is an operation's result, which no update can change."""
    return ConfigError(f"{SOURCE}: parameters[{i}]: {short(p)} is computed ({short(p._op)}), "
                       f"not a leaf the update can change")


def too_large(nodes: int, limit: int) -> ConfigError:
    """The graph has more nodes (exponent constants included) than the converter takes."""
    return ConfigError(f"{SOURCE}: graph too large: {nodes:,} nodes (the limit is {limit:,})")


def unreadable(v: Any, pending: Sequence[Any], placing: dict[Any, int], error: Exception) -> ConfigError:
    """The error for an exception the graph raised while the converter read node v: v (a
    Value) or the operation whose operand v is, with its fault named where it can be.

    `pending` is the converter's stack and `placing` its node index (-1: a node whose
    operands are being placed): the operation v is an operand of is the topmost such."""
    try:
        if not isinstance(v, Value):  # an operand that is not a Value: say whose
            owner = next((p for p in reversed(pending) if placing.get(p) == -1), None)
            fault = operands(owner) if owner is not None else None
            return fault or ConfigError(f"{SOURCE}: an operand is {type(v).__name__} {short(v)}, not a Value")
        fault = operands(v)
        if fault is not None:
            return fault
        if v._children or v._op:
            operation(v)  # raises for an op it cannot read
        label(v)
        where = f"node {structure_name(v)}"
    except ConfigError as fault:
        return fault
    except Exception:  # reading it raises again (a property that raises): name the type
        where = f"a {type(v).__name__}"
    return ConfigError(f"{SOURCE}: {where}: cannot be read ({type(error).__name__}: {short(str(error))})")
