"""The one vocabulary of operations: each activation and loss with its forward rule,
its local derivative and the text of both.

The trace builder, the step explainer and the tests all read these tables, so a rule
is written exactly once (as tinygrad keeps its gradient rules in one table).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray

LEAKY_SLOPE = 0.01
"""Slope of leaky_relu for z < 0 (fixed by the contract)."""


def _sigmoid(z: Array) -> Array:
    # Two branches so that exp never overflows: exp(-z) for z >= 0, exp(z) for z < 0.
    out = np.empty_like(z, dtype=np.float64)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def _softmax(z: Array) -> Array:
    # Shift by the row maximum: the same result, and exp cannot overflow.
    shifted = np.exp(z - z.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class Activation:
    """An activation function a = f(z) and its local derivative."""

    name: str
    forward: Callable[[Array], Array]
    """f applied to a batch of pre-activations (samples x units)."""
    derivative: Callable[[Array, Array], Array]
    """da/dz from (z, a), elementwise; unused for softmax, whose Jacobian is full."""
    formula: str
    """The rule with placeholders {a} and {z}, e.g. "{a} = σ({z})"."""
    call: str
    """How the rule reads with numbers, with placeholder {z}, e.g. "σ({z})" (softmax also
    {max}, the layer's largest z, and {sum}, Σ_k e^(z_k - max))."""
    local: str
    """The local derivative da/dz, placeholders {a} and {z} (softmax: da_i/dz_j with {ai}, {j})."""
    elementwise: bool = True
    """False for softmax: each output depends on every z of the layer."""


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(
        "sigmoid", _sigmoid, lambda z, a: a * (1.0 - a),
        "{a} = σ({z})", "σ({z})", "{a}(1 - {a})",
    ),
    "tanh": Activation(
        "tanh", np.tanh, lambda z, a: 1.0 - a * a,
        "{a} = tanh({z})", "tanh({z})", "(1 - {a}²)",
    ),
    "relu": Activation(
        "relu", lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(np.float64),
        "{a} = max(0, {z})", "max(0, {z})", "relu'({z})",
    ),
    "leaky_relu": Activation(
        "leaky_relu",
        lambda z: np.where(z > 0, z, LEAKY_SLOPE * z),
        lambda z, a: np.where(z > 0, 1.0, LEAKY_SLOPE),
        "{a} = leaky_relu({z})", "leaky_relu({z})", "leaky_relu'({z})",
    ),
    "linear": Activation(
        "linear", lambda z: np.array(z, dtype=np.float64, copy=True), lambda z, a: np.ones_like(z),
        "{a} = {z}", "{z}", "1",
    ),
    "softmax": Activation(
        "softmax", _softmax, lambda z, a: np.ones_like(z),
        # Written as computed, shifted by the layer's largest z (every framework does):
        # e^1000 overflows, e^(1000 - 1000) = 1 does not, and the ratio is the same.
        "{a} = e^({z} - max) / Σ_k e^({zk} - max)", "e^({z} - {max}) / {sum}", "{ai}(δ_i{j} - {a})",
        elementwise=False,
    ),
}


@dataclass(frozen=True)
class Loss:
    """A per-sample loss over the output vector and its derivative.

    `forward(a, y)` returns one loss per sample (rows are samples); `derivative(a, y)`
    returns d(loss of the sample)/da, elementwise, same shape as `a`.
    """

    name: str
    forward: Callable[[Array, Array], Array]
    derivative: Callable[[Array, Array], Array]
    term: str
    """One output's term, placeholders {y} and {a}."""
    reduce: str
    """How terms combine: "mean", "sum", "half_sum" or "neg_sum"."""
    grad: str
    """d(per-sample loss)/da_i, placeholders {y}, {a} and {n} (outputs)."""
    needs: str | None = None
    """The output activation this loss requires, if any."""


def _n(a: Array) -> int:
    return a.shape[-1]


# A term y·log a (or y / a) with y = 0 is 0 by the loss's definition, even where a has
# rounded to 0 (sigmoid(40) is exactly 1.0, so 1 - a is 0): computing 0·log 0 would make
# a NaN of a confident, correct prediction whose loss is ~1e-17. The log and the division
# only see a where y != 0.
def _xlog(y: Array, a: Array) -> Array:
    return y * np.log(np.where(y == 0, 1.0, a))


def _xdiv(y: Array, a: Array) -> Array:
    return y / np.where(y == 0, 1.0, a)


LOSSES: dict[str, Loss] = {
    "mse": Loss(
        "mse",
        lambda a, y: np.mean((y - a) ** 2, axis=-1),
        lambda a, y: 2.0 * (a - y) / _n(a),
        "({y} - {a})²", "mean", "2({a} - {y}) / {n}",
    ),
    "sse": Loss(
        "sse",
        lambda a, y: np.sum((y - a) ** 2, axis=-1),
        lambda a, y: 2.0 * (a - y),
        "({y} - {a})²", "sum", "2({a} - {y})",
    ),
    "half_sse": Loss(
        "half_sse",
        lambda a, y: 0.5 * np.sum((y - a) ** 2, axis=-1),
        lambda a, y: a - y,
        "({y} - {a})²", "half_sum", "({a} - {y})",
    ),
    "bce": Loss(
        "bce",
        lambda a, y: np.mean(-(_xlog(y, a) + _xlog(1.0 - y, 1.0 - a)), axis=-1),
        # = (a - y) / (a(1 - a)) / n, written so that a term with y = 0 or y = 1 stays finite
        lambda a, y: (_xdiv(1.0 - y, 1.0 - a) - _xdiv(y, a)) / _n(a),
        "{y}·log {a} + (1 - {y})·log(1 - {a})", "neg_mean",
        "({a} - {y}) / ({a}(1 - {a})) / {n}", needs="sigmoid",
    ),
    "cross_entropy": Loss(
        "cross_entropy",
        lambda a, y: -np.sum(_xlog(y, a), axis=-1),
        lambda a, y: -_xdiv(y, a),
        "{y}·log {a}", "neg_sum", "-{y} / {a}", needs="softmax",
    ),
}


def softmax_jacobian(a: Array) -> Array:
    """da_i/dz_j of softmax for each sample: shape (samples, i, j)."""
    eye = np.eye(a.shape[-1])
    return a[:, :, None] * (eye[None, :, :] - a[:, None, :])
