"""Each graph operation: its value and its local derivatives, on Python floats.

Scalars go through `math`, which raises on a domain error (log(0), sqrt(-1), a negative
base to a fractional power) and on an overflow of exp or pow, so the caller can say which
node and why. A product that overflows gives inf without raising; the caller checks.

Conventions where the derivative has a kink: relu'(0) = 0, abs'(0) = 0, and a tie of max
or min gives the whole gradient to the left operand (1, 0).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable


class DomainError(ValueError):
    """An operation or derivative undefined at its operands; the message says why."""


def sigmoid(a: float) -> float:
    """1 / (1 + e^-a), without overflow for large |a|."""
    if a >= 0:
        return 1.0 / (1.0 + math.exp(-a))
    e = math.exp(a)
    return e / (1.0 + e)


FORWARD: dict[str, Callable[..., float]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "**": math.pow, "neg": operator.neg, "exp": math.exp, "log": math.log, "sqrt": math.sqrt,
    "tanh": math.tanh, "sigmoid": sigmoid, "relu": lambda a: a if a > 0 else 0.0,
    "abs": abs, "sin": math.sin, "cos": math.cos,
    "max": lambda a, b: a if a >= b else b, "min": lambda a, b: a if a <= b else b,
}
"""Value of each op from its operands."""


def _pow_base(a: float, b: float, v: float) -> float:
    if b == 0:
        return 0.0  # a**0 is 1 for every a
    try:
        return b * math.pow(a, b - 1)
    except (ValueError, ZeroDivisionError):
        raise DomainError(f"the derivative of a**b by a, b·a**(b-1), is not defined at a = {a:g}, "
                          f"b = {b:g}") from None


def _pow_exponent(a: float, b: float, v: float) -> float:
    if a > 0:
        return v * math.log(a)
    if a == 0 and b > 0:
        return 0.0  # 0**b is 0 for every b > 0
    raise DomainError(f"the derivative of a**b by b, a**b·log(a), needs a > 0, got a = {a:g}")


def _sqrt(a: float, b: float, v: float) -> tuple[float]:
    if v == 0:
        raise DomainError("the derivative of sqrt at 0 is infinite")
    return (0.5 / v,)


LOCAL: dict[str, Callable[[float, float, float], tuple[float, ...]]] = {
    "+": lambda a, b, v: (1.0, 1.0),
    "-": lambda a, b, v: (1.0, -1.0),
    "*": lambda a, b, v: (b, a),
    "/": lambda a, b, v: (1.0 / b, -v / b),  # -a/b² as -(a/b)/b: no b² underflow to 0
    "**": lambda a, b, v: (_pow_base(a, b, v), _pow_exponent(a, b, v)),
    "**c": lambda a, b, v: (_pow_base(a, b, v), 0.0),  # a constant exponent gets no gradient
    "neg": lambda a, b, v: (-1.0,),
    "exp": lambda a, b, v: (v,),
    "log": lambda a, b, v: (1.0 / a,),
    "sqrt": _sqrt,
    "tanh": lambda a, b, v: (1.0 - v * v,),
    "sigmoid": lambda a, b, v: (v * (1.0 - v),),
    "relu": lambda a, b, v: (1.0 if a > 0 else 0.0,),
    "abs": lambda a, b, v: (1.0 if a > 0 else -1.0 if a < 0 else 0.0,),
    "sin": lambda a, b, v: (math.cos(a),),
    "cos": lambda a, b, v: (-math.sin(a),),
    "max": lambda a, b, v: (1.0, 0.0) if a >= b else (0.0, 1.0),
    "min": lambda a, b, v: (1.0, 0.0) if a <= b else (0.0, 1.0),
}
"""(∂v/∂a, ∂v/∂b) of each op at operands a, b and value v (b is 0.0 for one operand)."""

def domain_message(op: str, a: float, b: float | None) -> str:
    """Why `op` failed at these operands, in words."""
    if op == "log":
        return f"log of {a:g} (log needs a number > 0)"
    if op == "sqrt":
        return f"sqrt of {a:g} (sqrt needs a number >= 0)"
    if op == "/":
        return f"division by zero ({a:g} / 0)"
    if op == "**":
        if a == 0 and b is not None and b < 0:
            return f"0 to the power {b:g} (a division by zero)"
        if a < 0:
            return f"{a:g}**{b:g} is not a real number (a negative base needs a whole exponent)"
        return f"{a:g}**{b:g} overflows"
    if op == "exp":
        return f"exp({a:g}) overflows"
    return f"{op} failed at {a:g}" + (f", {b:g}" if b is not None else "")
