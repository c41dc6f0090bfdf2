"""micrograd's `Value` (0.1.0), with a label, tanh/exp/log/sigmoid, and a fixed operand order.

A micrograd program that imports this `Value` instead computes the same numbers: every
operation, and every composite one (`a - b` is `a + (-b)`, `-a` is `a * -1`, `a / b` is
`a * b**-1`), is written exactly as micrograd writes it, so `data` is bit-identical and
`grad` accumulates in the same way. Two differences, both invisible to the numbers:

- the operands are kept in order (`_children`, a tuple); `_prev` is an insertion-ordered
  view of them (micrograd keeps a set, whose order changes from run to run), so the graph,
  and the trace the debugger steps through, is the same on every run;
- `backward()` sorts the graph without recursion, so a chain of any depth works (micrograd's
  recursive sort fails past ~1000 nested operations).

Gradients can still differ from micrograd's in the last bits where a value feeds several
operations, because micrograd's set order decides in which order those contributions add.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, KeysView
from functools import partial
from typing import Any




class Value:
    """Stores a single scalar value and its gradient (micrograd's Value, plus a label).

    `Value(data, _children=(), _op='', label='')`: `data` is kept as given (an int stays an
    int, as in micrograd); `grad` starts at the int 0.
    """

    # Slots make each of the many small objects cheaper to create and read; `__dict__` and
    # `__weakref__` keep what micrograd's plain class allows (extra attributes, weak refs).
    # Slots make each of the many small objects cheaper to create and read; `__dict__` and
    # `__weakref__` keep what micrograd's plain class allows (extra attributes, weak refs).
    __slots__ = ("data", "grad", "_rule", "_children", "_op", "label", "__dict__", "__weakref__")

    def __init__(self, data: Any, _children: Iterable[Value] = (), _op: str = "", label: str = "") -> None:
        self.data = data
        self.grad = 0
        self._rule: Callable[[Value], None] = _leaf_rule
        self._children: tuple[Value, ...] = tuple(_children)
        self._op = _op
        self.label = label

    # micrograd gives each result a closure `_backward`. Here the result keeps a plain
    # function of itself (`_rule`) instead: no closure and no cells per operation, which
    # leaves a third of the objects for the garbage collector to walk, and the arithmetic
    # is micrograd's, term for term. `_backward` still reads and writes as micrograd's.
    @property
    def _backward(self) -> Callable[[], None]:
        """Propagate this value's grad to its operands (one chain-rule step), as micrograd."""
        rule = self._rule
        if type(rule) is _Assigned:
            return rule.function
        return partial(rule, self)

    @_backward.setter
    def _backward(self, function: Callable[[], None]) -> None:
        self._rule = _Assigned(function)

    @property
    def _prev(self) -> KeysView[Value]:
        """The operands without repeats, in operand order (micrograd's `set(_children)`).

        It supports what code does with micrograd's set: iterate, `len`, `in`, and set
        comparisons and operators (`==`, `&`, `|`).
        """
        return dict.fromkeys(self._children).keys()

    @_prev.setter
    def _prev(self, children: Iterable[Value]) -> None:
        self._children = tuple(children)

    def __add__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else _Const(other)
        out = Value(self.data + other.data, (self, other), "+")
        out._rule = _add_rule
        return out

    def __mul__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else _Const(other)
        out = Value(self.data * other.data, (self, other), "*")
        out._rule = _mul_rule
        return out

    def __pow__(self, other: float) -> Value:
        if not isinstance(other, (int, float)):
            raise TypeError("only supporting int/float powers for now")
        out = Value(self.data**other, (self,), f"**{other}")
        out._rule = partial(_pow_rule, other)
        return out

    def relu(self) -> Value:
        """max(0, x); the int 0 below zero, as micrograd gives."""
        out = Value(0 if self.data < 0 else self.data, (self,), "ReLU")
        out._rule = _relu_rule
        return out

    def tanh(self) -> Value:
        """tanh(x) (math.tanh: no overflow for large |x|); d/dx = 1 - tanh(x)²."""
        out = Value(math.tanh(self.data), (self,), "tanh")
        out._rule = _tanh_rule
        return out

    def exp(self) -> Value:
        """e**x; d/dx = e**x. Overflows (OverflowError) past x ≈ 709, as math.exp does."""
        out = Value(math.exp(self.data), (self,), "exp")
        out._rule = _exp_rule
        return out

    def log(self) -> Value:
        """Natural log of x > 0; d/dx = 1/x."""
        if not self.data > 0:
            raise ValueError(f"log of a value that is not positive: {self.data!r}")
        out = Value(math.log(self.data), (self,), "log")
        out._rule = _log_rule
        return out

    def sigmoid(self) -> Value:
        """1 / (1 + e**-x), computed without overflow on either side; d/dx = s(1 - s)."""
        x = self.data
        if x >= 0:
            s = 1 / (1 + math.exp(-x))
        else:
            e = math.exp(x)
            s = e / (1 + e)
        out = Value(s, (self,), "sigmoid")
        out._rule = _sigmoid_rule
        return out

    def backward(self) -> None:
        """Fill `grad` of every value this one depends on, exactly as micrograd does.

        The gradient of this value is set to 1 and each value's `_backward` runs once, in
        reverse topological order; gradients accumulate (`+=`), so calling it twice without
        zeroing adds twice, as in micrograd.
        """
        topo = topological_order(self)
        self.grad = 1
        for v in reversed(topo):
            v._rule(v)

    def __neg__(self) -> Value:  # -self
        return self * -1

    def __radd__(self, other: float) -> Value:  # other + self
        return self + other

    def __sub__(self, other: Value | float) -> Value:  # self - other
        return self + (-other)

    def __rsub__(self, other: float) -> Value:  # other - self
        return other + (-self)

    def __rmul__(self, other: float) -> Value:  # other * self
        return self * other

    def __truediv__(self, other: Value | float) -> Value:  # self / other
        return self * other**-1

    def __rtruediv__(self, other: float) -> Value:  # other / self
        return other * self**-1

    def __repr__(self) -> str:
        return f"Value(data={self.data}, grad={self.grad})"


class _Const(Value):
    """A number an operator wrapped (the 10 of `x + 10`): a constant, not a leaf the program
    made. It behaves exactly as a Value; only the graph converter tells the two apart."""

    __slots__ = ()


def topological_order(root: Value) -> list[Value]:
    """Every value `root` depends on, and root last: a depth-first post-order over the
    operands in operand order (micrograd's build_topo, without recursion).

    Each stack entry is a value and whether its operands are done; a value pushed twice is
    placed when first reached, like the recursive version, whose order this is.
    """
    topo: list[Value] = []
    seen: set[Value] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    push, pop, place, mark = stack.append, stack.pop, topo.append, seen.add
    while stack:
        v, done = pop()
        if done:
            place(v)
        elif v not in seen:
            mark(v)
            push((v, True))
            for child in reversed(v._children):
                if child not in seen:
                    push((child, False))
    return topo


class _Assigned:
    """A `_backward` the program assigned itself (a custom op in micrograd's style)."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[[], None]) -> None:
        self.function = function

    def __call__(self, out: Value) -> None:
        self.function()


# The chain-rule step of each operation, on its result `out`: micrograd's closures, with the
# same arithmetic in the same order (so the same floats), reading the operands from `out`.

def _leaf_rule(out: Value) -> None:
    """A leaf has no operands (micrograd's `lambda: None`)."""


def _add_rule(out: Value) -> None:
    self, other = out._children
    self.grad += out.grad
    other.grad += out.grad


def _mul_rule(out: Value) -> None:
    self, other = out._children
    self.grad += other.data * out.grad
    other.grad += self.data * out.grad


def _pow_rule(other: float, out: Value) -> None:
    (self,) = out._children
    self.grad += (other * self.data**(other - 1)) * out.grad


def _relu_rule(out: Value) -> None:
    (self,) = out._children
    self.grad += (out.data > 0) * out.grad


def _tanh_rule(out: Value) -> None:
    (self,) = out._children
    self.grad += (1 - out.data**2) * out.grad


def _exp_rule(out: Value) -> None:
    (self,) = out._children
    self.grad += out.data * out.grad


def _log_rule(out: Value) -> None:
    (self,) = out._children
    self.grad += out.grad / self.data


def _sigmoid_rule(out: Value) -> None:
    (self,) = out._children
    s = out.data
    self.grad += s * (1 - s) * out.grad
