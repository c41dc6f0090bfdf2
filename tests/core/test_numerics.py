"""Numbers that go wrong are reported, never hidden: an overflow or a log of 0 raises
NumericError naming the file, iteration and quantity; a network too large is refused
before anything is allocated; a confident, correct prediction is not an error."""

from __future__ import annotations

import tracemalloc
import warnings

import numpy as np
import pytest
from hypothesis import given

import tui_backprop as tb
from tui_backprop.core import parse_network
from tui_backprop.core.limits import MAX_STEPS, steps_per_iteration

from strategies import SETTINGS, networks


def one_layer(activation: str, loss: str, x: list[float], y: list[float], w: list[list[float]],
              lr: float = 0.1) -> tb.Network:
    data = {"learning_rate": lr, "loss": loss, "x": x, "y": y,
            "layers": [{"units": len(w), "activation": activation, "weights": w, "biases": [0.0] * len(w)}]}
    return parse_network(data, "net.toml")


OVERFLOWS = {
    "z overflows": (one_layer("linear", "mse", [1e200], [0.0], [[1e200]]), "z of layer 1 became infinite"),
    "loss overflows": (one_layer("linear", "sse", [1e160], [0.0], [[1.0]]), "the loss became infinite"),
    "gradient overflows": (one_layer("linear", "mse", [1e200], [0.0], [[1e-50]]), "dL/dw of layer 1 became infinite"),
    "bce log of 0": (one_layer("sigmoid", "bce", [1.0], [0.0], [[800.0]]), "the loss became infinite"),
    "cross_entropy log of 0": (one_layer("softmax", "cross_entropy", [1.0], [1.0, 0.0], [[0.0], [800.0]]),
                               "the loss became infinite"),
}


@pytest.mark.parametrize("case", sorted(OVERFLOWS))
def test_overflow_is_a_numeric_error_naming_what_became_infinite(case: str) -> None:
    net, fragment = OVERFLOWS[case]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # reported as an error, not as a numpy warning
        with pytest.raises(tb.NumericError) as error:
            tb.build_trace(net)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("net.toml: iteration 1: ") and fragment in message
    assert isinstance(error.value, tb.ConfigError)  # the CLI treats it like bad input


def test_divergence_is_reported_in_the_iteration_it_happens() -> None:
    net = one_layer("linear", "mse", [1e30], [0.0], [[1.0]], lr=1.0)
    tb.build_trace(net, 3)  # huge but finite
    with pytest.raises(tb.NumericError, match=r"^net\.toml: iteration 4: the loss became infinite"):
        tb.build_trace(net, 4)


def test_nan_is_reported_as_nan() -> None:
    """x·w with a +inf and a -inf term is a NaN (a config cannot hold inf, so the
    parameters are given to the iteration directly, as a diverging run would)."""
    from tui_backprop.core.compute import run_iteration
    net = one_layer("linear", "mse", [1.0, 1.0], [0.0], [[1.0, 1.0]])
    run_iteration(net, [np.array([[1.0, 1.0]])], [np.array([0.0])])  # finite: no error
    with pytest.raises(tb.NumericError, match="iteration 2: z of layer 1 became NaN"):
        run_iteration(net, [np.array([[np.inf, -np.inf]])], [np.array([0.0])], iteration=1)


@pytest.mark.parametrize(("activation", "loss", "y", "w"), [
    ("sigmoid", "bce", [1.0], [[40.0]]),      # sigmoid(40) rounds to exactly 1.0
    ("sigmoid", "bce", [0.0], [[-800.0]]),    # sigmoid(-800) is exactly 0.0
    ("softmax", "cross_entropy", [1.0, 0.0], [[800.0], [0.0]]),  # softmax gives exactly [1, 0]
])
def test_a_confident_correct_prediction_is_not_an_error(activation, loss, y, w) -> None:
    """0·log 0 terms are 0 by the loss's definition: the loss is ~0, every gradient finite."""
    trace = tb.build_trace(one_layer(activation, loss, [1.0], y, w))
    result = trace.results[0]
    assert result.loss == 0.0
    assert np.all(np.isfinite(trace.table.value))
    np.testing.assert_allclose(result.layers[0].dw, 0.0, atol=1e-15)


@SETTINGS
@given(networks())
def test_a_trace_holds_only_finite_numbers(net: tb.Network) -> None:
    trace = tb.build_trace(net, 2)
    assert np.all(np.isfinite(trace.table.value))


def test_too_large_network_is_refused_before_allocating() -> None:
    """A 2000-3000-1 network would need 6M weights (48 MB) and 18M steps: refused with
    less than 2 MB allocated."""
    data = {"learning_rate": 0.1, "loss": "mse", "x": [0.5] * 2000, "y": [0.0],
            "layers": [{"units": 3000, "activation": "relu"}, {"units": 1, "activation": "linear"}]}
    tracemalloc.start()
    try:
        with pytest.raises(tb.ConfigError) as error:
            parse_network(data, "big.toml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000
    message = str(error.value)
    assert message.startswith("big.toml: layers: network too large: 2000-3000-1 with 1 sample(s)")
    assert f"the limit is {MAX_STEPS:,}" in message and "\n" not in message


def test_too_many_iterations_are_refused_before_computing() -> None:
    net = tb.example("mnist-mlp")
    per = steps_per_iteration(net.sizes, net.batch_size)
    assert per == 205_245
    allowed = MAX_STEPS // per
    tracemalloc.start()
    try:
        with pytest.raises(tb.ConfigError, match=r"^example mnist-mlp: network too large: 784-128-10 "
                                                 rf"with 1 sample\(s\) x {allowed + 1} iteration\(s\)"):
            tb.build_trace(net, allowed + 1)
        with pytest.raises(tb.ConfigError, match="network too large"):
            tb.build_trace(net, 10**12)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000


def test_steps_per_iteration_is_the_traces_length() -> None:
    for name in tb.core.examples.network_example_names():
        net = tb.example(name)
        if net.sizes[0] > 100:
            continue  # mnist-mlp: checked above and in test_steps
        for iterations in (1, 2):
            trace = tb.build_trace(net, iterations)
            assert len(trace) == steps_per_iteration(net.sizes, net.batch_size) * iterations
