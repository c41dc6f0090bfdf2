"""Trace invariants on random networks: order, one target per step, the "+=" chains,
the factors of every backward step, the state at every cursor, determinism and
iterations that chain."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest
from hypothesis import given, strategies as st

import tui_backprop as tb
from tui_backprop.core.slots import PER_SAMPLE

import reference as ref
from strategies import SETTINGS, networks

K = tb.StepKind
PHASES = list(tb.Phase)


def _writes(trace: tb.Trace) -> dict[int, list[int]]:
    """Slot -> the indices of the steps writing it, in order."""
    out: dict[int, list[int]] = defaultdict(list)
    for i, slot in enumerate(trace.table.slot):
        out[int(slot)].append(i)
    return out


def _expected_target(trace: tb.Trace, step: tb.Step) -> str:
    n, l, j, k, s = trace.names, step.layer, step.row, step.col, step.sample
    return {
        K.Z: lambda: n.z(l, j, s), K.ACTIVATION: lambda: n.a(l, j, s),
        K.SAMPLE_LOSS: lambda: n.loss(s), K.LOSS: lambda: "loss",
        K.OUTPUT_GRAD: lambda: n.grad(n.a(l, j, s)), K.ACTIVATION_GRAD: lambda: n.grad(n.a(l, j, s)),
        K.Z_GRAD: lambda: n.grad(n.z(l, j, s)), K.WEIGHT_GRAD: lambda: n.grad(n.w(l, j, k)),
        K.BIAS_GRAD: lambda: n.grad(n.b(l, j)), K.WEIGHT_UPDATE: lambda: n.w(l, j, k),
        K.BIAS_UPDATE: lambda: n.b(l, j),
    }[step.kind]()


@SETTINGS
@given(networks(), st.integers(1, 2))
def test_phases_in_order_and_one_target_per_step(net: tb.Network, iterations: int) -> None:
    trace = tb.build_trace(net, iterations)
    steps = list(trace)
    assert [s.index for s in steps] == list(range(len(trace)))
    order = [(s.iteration, PHASES.index(s.phase)) for s in steps]
    assert order == sorted(order), "phases out of order"
    assert sorted(set(order)) == [(it, p) for it in range(iterations) for p in range(4)]
    for s in steps:
        assert trace.phase(s.index) is s.phase is s.kind.phase
    target_of_slot: dict[int, str] = {}
    slot_of_target: dict[tuple[int, str], int] = {}
    for s in steps:
        info = trace.slots.info(s.slot)
        assert info.quantity == ref.KIND_QUANTITY[s.kind]
        assert (info.iteration, info.layer) == (s.iteration, s.layer)
        if info.quantity in PER_SAMPLE:
            assert (info.sample, info.row) == (s.sample or 0, s.row)
        elif info.quantity in ("dw", "w_new"):
            assert (info.row, info.col) == (s.row, s.col)
        elif info.quantity in ("db", "b_new"):
            assert info.row == s.row
        assert s.target == _expected_target(trace, s)
        # one quantity per target name within an iteration, and one name per quantity
        assert target_of_slot.setdefault(s.slot, s.target) == s.target
        assert slot_of_target.setdefault((s.iteration, s.target), s.slot) == s.slot
        if s.phase is tb.Phase.UPDATE:
            assert f"{s.target} ← " in s.formula
        else:
            assert s.formula.startswith(f"{s.target} {'+=' if s.accumulates else '='} ")
        if s.kind is not K.LOSS and s.kind is not K.SAMPLE_LOSS:
            assert s.node == (s.layer, s.row)
        if s.kind in (K.WEIGHT_GRAD, K.WEIGHT_UPDATE):
            assert s.edge == (s.layer, s.row, s.col)
        elif s.kind is K.ACTIVATION_GRAD:
            assert s.edge == (s.layer + 1, s.col, s.row)
        else:
            assert s.edge is None


@SETTINGS
@given(networks())
def test_every_slot_is_written_as_often_as_its_quantity_needs(net: tb.Network) -> None:
    trace = tb.build_trace(net)
    depth, batch = len(net.layers), net.batch_size
    for slot, steps in _writes(trace).items():
        info = trace.slots.info(slot)
        if info.quantity == "da" and info.layer < depth:
            expected = net.layers[info.layer].units  # one contribution per unit it feeds
        elif info.quantity in ("dw", "db"):
            expected = batch  # one contribution per sample
        else:
            expected = 1
        assert len(steps) == expected, info
    written = set(_writes(trace))
    every = set(range(trace.slots.total))
    if batch == 1:  # a batch of one has no per-sample loss: its loss is the loss
        every.discard(trace.slots.slot("sample_loss"))
    assert written == every


@SETTINGS
@given(networks())
def test_accumulations_chain_and_every_backward_value_is_its_factors(net: tb.Network) -> None:
    trace = tb.build_trace(net)
    softmax_out = net.layers[-1].activation == "softmax"
    for slot, indices in _writes(trace).items():
        steps = [trace[i] for i in indices]
        assert steps[0].previous is None
        for before, step in zip(steps, steps[1:]):
            assert step.previous == before.value
            assert step.value == pytest.approx(step.previous + step.upstream * step.local, rel=1e-12, abs=1e-15)
    for step in trace:
        if step.phase is not tb.Phase.BACKWARD:
            assert (step.local, step.upstream, step.previous) == (None, None, None)
            continue
        if step.kind is K.Z_GRAD and step.layer == len(net.layers) and softmax_out:
            assert step.local is None and step.upstream is None  # a sum over the Jacobian row
            continue
        assert step.local is not None and step.upstream is not None
        expected = step.upstream * step.local + (step.previous or 0.0)
        assert step.value == pytest.approx(expected, rel=1e-12, abs=1e-15)
        if step.kind is K.OUTPUT_GRAD:
            assert step.upstream == 1.0 / net.batch_size
        if step.kind is K.BIAS_GRAD:
            assert step.local == 1.0
        if step.kind is K.WEIGHT_GRAD:
            assert step.local == trace.results[0].layers[step.layer - 1].a_prev[step.sample or 0, step.col]


@SETTINGS
@given(networks(), st.integers(1, 2))
def test_state_at_every_cursor_knows_exactly_the_steps_taken(net: tb.Network, iterations: int) -> None:
    trace = tb.build_trace(net, iterations)
    every = np.arange(trace.slots.total)
    start = trace.state(0)
    assert np.isnan(start.values(every)).all()
    assert start.current is None and not start.changed(int(trace.table.slot[0]))
    end = trace.state(len(trace))
    np.testing.assert_array_equal(end.values(every), ref.final_slot_values(trace))
    known = np.full(trace.slots.total, np.nan)  # replayed step by step, the slow way
    for taken in range(1, len(trace) + 1):
        i = taken - 1
        known[trace.table.slot[i]] = trace.table.value[i]
        state = trace.state(taken)
        np.testing.assert_array_equal(state.values(every), known)
        assert state.current.index == i
        assert state.changed(int(trace.table.slot[i]))
        assert state.value(int(trace.table.slot[i])) == trace.table.value[i]
    with pytest.raises(IndexError):
        trace.state(len(trace) + 1)
    with pytest.raises(IndexError):
        trace.state(-1)


@SETTINGS
@given(networks(), st.integers(1, 3))
def test_trace_is_deterministic_and_iterations_chain(net: tb.Network, iterations: int) -> None:
    one, two = tb.build_trace(net, iterations), tb.build_trace(net, iterations)
    assert len(one) == len(two)
    for column in ("kind", "iteration", "sample", "layer", "row", "col", "value", "slot"):
        np.testing.assert_array_equal(getattr(one.table, column), getattr(two.table, column))
    assert [s.explain(6) for s in one] == [s.explain(6) for s in two]
    assert one.iterations == iterations
    for before, after in zip(one.results, one.results[1:]):
        for b, a in zip(before.layers, after.layers):
            np.testing.assert_array_equal(a.weights, b.new_weights)
            np.testing.assert_array_equal(a.biases, b.new_biases)
    # and the chained trace equals a fresh network started at the updated parameters
    if iterations > 1:
        last = one.results[-1]
        restarted = ref.network(
            list(net.sizes), [l.activation for l in net.layers], net.loss,
            net.x.tolist() if net.batch_size > 1 else net.x[0].tolist(),
            net.y.tolist() if net.batch_size > 1 else net.y[0].tolist(),
            [l.weights.tolist() for l in last.layers], [l.biases.tolist() for l in last.layers],
            net.learning_rate)
        fresh = tb.build_trace(restarted).results[0]
        assert fresh.loss == last.loss
        for f, l in zip(fresh.layers, last.layers):
            np.testing.assert_array_equal(f.new_weights, l.new_weights)
    per_iteration = len(one) // iterations
    assert len(one) == per_iteration * iterations
    for it in range(iterations):
        span = one.span(it * per_iteration, "iteration")
        assert span == range(it * per_iteration, (it + 1) * per_iteration)


@pytest.mark.parametrize("name", ["seed", "mazur", "xor", "softmax"])
def test_examples_satisfy_the_same_invariants(name: str) -> None:
    """The built-in examples through the same checks as the random networks."""
    net = tb.example(name)
    test_phases_in_order_and_one_target_per_step.hypothesis.inner_test(net, 2)
    test_every_slot_is_written_as_often_as_its_quantity_needs.hypothesis.inner_test(net)
    test_accumulations_chain_and_every_backward_value_is_its_factors.hypothesis.inner_test(net)
    test_state_at_every_cursor_knows_exactly_the_steps_taken.hypothesis.inner_test(net, 2)
