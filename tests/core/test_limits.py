"""Resource bounds of a trace: refused up front when over a limit (steps, memory, layer
passes), and the memory estimate the limit rests on is an upper bound of what is measured."""

from __future__ import annotations

import tracemalloc
from typing import Any

import numpy as np
import pytest

import tui_backprop as tb
from tui_backprop.core.config import parse_network
from tui_backprop.core.limits import (MAX_PASSES, MAX_STEPS, MAX_TRACE_BYTES, estimated_bytes,
                                      passes_per_iteration, steps_per_iteration, too_large)


def network(sizes: tuple[int, ...], batch: int, activations: tuple[str, ...], loss: str = "mse") -> tb.Network:
    """A network of these sizes with random inputs and valid targets for the loss."""
    rng = np.random.default_rng(1)
    y = rng.uniform(0.0, 1.0, (batch, sizes[-1]))
    if loss == "cross_entropy":
        y = y / y.sum(axis=1, keepdims=True)
    data: dict[str, Any] = {
        "learning_rate": 0.1, "loss": loss, "x": rng.uniform(-1, 1, (batch, sizes[0])).tolist(),
        "y": y.tolist(), "layers": [{"units": n, "activation": a} for n, a in zip(sizes[1:], activations)]}
    return parse_network(data, "net.json")


def refused_cheaply(build) -> str:
    """The ConfigError message of `build()`, asserting it allocated less than 2 MB first."""
    tracemalloc.start()
    try:
        with pytest.raises(tb.ConfigError) as error:
            build()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000
    message = str(error.value)
    assert "\n" not in message
    return message


def test_iterations_past_the_pass_limit_are_refused_before_computing() -> None:
    """The seed at 60,000 iterations once took 27 s and 854 MB though under the step limit."""
    net = tb.example("seed")
    per = passes_per_iteration(net.sizes, net.batch_size)
    allowed = MAX_PASSES // per
    assert too_large(net.sizes, 1, allowed) is None
    message = refused_cheaply(lambda: tb.build_trace(net, allowed + 1))
    assert message == (f"example seed: network too large: 1-1-1 with 1 sample(s) x {allowed + 1:,} "
                       f"iteration(s) would take {(allowed + 1) * per:,} layer passes, {per} an "
                       f"iteration (the limit is {MAX_PASSES:,}, a few seconds: at most {allowed:,} iterations)")
    assert "network too large" in refused_cheaply(lambda: tb.build_trace(net, 60_000))


def test_memory_past_the_budget_is_refused_before_allocating() -> None:
    """A 2000-unit softmax keeps a 2000x2000 Jacobian (32 MB) an iteration: ten are too many,
    though they are only ~160,000 steps and 50 layer passes."""
    net = network((1, 2000), 1, ("softmax",), "cross_entropy")
    over = next(n for n in range(1, 100) if estimated_bytes(net.sizes, 1, n, softmax=True) > MAX_TRACE_BYTES)
    assert over <= 10 and steps_per_iteration(net.sizes, 1) * over < MAX_STEPS
    assert too_large(net.sizes, 1, over - 1, softmax=True) is None
    message = refused_cheaply(lambda: tb.build_trace(net, over))
    assert message.startswith(f"net.json: network too large: 1-2000 with 1 sample(s) x {over} "
                              "iteration(s) would need about ")
    assert message.endswith(f"MB (the limit is {MAX_TRACE_BYTES // 1_000_000} MB)")


def test_the_examples_fit() -> None:
    """mnist-mlp and every example's documented uses are admitted."""
    for name in tb.example_names():
        net = tb.example(name)
        if not isinstance(net, tb.Network):
            continue  # a graph: its own limits (tests/core/graph)
        softmax = net.layers[-1].activation == "softmax"
        assert too_large(net.sizes, net.batch_size, 1, softmax) is None
        assert too_large(net.sizes, net.batch_size, 10 if name == "mnist-mlp" else 1000, softmax) is None


CASES = [  # (sizes, batch, activations, loss, iterations): narrow and wide, deep, batched
    ((1, 1, 1), 1, ("sigmoid", "sigmoid"), "mse", 200),
    ((2, 2, 2), 1, ("sigmoid", "sigmoid"), "mse", 100),
    ((2, 2, 1), 16, ("tanh", "sigmoid"), "bce", 20),
    ((1, 1, 1, 1, 1, 1, 1), 1, ("sigmoid",) * 6, "mse", 100),
    ((10, 50, 50, 3), 4, ("tanh", "relu", "softmax"), "cross_entropy", 3),
    ((120, 120), 1, ("linear",), "half_sse", 2),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{'-'.join(map(str, c[0]))}x{c[1]}x{c[4]}")
def test_the_memory_estimate_is_an_upper_bound(case) -> None:
    """Peak traced memory of building a trace and the caches the debugger fills (the step
    index, unit spans, a state look-up) stays under `estimated_bytes`."""
    sizes, batch, activations, loss, iterations = case
    net = network(sizes, batch, activations, loss)
    tracemalloc.start()
    try:
        trace = tb.build_trace(net, iterations)
        trace.write_index
        trace.span(0, "unit")
        trace.state(len(trace) // 2).values(np.arange(4))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    estimate = estimated_bytes(sizes, batch, iterations, activations[-1] == "softmax")
    assert estimate >= peak, (estimate, peak)
    assert estimate < 3 * peak + 100_000  # an upper bound, but not a wild one
