"""An independent reference for the core tests: the contract's rules written out again.

Nothing here calls the core's ops table, so a finite difference taken with these
functions checks the core's chain-rule steps against the contract's definitions (§1),
not against the core's own forward code.
"""

from __future__ import annotations

import numpy as np

import tui_backprop as tb

LEAKY = 0.01
"""leaky_relu's slope for z < 0 (CONTRACT §1)."""


def activate(name: str, z: np.ndarray) -> np.ndarray:
    """a = f(z) for a (samples x units) array, as CONTRACT §1 defines f."""
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.where(z > 0, z, 0.0)
    if name == "leaky_relu":
        return np.where(z > 0, z, LEAKY * z)
    if name == "linear":
        return z.copy()
    if name == "softmax":
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise ValueError(name)


def xlog(y: np.ndarray, a: np.ndarray) -> np.ndarray:
    """y·log a, with the terms of y = 0 exactly 0 (they are absent from the sum)."""
    return y * np.log(np.where(y == 0, 1.0, a))


def sample_loss(name: str, a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """One loss per sample (rows), as CONTRACT §1 defines each loss."""
    if name == "mse":
        return np.mean((y - a) ** 2, axis=-1)
    if name == "sse":
        return np.sum((y - a) ** 2, axis=-1)
    if name == "half_sse":
        return 0.5 * np.sum((y - a) ** 2, axis=-1)
    if name == "bce":
        return np.mean(-(xlog(y, a) + xlog(1 - y, 1 - a)), axis=-1)
    if name == "cross_entropy":
        return -np.sum(xlog(y, a), axis=-1)
    raise ValueError(name)


def batch_loss(net: tb.Network, weights: list[np.ndarray], biases: list[np.ndarray],
               z_override: tuple[int, int, int, float] | None = None,
               a_override: tuple[int, int, int, float] | None = None) -> float:
    """The batch loss (mean of sample losses) at the given parameters.

    `z_override` / `a_override` = (layer, sample, unit, delta) add delta to one z or one a
    (layer from 1) on its way through, for finite differences in z and a.
    """
    a = np.array(net.x, dtype=np.float64)
    for l, (layer, w, b) in enumerate(zip(net.layers, weights, biases), start=1):
        z = a @ w.T + b
        if z_override and z_override[0] == l:
            z[z_override[1], z_override[2]] += z_override[3]
        a = activate(layer.activation, z)
        if a_override and a_override[0] == l:
            a[a_override[1], a_override[2]] += a_override[3]
    return float(np.mean(sample_loss(net.loss, a, np.asarray(net.y))))


def params(net: tb.Network) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Writable copies of the network's weights and biases."""
    return ([np.array(l.weights) for l in net.layers], [np.array(l.biases) for l in net.layers])


def fd_parameters(net: tb.Network, h: float = 1e-6) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Central differences of the batch loss in every weight and bias."""
    weights, biases = params(net)
    dws, dbs = [], []
    for arrays, out in ((weights, dws), (biases, dbs)):
        for p in arrays:
            grad = np.empty_like(p)
            for idx in np.ndindex(p.shape):
                old = p[idx]
                p[idx] = old + h
                up = batch_loss(net, weights, biases)
                p[idx] = old - h
                down = batch_loss(net, weights, biases)
                p[idx] = old
                grad[idx] = (up - down) / (2 * h)
            out.append(grad)
    return dws, dbs


def forward(net: tb.Network) -> list[np.ndarray]:
    """The activations of every layer (samples x units), by the contract's rules."""
    a, out = np.array(net.x, dtype=np.float64), []
    for layer in net.layers:
        a = activate(layer.activation, a @ layer.weights.T + layer.biases)
        out.append(a)
    return out


def fd_per_sample(net: tb.Network, which: str, h: float = 1e-6) -> list[np.ndarray]:
    """Central differences of the batch loss in each z (which="z") or a (which="a") of
    each layer, sample and unit: one (samples x units) array per layer.

    bce and cross_entropy take logs of the outputs, so an output a near a log's pole (a
    near 0 where y != 0, or for bce a near 1 where y != 1) gets a step scaled down with its
    distance to the pole: a fixed h would leave the log's domain or, for a ~ 1e-4, make the
    difference's truncation error ((h/a)^2) bigger than the tolerance.
    """
    weights, biases = params(net)
    acts = forward(net)
    logs = net.loss in ("bce", "cross_entropy")
    out = []
    for l, layer in enumerate(net.layers, start=1):
        grad = np.empty((net.batch_size, layer.units))
        for s in range(net.batch_size):
            for j in range(layer.units):
                step = h
                if which == "a" and logs and l == len(net.layers):
                    a, y = acts[-1][s, j], net.y[s, j]
                    poles = [a] if y != 0 else []
                    if net.loss == "bce" and y != 1:
                        poles.append(1.0 - a)
                    step = h * min([1.0, *poles])
                key = "z_override" if which == "z" else "a_override"
                up = batch_loss(net, weights, biases, **{key: (l, s, j, step)})
                down = batch_loss(net, weights, biases, **{key: (l, s, j, -step)})
                grad[s, j] = (up - down) / (2 * step)
        out.append(grad)
    return out


def network(sizes: list[int], activations: list[str], loss: str, x, y, weights, biases,
            lr: float = 0.1) -> tb.Network:
    """A Network from plain lists, through the public config parser."""
    from tui_backprop.core import parse_network
    data = {
        "name": "test", "learning_rate": lr, "loss": loss, "x": x, "y": y,
        "layers": [{"units": n, "activation": act, "weights": w, "biases": b}
                   for n, act, w, b in zip(sizes[1:], activations, weights, biases)],
    }
    return parse_network(data, "test.toml")


KIND_QUANTITY = {
    tb.StepKind.Z: "z", tb.StepKind.ACTIVATION: "a", tb.StepKind.SAMPLE_LOSS: "sample_loss",
    tb.StepKind.LOSS: "loss", tb.StepKind.OUTPUT_GRAD: "da", tb.StepKind.ACTIVATION_GRAD: "da",
    tb.StepKind.Z_GRAD: "dz", tb.StepKind.WEIGHT_GRAD: "dw", tb.StepKind.BIAS_GRAD: "db",
    tb.StepKind.WEIGHT_UPDATE: "w_new", tb.StepKind.BIAS_UPDATE: "b_new",
}
"""The slot quantity each kind of step writes."""


def final_slot_values(trace: tb.Trace) -> np.ndarray:
    """Every slot's final value, assembled from `trace.results` (not from the steps)."""
    slots = trace.slots
    out = np.full(slots.total, np.nan)
    for it, result in enumerate(trace.results):
        for l, r in enumerate(result.layers, start=1):
            for q, arr in (("z", r.z), ("a", r.a), ("da", r.da), ("dz", r.dz), ("dw", r.dw),
                           ("db", r.db), ("w_new", r.new_weights), ("b_new", r.new_biases)):
                start = slots.base(q, l, it)
                out[start:start + arr.size] = np.asarray(arr).ravel()
        if trace.network.batch_size > 1:
            start = slots.base("sample_loss", 0, it)
            out[start:start + trace.network.batch_size] = result.sample_losses
        out[slots.base("loss", 0, it)] = result.loss
    return out
