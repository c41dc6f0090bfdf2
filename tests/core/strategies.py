"""Hypothesis strategies shared by the core tests: random small networks of every kind."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings, strategies as st

import tui_backprop as tb

import reference as ref

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
ANY_OUTPUT = [*HIDDEN, "softmax"]
LOSS_OUTPUT = {"mse": ANY_OUTPUT, "sse": ANY_OUTPUT, "half_sse": ANY_OUTPUT,
               "bce": ["sigmoid"], "cross_entropy": ["softmax"]}
"""The output activations each loss allows (CONTRACT §1: softmax only last)."""
KINKED = {"relu", "leaky_relu"}

SETTINGS = settings(max_examples=int(os.environ.get("TB_HYPOTHESIS_EXAMPLES", "60")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
"""Moderate by default, so the suite stays fast; TB_HYPOTHESIS_EXAMPLES=2000 for a long hunt."""

value = st.floats(-1.5, 1.5, allow_nan=False, allow_infinity=False)


@st.composite
def networks(draw: st.DrawFn) -> tb.Network:
    """A random small network with data that fits its loss."""
    depth = draw(st.integers(1, 3))
    sizes = [draw(st.integers(1, 4)) for _ in range(depth + 1)]
    loss = draw(st.sampled_from(sorted(LOSS_OUTPUT)))
    if loss == "cross_entropy":
        sizes[-1] = max(sizes[-1], 2)  # a softmax of one output is constant
    activations = [draw(st.sampled_from(HIDDEN)) for _ in range(depth - 1)]
    activations.append(draw(st.sampled_from(LOSS_OUTPUT[loss])))
    batch = draw(st.sampled_from([1, 1, 2, 3, 4]))
    weights = [[[draw(value) for _ in range(n_in)] for _ in range(n_out)]
               for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    biases = [[draw(value) for _ in range(n)] for n in sizes[1:]]
    x = [[draw(value) for _ in range(sizes[0])] for _ in range(batch)]
    outs = sizes[-1]
    if loss == "cross_entropy":
        hot = [draw(st.integers(0, outs - 1)) for _ in range(batch)]
        y = [[1.0 if i == h else 0.0 for i in range(outs)] for h in hot]
    elif loss == "bce":
        y = [[draw(st.sampled_from([0.0, 1.0, 0.3])) for _ in range(outs)] for _ in range(batch)]
    else:
        y = [[draw(value) for _ in range(outs)] for _ in range(batch)]
    lr = draw(st.sampled_from([0.01, 0.1, 0.5]))
    if batch == 1:
        x, y = x[0], y[0]
    return ref.network(sizes, activations, loss, x, y, weights, biases, lr)
