"""How numbers read: fixed decimals for ordinary magnitudes (the seed's format, byte for
byte; tests/cli/test_summary.py), scientific notation past six integer digits so a huge value still fits its cell, and
softmax explained as it is computed, shifted by the largest z, so z = ±1000 shows finite
numbers instead of e^1000 / inf."""

from __future__ import annotations

import math

import numpy as np
import pytest

import tui_backprop as tb
from tui_backprop.core.config import parse_network
from tui_backprop.core.steps import FIXED_DIGITS, format_number


@pytest.mark.parametrize("value, decimals, shown", [
    (0.0, 3, "0.000"), (-0.0004, 3, "0.000"), (-0.791, 3, "-0.791"), (12.5, 0, "12"),
    (999_999.9994, 3, "999999.999"), (-999_999.9994, 3, "-999999.999"),
    (999_999.9996, 3, "1.000e+06"),  # rounds to seven integer digits: scientific
    (1_234_567.0, 3, "1.235e+06"), (1e308, 3, "1.000e+308"), (-1e308, 1, "-1.0e+308"),
    (1.797e308, 0, "2e+308"), (2.5e-300, 3, "0.000"), (math.inf, 3, "inf"),
])
def test_the_rule(value: float, decimals: int, shown: str) -> None:
    assert format_number(value, decimals) == shown


@pytest.mark.parametrize("decimals", [0, 1, 3, 6, 12])
def test_never_wider_than_the_widest_fixed_number(decimals: int) -> None:
    """Whatever the magnitude, a number takes at most the width of -999999.ddd."""
    widest = len(format_number(-999_999.0, decimals))
    assert widest == FIXED_DIGITS + 1 + decimals + (decimals > 0)
    rng = np.random.default_rng(0)
    for exponent in range(-320, 309, 7):
        for sign in (1.0, -1.0):
            value = sign * float(rng.uniform(1.0, 1.79)) * 10.0**exponent
            text = format_number(value, decimals)
            assert len(text) <= widest, (value, text)
            assert math.isclose(float(text), value, rel_tol=10.0 ** -decimals, abs_tol=10.0 ** -decimals)


def softmax_net(z: float) -> tb.Network:
    """A 1-2 softmax layer whose pre-activations are +z and -z."""
    return parse_network({"learning_rate": 0.1, "loss": "cross_entropy", "x": [1.0], "y": [1.0, 0.0],
                          "layers": [{"units": 2, "activation": "softmax", "weights": [[z], [-z]],
                                      "biases": [0.0, 0.0]}]}, "softmax.json")


def test_softmax_at_plus_minus_1000_is_explained_with_finite_numbers() -> None:
    trace = tb.build_trace(softmax_net(1000.0))
    steps = [step for step in trace if step.kind is tb.StepKind.ACTIVATION]
    assert [step.explain() for step in steps] == [
        "y_pred[1] = e^(z1[1] - max) / Σ_k e^(z1[k] - max) = e^(1000.000 - 1000.000) / 1.000 = 1.000",
        "y_pred[2] = e^(z1[2] - max) / Σ_k e^(z1[k] - max) = e^(-1000.000 - 1000.000) / 1.000 = 0.000",
    ]
    for step in trace:
        assert all(math.isfinite(t) for t in step.tokens if isinstance(t, float)), step.explain()


@pytest.mark.parametrize("name", ["softmax", "mnist-mlp"])
def test_softmax_numbers_give_the_value(name: str, trace_of) -> None:
    """e^(z - max) / sum with the numbers shown (at full precision) is the step's value."""
    trace = trace_of(name)
    t = trace.table
    last = (t.kind == tb.StepKind.ACTIVATION) & (t.layer == len(trace.network.layers))
    for index in np.flatnonzero(last):
        step = trace[int(index)]
        z, top, total = [token for token in step.tokens if isinstance(token, float)]
        assert math.isclose(math.exp(z - top) / total, step.value, rel_tol=1e-12, abs_tol=1e-300)


@pytest.mark.parametrize("value, decimals, width, shown", [
    (0.502, 3, 6, "0.502"), (-0.021, 3, 6, "-0.021"),  # ordinary numbers: unchanged
    (-12.3456, 3, 6, "-12.35"), (123456.7, 3, 6, "123457"),  # fewer decimals first
    (2.1246e306, 3, 10, "2.125e+306"), (-4.386e304, 3, 6, "-4e304"), (2.26e306, 3, 6, "2e+306"),
    (-1e308, 3, 3, "-1e308"),  # nothing fits: the shortest
])
def test_format_fit(value: float, decimals: int, width: int, shown: str) -> None:
    from tui_backprop.core.steps import format_fit

    assert format_fit(value, decimals, width) == shown
