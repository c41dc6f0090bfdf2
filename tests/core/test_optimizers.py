"""Optimizers stepped op by op (issue 11.3): hand-worked values, an independent reference
over several iterations of random networks and graphs, torch itself when installed, the
step structure, and the plain-SGD trace left as it was."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pytest

import tui_backprop as tb
from tui_backprop.core import parse_network
from tui_backprop.core.fma import fma
from tui_backprop.core.limits import steps_per_iteration
from tui_backprop.core.optim import DEFAULTS, Optimizer

from optim_reference import Reference

S = tb.StepKind
VARIANTS = [
    DEFAULTS["sgd"], DEFAULTS["momentum"], DEFAULTS["adam"], DEFAULTS["adamw"],
    Optimizer("sgd", weight_decay=0.1),
    Optimizer("momentum", momentum=0.8, dampening=0.3, weight_decay=0.05),
    Optimizer("momentum", momentum=0.7, nesterov=True, weight_decay=0.1),
    Optimizer("adam", betas=(0.5, 0.8), eps=1e-6, weight_decay=0.2),
    Optimizer("adamw", betas=(0.3, 0.99), weight_decay=0.3),
]
IDS = [o.describe() for o in VARIANTS]


def _reference(opt: Optimizer, lr: float) -> Reference:
    return Reference(opt.kind, lr, opt.momentum, opt.dampening, opt.nesterov, opt.betas,
                     opt.eps, opt.weight_decay)


def _graph(opt: str | dict, lr: float = 0.1):
    """L = w·x with x = 2, w = 1: dL/dw = 2 at every step, so each step is worked by hand.
    `opt` as a config gives it (a name or a table)."""
    data = {"learning_rate": lr, "optimizer": opt,
            "inputs": {"x": 2.0}, "parameters": {"w": 1.0}, "nodes": {"L": "w*x"}}
    return parse_network(data, "hand.toml")


def _updates(opt, iterations: int) -> list[float]:
    trace = tb.build_trace(_graph(opt), iterations)
    return [float(r.new_parameters[0]) for r in trace.results]


# --- hand-worked -----------------------------------------------------------------------

def test_momentum_by_hand() -> None:
    # buf = 2, then 0.9·2 + 2 = 3.8, then 0.9·3.8 + 2 = 5.42; w -= 0.1·buf
    assert _updates({"kind": "momentum", "momentum": 0.9}, 3) == pytest.approx([0.8, 0.42, -0.122], abs=1e-15)
    # dampening 0.5: 2, 0.9·2 + 0.5·2 = 2.8
    assert _updates({"kind": "momentum", "momentum": 0.9, "dampening": 0.5}, 2) == pytest.approx([0.8, 0.52])
    # nesterov: g = 2 + 0.9·buf: 3.8 then 2 + 0.9·3.8 = 5.42
    assert _updates({"kind": "momentum", "momentum": 0.9, "nesterov": True}, 2) == pytest.approx([0.62, 0.078])
    # weight decay 0.1: g = 2 + 0.1·w = 2.1
    assert _updates({"kind": "sgd", "weight_decay": 0.1}, 1) == pytest.approx([0.79])


def test_adam_by_hand() -> None:
    """A constant gradient of 2: m̂ = 2 and v̂ = 4 at every step, so each step moves
    0.1·2/(2 + 1e-8); the steps show m, v, m̂, v̂ and the update with these numbers."""
    trace = tb.build_trace(_graph("adam"), 2)
    move = 0.1 * 2 / (2 + 1e-8)
    assert _updates("adam", 2) == pytest.approx([1 - move, 1 - 2 * move], abs=1e-15)
    update = [s for s in trace if s.phase is tb.Phase.UPDATE]
    assert [s.kind for s in update[:5]] == [S.FIRST_MOMENT, S.SECOND_MOMENT, S.FIRST_CORRECTION,
                                             S.SECOND_CORRECTION, S.PARAM_UPDATE]
    values = [s.value for s in update]
    assert values[:4] == pytest.approx([0.2, 0.004, 2.0, 4.0])
    assert values[5:9] == pytest.approx([0.38, 0.007996, 2.0, 4.0])  # 0.9·0.2 + 0.1·2, ...
    assert update[5].explain() == "m[w] = β1·m[w] + (1-β1)·dL/dw = 0.9 × 0.200 + 0.1 × 2.000 = 0.380"
    assert update[6].formula == "v[w] = β2·v[w] + (1-β2)·dL/dw²"
    assert update[7].explain() == "m̂[w] = m[w] / (1 - β1^t) = 0.380 / (1 - 0.9^2) = 2.000"
    assert update[9].formula == "w ← w - lr · m̂[w] / (√v̂[w] + ε)"


def test_adamw_decays_first_by_hand() -> None:
    # w·(1 - 0.1·0.01) = 0.999, then Adam's move (no λ·w in the gradient: m̂ stays 2)
    trace = tb.build_trace(_graph("adamw"), 1)
    first = trace[len(trace) - 6]
    assert first.kind is S.DECOUPLED_DECAY and first.formula == "w ← w·(1 - lr·λ)"
    assert first.value == pytest.approx(0.999)
    assert trace.results[0].new_parameters[0] == pytest.approx(0.999 - 0.1 * 2 / (2 + 1e-8))
    coupled = _updates({"kind": "adam", "weight_decay": 0.1}, 1)  # g = 2.1: m̂ = 2.1, v̂ = 4.41
    assert coupled == pytest.approx([1 - 0.1 * 2.1 / (2.1 + 1e-8)])


# --- against the reference, over several iterations of random networks ------------------

def _random_network(seed: int, opt: Optimizer) -> tb.Network:
    rng = np.random.default_rng(seed)
    sizes = [int(n) for n in rng.integers(1, 4, size=3)]
    batch = int(rng.integers(1, 4))
    x = rng.normal(size=(batch, sizes[0])).tolist()
    y = rng.uniform(0.1, 0.9, size=(batch, sizes[-1])).tolist()
    layers = [{"units": n, "activation": str(rng.choice(["sigmoid", "tanh", "linear"])),
               "weights": rng.normal(size=(n, m)).tolist(), "biases": rng.normal(size=n).tolist()}
              for m, n in zip(sizes[:-1], sizes[1:])]
    data = {"learning_rate": float(rng.uniform(0.01, 0.5)), "loss": "mse", "x": x, "y": y,
            "layers": layers, "optimizer": opt.fields()}
    return parse_network(data, "random.toml")


@pytest.mark.parametrize("opt", VARIANTS, ids=IDS)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_networks_match_the_reference(opt: Optimizer, seed: int) -> None:
    net = _random_network(seed, opt)
    iterations = 5
    trace = tb.build_trace(net, iterations)
    refs: dict[tuple, Reference] = {}
    lookup = {(int(t), int(k), int(l), int(r), int(c)): float(v) for t, k, l, r, c, v in zip(
        trace.table.iteration, trace.table.kind, trace.table.layer, trace.table.row,
        trace.table.col, trace.table.value) if k >= S.WEIGHT_UPDATE and k != S.OP}
    kinds = {"decay": S.WEIGHT_DECAY, "buf": S.MOMENTUM_BUFFER, "nesterov": S.NESTEROV,
             "decoupled": S.DECOUPLED_DECAY, "m": S.FIRST_MOMENT, "v": S.SECOND_MOMENT,
             "m_hat": S.FIRST_CORRECTION, "v_hat": S.SECOND_CORRECTION}
    checked = 0
    for it, result in enumerate(trace.results):
        for l, layer in enumerate(result.layers, start=1):
            params = [((j, k), layer.weights[j, k], layer.dw[j, k], layer.new_weights[j, k], S.WEIGHT_UPDATE)
                      for j in range(layer.weights.shape[0]) for k in range(layer.weights.shape[1])]
            params += [((j, -1), layer.biases[j], layer.db[j], layer.new_biases[j], S.BIAS_UPDATE)
                       for j in range(len(layer.biases))]
            for (j, k), theta, grad, new, update_kind in params:
                ref = refs.setdefault((l, j, k), _reference(opt, net.learning_rate))
                expected = ref.step(float(theta), float(grad))
                assert float(new) == pytest.approx(expected["new"], rel=1e-12, abs=1e-14)
                assert lookup[it, update_kind, l, j, k] == float(new)
                for op, value in expected.items():
                    if op != "new":  # every operation is a step of its own, with this value
                        assert lookup[it, kinds[op], l, j, k] == pytest.approx(value, rel=1e-12, abs=1e-14)
                checked += 1
    assert checked == iterations * net.parameter_count


@pytest.mark.parametrize("opt", VARIANTS, ids=IDS)
def test_graphs_match_the_reference(opt: Optimizer) -> None:
    data = {"learning_rate": 0.05, "optimizer": opt.fields(),
            "inputs": {"x": 1.5, "y": -0.5}, "parameters": {"w": 0.7, "b": -0.2, "c": 0.4},
            "nodes": {"h": "tanh(x*w + b)", "L": "(h*c - y)**2 + 0.1*w*w"}}
    trace = tb.build_trace(parse_network(data, "g.toml"), 6)
    refs = [_reference(opt, 0.05) for _ in trace.spec.parameters]
    for r in trace.results:
        for k, p in enumerate(trace.spec.parameters):
            expected = refs[k].step(float(r.values[p]), float(r.grads[p]))
            assert float(r.new_parameters[k]) == pytest.approx(expected["new"], rel=1e-12, abs=1e-14)
            for op in opt.ops:
                assert float(r.optim.values[op][k]) == pytest.approx(expected[op], rel=1e-12, abs=1e-14)


# --- torch itself, bit for bit -----------------------------------------------------------

@pytest.mark.parametrize("opt", VARIANTS[1:], ids=IDS[1:])
def test_networks_match_torch_bit_for_bit(opt: Optimizer) -> None:
    """Each parameter as its own tensor (torch's scalar kernels): identical float64 bits.
    Plain SGD is left out: it keeps the seed's `w - lr·dw`, one rounding away from
    torch's fused `w + (-lr)·dw`."""
    torch = pytest.importorskip("torch")
    net = _random_network(7, opt)
    trace = tb.build_trace(net, 6)
    first = trace.results[0].layers
    tensors = [torch.tensor([float(v)], dtype=torch.float64, requires_grad=True)
               for layer in first for v in (*layer.weights.ravel(), *layer.biases)]
    kw = {"lr": net.learning_rate, "weight_decay": opt.weight_decay}
    if opt.kind in ("sgd", "momentum"):
        optim = torch.optim.SGD(tensors, momentum=opt.momentum, dampening=opt.dampening,
                                nesterov=opt.nesterov, **kw)
    else:
        cls = torch.optim.Adam if opt.kind == "adam" else torch.optim.AdamW
        optim = cls(tensors, betas=opt.betas, eps=opt.eps, foreach=False, **kw)
    for result in trace.results:
        ours_before = np.concatenate([np.concatenate([l.weights.ravel(), l.biases]) for l in result.layers])
        assert np.array_equal(ours_before, np.array([float(t.detach()) for t in tensors]))
        grads = np.concatenate([np.concatenate([l.dw.ravel(), l.db]) for l in result.layers])
        for tensor, grad in zip(tensors, grads):  # the gradients are the trace's (checked elsewhere)
            tensor.grad = torch.tensor([grad], dtype=torch.float64)
        optim.step()
        ours = np.concatenate([np.concatenate([l.new_weights.ravel(), l.new_biases]) for l in result.layers])
        assert np.array_equal(ours, np.array([float(t.detach()) for t in tensors]))


# --- structure, limits, and plain SGD unchanged ------------------------------------------

@pytest.mark.parametrize("opt", VARIANTS, ids=IDS)
def test_step_counts_and_limits(opt: Optimizer) -> None:
    net = dataclasses.replace(tb.example("xor"), optimizer=opt)
    trace = tb.build_trace(net, 3)
    ops = len(opt.ops)
    plain = len(tb.build_trace(tb.example("xor"), 3))
    assert len(trace) == plain + 3 * ops * net.parameter_count
    assert steps_per_iteration(net.sizes, net.batch_size, 1 + ops) * 3 == len(trace)
    assert all(trace.phase(i) is tb.Phase.UPDATE for i in range(len(trace))
               if trace.table.kind[i] >= S.WEIGHT_DECAY)


def test_sgd_trace_is_unchanged() -> None:
    """`optimizer = "sgd"` (and no optimizer at all) give today's trace, step for step."""
    base = tb.example("xor")
    explicit = dataclasses.replace(base, optimizer=DEFAULTS["sgd"])
    a, b = tb.build_trace(base, 2), tb.build_trace(explicit, 2)
    for column in ("kind", "slot", "value", "row", "col"):
        assert np.array_equal(getattr(a.table, column), getattr(b.table, column))
    assert [s.explain() for s in a] == [s.explain() for s in b]
    assert a[len(a) - 1].formula == "b2 ← b2 - lr · dL/db2"


def test_state_is_visible_at_the_cursor() -> None:
    net = dataclasses.replace(tb.example("seed"), optimizer=DEFAULTS["adam"])
    trace = tb.build_trace(net, 2)
    slot = trace.slots.slot("m:w", 1, 1, 0, 0, 0)
    writes = [i for i in range(len(trace)) if trace.table.slot[i] == slot]
    assert len(writes) == 1 and trace[writes[0]].target == "m[w1]"
    assert trace.state(writes[0]).value(slot) is None
    assert trace.state(writes[0] + 1).value(slot) == trace.results[1].layers[0].weight_step.state["m"][0, 0]


def test_fma_is_exact() -> None:
    rng = np.random.default_rng(5)
    a = rng.normal(size=3000) * 10.0 ** rng.integers(-6, 6, 3000)
    b = rng.normal(size=3000) * 10.0 ** rng.integers(-6, 6, 3000)
    c = rng.normal(size=3000) * 10.0 ** rng.integers(-9, 9, 3000)
    exact = [float(Fraction(x) * Fraction(y) + Fraction(z)) for x, y, z in zip(a, b, c)]
    assert np.array_equal(fma(a, b, c), np.array(exact))
    assert np.array_equal(fma(1e300, 1e10, 1.0), np.array(np.inf))  # overflow: as a*b + c
