"""tui_backprop.nn against micrograd.nn 0.1.0: a seeded model is the same model."""

from __future__ import annotations

import random

import micrograd.nn as mgnn
import pytest

from tui_backprop import Value, nn


def test_a_seeded_neuron_draws_micrograds_weights() -> None:
    random.seed(1337)
    n = nn.Neuron(2)
    assert [w.data for w in n.w] == [0.23550571390294128, 0.06653114721000164]
    assert n.b.data == 0 and type(n.b.data) is int


def seeded_pair(sizes: list[int]) -> tuple[nn.MLP, mgnn.MLP]:
    random.seed(1337)
    ours = nn.MLP(2, sizes)
    random.seed(1337)
    theirs = mgnn.MLP(2, sizes)
    return ours, theirs


def test_a_seeded_mlp_is_micrograds_mlp() -> None:
    ours, theirs = seeded_pair([16, 16, 1])
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
    assert repr(ours) == repr(theirs)
    assert repr(ours).startswith("MLP of [Layer of [ReLUNeuron(2), ") and repr(ours).endswith("[LinearNeuron(16)]]")


def mse(model, V: type, xs: list[list[float]], ys: list[float]):
    return sum(((model(x) - y) ** 2 for x, y in zip(xs, ys)), V(0)) * (1.0 / len(xs))


def test_a_training_loop_computes_micrograds_numbers() -> None:
    """Forward, backward, SGD and zero_grad, three times: the same losses and gradients."""
    ours, theirs = seeded_pair([4, 4, 1])
    rng = random.Random(7)
    xs = [[rng.uniform(-2, 2), rng.uniform(-2, 2)] for _ in range(10)]
    ys = [rng.choice([-1.0, 1.0]) for _ in range(10)]
    for _ in range(3):
        loss, mloss = mse(ours, Value, xs, ys), mse(theirs, mgnn.Value, xs, ys)
        assert loss.data == mloss.data
        ours.zero_grad()
        theirs.zero_grad()
        loss.backward()
        mloss.backward()
        for p, m in zip(ours.parameters(), theirs.parameters()):
            assert p.grad == pytest.approx(m.grad, rel=1e-12, abs=1e-15)
            p.data -= 0.05 * p.grad
            # the grads may differ in the last bit (micrograd's set order decides how a fan-in
            # sums), so both sides step to the same parameters: the next loss is again exact
            m.data = p.data
    ours.zero_grad()
    assert all(p.grad == 0 and type(p.grad) is int for p in ours.parameters())


def test_layer_outputs_are_as_micrograds() -> None:
    random.seed(3)
    one, many = nn.Layer(3, 1), nn.Layer(3, 2, nonlin=False)
    random.seed(3)
    mone, mmany = mgnn.Layer(3, 1), mgnn.Layer(3, 2, nonlin=False)
    x = [0.5, -1.0, 2.0]
    assert isinstance(one(x), Value) and one(x).data == mone(x).data
    assert [v.data for v in many(x)] == [v.data for v in mmany(x)]
    assert repr(many) == repr(mmany) == "Layer of [LinearNeuron(3), LinearNeuron(3)]"
    assert nn.Module().parameters() == []


def test_an_mlp_labels_its_parameters() -> None:
    random.seed(0)
    model = nn.MLP(2, [3, 1])
    labels = [p.label for p in model.parameters()]
    assert labels[:3] == ["w1[1,1]", "w1[1,2]", "b1[1]"]
    assert labels[-4:] == ["w2[1,1]", "w2[1,2]", "w2[1,3]", "b2[1]"]
    assert len(set(labels)) == len(labels)
