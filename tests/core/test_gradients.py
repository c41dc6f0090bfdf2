"""Property-based: every gradient of random networks' traces against central differences.

Random networks of 1-3 layers of 1-4 units, every activation and loss (each loss with the
output activation it needs), one sample or a batch of 2-4. The finite differences use the
contract's rules written out in `reference`, never the core's own forward code.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given

import tui_backprop as tb

import reference as ref
from strategies import HIDDEN, KINKED, LOSS_OUTPUT, SETTINGS, networks

RTOL, ATOL = 1e-5, 1e-7


def away_from_kinks(trace: tb.Trace) -> bool:
    """True if no relu/leaky_relu z lies so close to 0 that a finite difference crosses it."""
    return all(np.min(np.abs(r.z)) > 1e-3
               for layer, r in zip(trace.network.layers, trace.results[0].layers)
               if layer.activation in KINKED)


def close(actual, expected) -> None:
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=ATOL)


@SETTINGS
@given(networks())
def test_every_gradient_matches_central_differences(net: tb.Network) -> None:
    trace = tb.build_trace(net)
    assume(away_from_kinks(trace))
    check_every_gradient(trace)


def check_every_gradient(trace: tb.Trace) -> None:
    """Every gradient of the trace's first iteration against central differences."""
    net = trace.network
    result = trace.results[0]
    # parameter gradients, read from the trace's state after the last step
    end = trace.state(len(trace))
    dws, dbs = ref.fd_parameters(net)
    for l, (layer, dw, db) in enumerate(zip(result.layers, dws, dbs), start=1):
        w_slots = trace.slots.base("dw", l) + np.arange(dw.size)
        b_slots = trace.slots.base("db", l) + np.arange(db.size)
        close(end.values(w_slots).reshape(dw.shape), dw)
        close(end.values(b_slots), db)
        close(layer.dw, dw)
        close(layer.db, db)
    # per-sample dL/dz and dL/da of every layer (dL/da of the last layer is dL/dy_pred)
    for which, numeric in (("dz", ref.fd_per_sample(net, "z")), ("da", ref.fd_per_sample(net, "a"))):
        for l, (layer, fd) in enumerate(zip(result.layers, numeric), start=1):
            slots = trace.slots.base(which, l) + np.arange(fd.size)
            close(end.values(slots).reshape(fd.shape), fd)
            close(getattr(layer, which), fd)
    # and every step that writes one of them shows a value equal to its slot's final value
    # (or, for "+=" steps, a partial sum: checked in test_trace)
    t = trace.table
    last_write = {int(s): i for i, s in enumerate(t.slot)}
    for slot, i in last_write.items():
        assert t.value[i] == end.value(slot)


@SETTINGS
@given(networks())
def test_updates_are_p_minus_lr_grad(net: tb.Network) -> None:
    trace = tb.build_trace(net)
    lr = net.learning_rate
    for layer, r in zip(net.layers, trace.results[0].layers):
        np.testing.assert_array_equal(r.weights, layer.weights)
        np.testing.assert_allclose(r.new_weights, layer.weights - lr * r.dw, rtol=0, atol=1e-15)
        np.testing.assert_allclose(r.new_biases, layer.biases - lr * r.db, rtol=0, atol=1e-15)
    for step in trace:
        if step.phase is tb.Phase.UPDATE:
            r = trace.results[0].layers[step.layer - 1]
            if step.kind is tb.StepKind.WEIGHT_UPDATE:
                old, grad = r.weights[step.row, step.col], r.dw[step.row, step.col]
            else:
                old, grad = r.biases[step.row], r.db[step.row]
            assert step.value == old - lr * grad


@SETTINGS
@given(networks())
def test_forward_values_and_loss_are_the_contracts(net: tb.Network) -> None:
    trace = tb.build_trace(net)
    a = np.asarray(net.x)
    for layer, r in zip(net.layers, trace.results[0].layers):
        z = a @ layer.weights.T + layer.biases
        a = ref.activate(layer.activation, z)
        close(r.z, z)
        close(r.a, a)
    close(trace.results[0].sample_losses, ref.sample_loss(net.loss, a, net.y))
    loss_steps = [s for s in trace if s.kind is tb.StepKind.LOSS]
    assert len(loss_steps) == 1
    close(loss_steps[0].value, ref.batch_loss(net, *ref.params(net)))


def _grid() -> list[tuple[str, str, str, int]]:
    """Every hidden activation before every output activation and loss that fit, one
    sample and a batch of three: covered on every run, whatever hypothesis draws."""
    return [(hidden, output, loss, batch) for hidden in HIDDEN for loss in sorted(LOSS_OUTPUT)
            for output in LOSS_OUTPUT[loss] for batch in (1, 3)]


@pytest.mark.parametrize(("hidden", "output", "loss", "batch"), _grid())
def test_every_activation_and_loss_pair(hidden: str, output: str, loss: str, batch: int) -> None:
    rng = np.random.default_rng([HIDDEN.index(hidden), batch, len(loss), len(output)])
    sizes = [3, 4, 2]
    for _ in range(50):  # draw until no relu z is near its kink
        x = rng.uniform(-1.5, 1.5, size=(batch, 3))
        if loss == "cross_entropy":
            y = np.eye(2)[rng.integers(0, 2, size=batch)]
        elif loss == "bce":
            y = rng.choice([0.0, 1.0, 0.3], size=(batch, 2))
        else:
            y = rng.uniform(-1, 1, size=(batch, 2))
        weights = [rng.uniform(-1.5, 1.5, size=(m, n)).tolist() for n, m in zip(sizes[:-1], sizes[1:])]
        biases = [rng.uniform(-0.5, 0.5, size=m).tolist() for m in sizes[1:]]
        net = ref.network(sizes, [hidden, output], loss, x.tolist() if batch > 1 else x[0].tolist(),
                          y.tolist() if batch > 1 else y[0].tolist(), weights, biases)
        if away_from_kinks(tb.build_trace(net)):
            break
    else:
        pytest.fail("no network away from the kinks")
    check_every_gradient(tb.build_trace(net))
    test_updates_are_p_minus_lr_grad.hypothesis.inner_test(net)
    test_forward_values_and_loss_are_the_contracts.hypothesis.inner_test(net)
