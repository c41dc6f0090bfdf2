"""Gradient check: the trace's analytic gradients against central finite differences.

The finite differences evaluate only the forward pass and the loss (never the backward
rules), so they are an independent check of every chain-rule step the trace shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .network import Network
from .ops import ACTIVATIONS, LOSSES

DEFAULT_STEP = 1e-6
"""Central-difference step h: (L(p + h) - L(p - h)) / 2h; float64 error ~1e-10 relative."""


@dataclass(frozen=True)
class ParameterCheck:
    """One parameter's analytic and numeric gradient."""

    name: str
    layer: int
    row: int
    col: int | None
    """None for a bias."""
    analytic: float
    numeric: float

    @property
    def relative_error(self) -> float:
        """|a - n| / max(|a|, |n|, 1e-8): scale-free, and no division by zero at 0.

        Infinite when either gradient is NaN or infinite: such a gradient fails any
        tolerance (a NaN error would compare as within it).
        """
        if self.not_finite:
            return math.inf
        return abs(self.analytic - self.numeric) / max(abs(self.analytic), abs(self.numeric), 1e-8)

    @property
    def not_finite(self) -> str | None:
        """Which gradient is NaN or infinite, e.g. "numeric gradient inf"; None if both are finite."""
        for which, value in (("analytic", self.analytic), ("numeric", self.numeric)):
            if not math.isfinite(value):
                return f"{which} gradient {value}"
        return None


def batch_loss(net: Network, weights: list[np.ndarray], biases: list[np.ndarray]) -> np.ndarray:
    """The batch loss for stacked parameter sets: weights[l] is (sets, units, fan_in).

    Returns one loss per parameter set, so many perturbations run as one numpy call.
    """
    a = np.broadcast_to(net.x, (weights[0].shape[0], *net.x.shape))
    for layer, w, b in zip(net.layers, weights, biases):
        z = np.einsum("psk,pjk->psj", a, w) + b[:, None, :]
        a = ACTIVATIONS[layer.activation].forward(z)
    return LOSSES[net.loss].forward(a, net.y).mean(axis=-1)


def numeric_gradients(net: Network, weights: list[np.ndarray], biases: list[np.ndarray],
                      targets: list[tuple[int, int, int | None]], h: float = DEFAULT_STEP,
                      chunk: int = 32) -> np.ndarray:
    """Central differences of the batch loss for the (layer, row, col) parameters given."""
    out = np.empty(len(targets))
    with np.errstate(all="ignore"):
        for start in range(0, len(targets), chunk):
            part = targets[start:start + chunk]
            sets = 2 * len(part)
            ws = [np.repeat(w[None], sets, axis=0) for w in weights]
            bs = [np.repeat(b[None], sets, axis=0) for b in biases]
            for i, (layer, row, col) in enumerate(part):
                for sign, p in ((1.0, 2 * i), (-1.0, 2 * i + 1)):
                    if col is None:
                        bs[layer - 1][p, row] += sign * h
                    else:
                        ws[layer - 1][p, row, col] += sign * h
            losses = batch_loss(net, ws, bs)
            out[start:start + len(part)] = (losses[0::2] - losses[1::2]) / (2 * h)
    return out


def check_gradients(trace, iteration: int = 0, limit: int | None = None,
                    h: float = DEFAULT_STEP) -> list[ParameterCheck]:
    """Check the gradients of one iteration of a trace.

    With `limit`, only that many parameters are checked, evenly spaced over all of them
    in the trace's parameter order (so every layer is sampled).
    """
    result = trace.results[iteration]
    names = trace.names
    params: list[tuple[int, int, int | None]] = []
    for li, layer in enumerate(result.layers, start=1):
        for j in range(layer.weights.shape[0]):
            params += [(li, j, k) for k in range(layer.weights.shape[1])]
            params.append((li, j, None))
    if limit is not None and limit < len(params):
        picks = np.unique(np.linspace(0, len(params) - 1, limit).round().astype(int))
        params = [params[i] for i in picks]
    weights = [layer.weights for layer in result.layers]
    biases = [layer.biases for layer in result.layers]
    numeric = numeric_gradients(trace.network, weights, biases, params, h)
    checks = []
    for (li, j, k), num in zip(params, numeric):
        layer = result.layers[li - 1]
        analytic = layer.db[j] if k is None else layer.dw[j, k]
        name = names.b(li, j) if k is None else names.w(li, j, k)
        checks.append(ParameterCheck(name, li, j, k, float(analytic), float(num)))
    return checks
