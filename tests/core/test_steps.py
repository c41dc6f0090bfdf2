"""Step records and their texts, trace.span and trace.touching, and reading mnist-mlp's
205,245-step trace anywhere."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

import tui_backprop as tb
from tui_backprop.core.trace import LEVELS

from strategies import SETTINGS, networks

SEED_TARGETS = ["z1", "a1", "z2", "y_pred", "loss", "dL/dy_pred", "dL/dz2", "dL/dw2", "dL/db2",
                "dL/da1", "dL/dz1", "dL/dw1", "dL/db1", "w1", "b1", "w2", "b2"]
"""The seed notebook's order (issue 2, "The trace")."""


@pytest.fixture(scope="module")
def seed() -> tb.Trace:
    return tb.build_trace(tb.example("seed"))


@pytest.fixture(scope="module")
def mazur() -> tb.Trace:
    return tb.build_trace(tb.example("mazur"))


@pytest.fixture(scope="module")
def mnist() -> tb.Trace:
    return tb.build_trace(tb.example("mnist-mlp"))


def test_seed_targets_in_the_notebooks_order(seed: tb.Trace) -> None:
    assert [s.target for s in seed] == SEED_TARGETS
    assert [str(s.phase) for s in seed] == ["forward"] * 4 + ["loss"] + ["backward"] * 8 + ["update"] * 4


def test_seed_step_texts(seed: tb.Trace) -> None:
    assert seed[6].explain() == "dL/dz2 = dL/dy_pred · y_pred(1 - y_pred) = (-0.791) × 0.239 = -0.189"
    assert seed[6].formula == "dL/dz2 = dL/dy_pred · y_pred(1 - y_pred)"
    assert seed[6].numbers() == "(-0.791) × 0.239"
    assert seed[6].numbers(decimals=5) == "(-0.79060) × 0.23904"
    assert seed[0].explain() == "z1 = w1·x + b1 = 0.500 × 2.000 + 0.100 = 1.100"
    assert seed[1].explain() == "a1 = σ(z1) = σ(1.100) = 0.750"
    assert seed[4].explain() == "loss = (y - y_pred)² = (1.000 - 0.605)² = 0.156"
    assert seed[5].explain() == "dL/dy_pred = 2(y_pred - y) = 2(0.605 - 1.000) = -0.791"
    assert seed[9].explain() == "dL/da1 = dL/dz2 · w2 = (-0.189) × 0.300 = -0.057"
    assert seed[11].explain() == "dL/dw1 = dL/dz1 · x = (-0.011) × 2.000 = -0.021"
    assert seed[13].explain() == "w1 ← w1 - lr · dL/dw1 = 0.500 - 0.1 × (-0.021) = 0.502"
    step = seed[6]
    assert (step.index, step.iteration, step.phase, step.kind) == (6, 0, tb.Phase.BACKWARD, tb.StepKind.Z_GRAD)
    assert (step.layer, step.row, step.col, step.sample, step.node, step.edge) == (2, 0, None, 0, (2, 0), None)
    assert step.local == pytest.approx(0.239, abs=5e-4) and step.upstream == pytest.approx(-0.791, abs=5e-4)
    assert not step.accumulates
    assert seed[7].edge == (2, 0, 0) and seed[9].edge == (2, 0, 0) and seed[9].node == (1, 0)


def test_step_is_frozen_and_indexing_behaves_like_a_sequence(seed: tb.Trace) -> None:
    with pytest.raises(AttributeError):
        seed[0].value = 1.0  # type: ignore[misc]
    assert seed[-1] == seed[len(seed) - 1]
    assert [s.index for s in seed[2:5]] == [2, 3, 4]
    with pytest.raises(IndexError):
        seed[len(seed)]
    with pytest.raises(IndexError):
        seed[-len(seed) - 1]


def test_fan_in_accumulation_is_its_own_step(mazur: tb.Trace) -> None:
    first, second = mazur[19], mazur[20]
    assert first.target == second.target == "dL/da1[1]"
    assert not first.accumulates and second.accumulates
    assert second.explain() == "dL/da1[1] += dL/dz2[2] · w2[2,1] = 0.055 + (-0.038) × 0.500 = 0.036"
    assert second.previous == first.value


def test_batch_gradients_accumulate_per_sample() -> None:
    trace = tb.build_trace(tb.example("xor"))
    steps = [s for s in trace if s.target == "dL/db2"]
    assert [s.sample for s in steps] == [0, 1, 2, 3]
    assert [s.accumulates for s in steps] == [False, True, True, True]
    assert steps[-1].value == pytest.approx(trace.results[0].layers[1].db[0])
    assert trace[28].explain().startswith("loss = (loss⁽¹⁾ + loss⁽²⁾ + loss⁽³⁾ + loss⁽⁴⁾) / 4 = ")


def test_span_levels_on_mazur(mazur: tb.Trace) -> None:
    assert LEVELS == ("unit", "layer", "phase", "iteration")
    expect = {
        0: {"unit": range(0, 2), "layer": range(0, 4), "phase": range(0, 8)},
        5: {"unit": range(4, 6), "layer": range(4, 8), "phase": range(0, 8)},
        8: {"unit": range(8, 9), "layer": range(8, 9), "phase": range(8, 9)},
        12: {"unit": range(9, 14), "layer": range(9, 19), "phase": range(9, 31)},
        20: {"unit": range(19, 25), "layer": range(19, 31), "phase": range(9, 31)},
        31: {"unit": range(31, 34), "layer": range(31, 37), "phase": range(31, 43)},
        42: {"unit": range(40, 43), "layer": range(37, 43), "phase": range(31, 43)},
    }
    for index, spans in expect.items():
        for level, span in spans.items():
            assert mazur.span(index, level) == span, (index, level)
        assert mazur.span(index, "iteration") == range(0, 43)


def test_span_of_a_batch_keeps_each_samples_forward_layer_apart() -> None:
    trace = tb.build_trace(tb.example("xor"))
    assert trace.span(0, "layer") == range(0, 4)   # sample 1, layer 1
    assert trace.span(6, "layer") == range(6, 10)  # sample 2, layer 1
    assert trace.span(24, "phase") == range(24, 29)  # four sample losses and the mean


@SETTINGS
@given(networks())
def test_spans_partition_the_trace_and_nest(net: tb.Network) -> None:
    trace = tb.build_trace(net, 2)
    for level in LEVELS:
        i, blocks = 0, []
        while i < len(trace):
            span = trace.span(i, level)
            assert span.start == i and len(span) > 0
            assert all(trace.span(j, level) == span for j in span)
            blocks.append(span)
            i = span.stop
        assert blocks[-1].stop == len(trace)
    for i in range(len(trace)):
        inner = [trace.span(i, level) for level in LEVELS]
        for small, big in zip(inner, inner[1:]):
            assert big.start <= small.start and small.stop <= big.stop
        unit = trace.span(i, "unit")
        assert len({trace[j].phase for j in unit}) == 1
        assert len({trace[j].node for j in unit}) == 1


def test_touching_lists_the_steps_of_a_node(mazur: tb.Trace) -> None:
    assert mazur.touching(1, 0).tolist() == [0, 1, 19, 20, 21, 22, 23, 24, 31, 32, 33]
    assert mazur.touching(2, 1).tolist() == [6, 7, 14, 15, 16, 17, 18, 40, 41, 42]
    # an input is touched by the steps that read it: each z of layer 1, and the gradient and
    # update of each weight leaving it
    assert [mazur[int(i)].target for i in mazur.touching(0, 0)] == [
        "z1[1]", "z1[2]", "dL/dw1[1,1]", "dL/dw1[2,1]", "w1[1,1]", "w1[2,1]"]
    for layer in (1, 2):
        for unit in (0, 1):
            assert mazur.touching(layer, unit).tolist() == [s.index for s in mazur if s.node == (layer, unit)]


def test_mnist_builds_and_any_step_reads(mnist: tb.Trace) -> None:
    assert len(mnist) == 205_245
    assert mnist.network.sizes == (784, 128, 10)
    first, middle, last = mnist[0], mnist[len(mnist) // 2], mnist[-1]
    assert (first.index, first.target, first.phase) == (0, "z1[1]", tb.Phase.FORWARD)
    assert first.formula == "z1[1] = Σ_k w1[1,k]·x[k] + b1[1]"
    assert "… (782 more terms)" in first.numbers()
    assert middle.index == len(mnist) // 2 and middle.phase is tb.Phase.BACKWARD
    assert (last.target, last.phase, last.index) == ("b2[10]", tb.Phase.UPDATE, len(mnist) - 1)
    for step in (first, middle, last):
        assert step.explain().endswith(f"= {tb.core.steps.format_number(step.value)}")
        assert step.value == mnist.table.value[step.index]
    state = mnist.state(len(mnist) // 2)
    assert state.value(int(mnist.table.slot[len(mnist) // 2 - 1])) == mnist[len(mnist) // 2 - 1].value
    assert state.value(mnist.slots.slot("w_new", 0, 1, row=0, col=0)) is None
    z = state.values(mnist.slots.base("z", 1) + np.arange(128))
    np.testing.assert_array_equal(z, mnist.results[0].layers[0].z[0])
    assert mnist.touching(2, 9).size > 0 and mnist.span(len(mnist) - 1, "phase").stop == len(mnist)


@pytest.mark.parametrize("name", ["seed", "mazur", "xor", "softmax"])
def test_node_without_building_the_step_equals_step_node(name: str) -> None:
    trace = tb.build_trace(tb.example(name), 2)
    assert [trace.node(i) for i in range(len(trace))] == [step.node for step in trace]


def test_touches_agrees_with_touching(mazur: tb.Trace) -> None:
    for layer, unit in [(0, 0), (0, 1), (1, 0), (2, 1)]:
        hits = [i for i in range(len(mazur)) if mazur.touches(i, layer, unit)]
        assert hits == mazur.touching(layer, unit).tolist()
