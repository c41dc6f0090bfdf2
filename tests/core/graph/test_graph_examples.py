"""The built-in graphs give the numbers their sources publish."""

from __future__ import annotations

import math

import pytest

import tui_backprop as tb
from tui_backprop.core.examples import GRAPHS
from tui_backprop.core.graph.spec import GraphSpec

from graphs import grads, value


def _trace(name: str):
    spec = tb.example(name)
    assert isinstance(spec, GraphSpec)
    return tb.build_trace(spec)


def test_micrograd_lecture() -> None:
    tr = _trace("micrograd-lecture")
    assert value(tr, "L") == -8.0 and value(tr, "e") == -6.0 and value(tr, "d") == 4.0
    assert grads(tr) == {"a": 6.0, "b": -4.0, "c": -2.0, "f": 4.0}


def test_tanh_neuron() -> None:
    tr = _trace("tanh-neuron")
    assert value(tr, "o") == pytest.approx(math.sqrt(0.5), abs=1e-12)
    g = grads(tr)
    assert g["w1"] == pytest.approx(1.0) and g["x1"] == pytest.approx(-1.5)
    assert g["x2"] == pytest.approx(0.5) and g["w2"] == 0.0 and g["b"] == pytest.approx(0.5)


def test_cs231n_circuit() -> None:
    tr = _trace("cs231n-circuit")
    assert value(tr, "q") == 3.0 and value(tr, "f") == -12.0
    assert grads(tr) == {"x": -4.0, "y": -4.0, "z": 3.0}


def test_cs231n_neuron_gate_by_gate() -> None:
    tr = _trace("cs231n-neuron")
    assert value(tr, "f") == pytest.approx(0.73, abs=5e-3)
    published = {"w0": -0.20, "x0": 0.39, "w1": -0.39, "x1": -0.59, "w2": 0.20}
    assert grads(tr) == pytest.approx(published, abs=5e-3)
    ops = [s.target for s in tr if s.kind == tb.StepKind.OP]
    assert ops == ["a", "b", "c", "dot", "neg", "ex", "den", "f"]  # every gate a step


def test_colah_b_gets_3_then_5() -> None:
    tr = _trace("colah")
    into_b = [s for s in tr if s.kind == tb.StepKind.GRAD and s.target == "de/db"]
    assert [s.value for s in into_b] == [3.0, 5.0]
    assert into_b[0].formula == "de/db = de/dd · ∂d/∂b"
    assert into_b[1].formula == "de/db += de/dc · ∂c/∂b" and into_b[1].previous == 3.0
    assert grads(tr) == {"a": 2.0, "b": 5.0}


@pytest.mark.parametrize("name", GRAPHS)
def test_every_graph_example_is_listed_and_described(name: str) -> None:
    assert name in tb.example_names()
    spec = tb.example(name)
    assert spec.description and spec.source == f"example {name}"
    assert tb.build_trace(spec, 3).iterations == 3


def test_training_lowers_the_micrograd_loss() -> None:
    tr = tb.build_trace(tb.example("micrograd-lecture"), 3)
    losses = [value(tr, "L", it) for it in range(3)]
    assert losses[0] > losses[1] > losses[2]
