"""One training iteration in numpy: forward, loss, backward, SGD update.

Everything the trace shows is computed here, eagerly and vectorised, including the
running sums that accumulation steps display (dL/dw over the samples of a batch, dL/da
over the units a value feeds). The trace then only indexes these arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import NumericError
from .network import Network
from .ops import ACTIVATIONS, LOSSES, softmax_jacobian


@dataclass(frozen=True, eq=False)
class LayerResult:
    """Arrays of one layer for one iteration (leading axis: samples)."""

    weights: np.ndarray
    """W before the update, (units, fan_in)."""
    biases: np.ndarray
    """b before the update, (units,)."""
    a_prev: np.ndarray
    """Input to the layer, (samples, fan_in)."""
    z: np.ndarray
    """(samples, units)."""
    a: np.ndarray
    """(samples, units)."""
    local: np.ndarray
    """da/dz: (samples, units), or the Jacobian (samples, units, units) for softmax."""
    da: np.ndarray
    """dL/da, (samples, units): for the output layer dL/dy_pred (with the 1/batch factor)."""
    da_running: np.ndarray | None
    """Hidden layers: dL/da[s, k] after the contribution of unit j of the next layer,
    (samples, next units, units); None for the output layer."""
    dz: np.ndarray
    """dL/dz, (samples, units)."""
    dw_running: np.ndarray
    """dL/dW after each sample's contribution, (samples, units, fan_in)."""
    db_running: np.ndarray
    """dL/db after each sample's contribution, (samples, units)."""
    new_weights: np.ndarray
    new_biases: np.ndarray

    @property
    def dw(self) -> np.ndarray:
        """The final dL/dW of the batch."""
        return self.dw_running[-1]

    @property
    def db(self) -> np.ndarray:
        """The final dL/db of the batch."""
        return self.db_running[-1]


@dataclass(frozen=True, eq=False)
class IterationResult:
    """All numbers of one iteration."""

    layers: tuple[LayerResult, ...]
    sample_losses: np.ndarray
    """Loss of each sample, (samples,)."""
    loss: float
    """The batch loss: the mean of the sample losses."""
    loss_local: np.ndarray
    """d(sample loss)/dy_pred, (samples, outputs): without the 1/batch factor."""


def run_iteration(net: Network, weights: list[np.ndarray], biases: list[np.ndarray],
                  iteration: int = 0) -> IterationResult:
    """Forward, loss, backward and update at the given parameters."""
    with np.errstate(all="ignore"):
        result = _run(net, weights, biases)
    _check_finite(net, result, iteration)
    return result


def _run(net: Network, weights: list[np.ndarray], biases: list[np.ndarray]) -> IterationResult:
    batch = net.batch_size
    loss_rule = LOSSES[net.loss]
    a_prevs, zs, acts, locals_ = [], [], [], []
    a = net.x
    for layer, w, b in zip(net.layers, weights, biases):
        rule = ACTIVATIONS[layer.activation]
        a_prevs.append(a)
        z = a @ w.T + b
        a = rule.forward(z)
        zs.append(z)
        acts.append(a)
        locals_.append(rule.derivative(z, a) if rule.elementwise else softmax_jacobian(a))
    sample_losses = loss_rule.forward(acts[-1], net.y)
    loss_local = loss_rule.derivative(acts[-1], net.y)

    count = len(net.layers)
    da_list: list[np.ndarray] = [np.empty(0)] * count
    da_running: list[np.ndarray | None] = [None] * count
    dz_list: list[np.ndarray] = [np.empty(0)] * count
    da = loss_local / batch  # dL/dy_pred: the batch loss is the mean of the sample losses
    for li in range(count - 1, -1, -1):
        if li < count - 1:
            # contribution of unit j of the next layer to dL/da[k]: dz_next[s, j] * W_next[j, k]
            contrib = dz_list[li + 1][:, :, None] * weights[li + 1][None, :, :]
            running = np.cumsum(contrib, axis=1)
            da_running[li] = running
            da = running[:, -1, :]
        da_list[li] = da
        local = locals_[li]
        dz = np.einsum("si,sij->sj", da, local) if local.ndim == 3 else da * local
        dz_list[li] = dz

    layers = []
    for li, (w, b) in enumerate(zip(weights, biases)):
        dz = dz_list[li]
        dw_running = np.cumsum(dz[:, :, None] * a_prevs[li][:, None, :], axis=0)
        db_running = np.cumsum(dz, axis=0)
        layers.append(LayerResult(
            weights=w, biases=b, a_prev=a_prevs[li], z=zs[li], a=acts[li], local=locals_[li],
            da=da_list[li], da_running=da_running[li], dz=dz, dw_running=dw_running,
            db_running=db_running,
            new_weights=w - net.learning_rate * dw_running[-1],
            new_biases=b - net.learning_rate * db_running[-1],
        ))
    return IterationResult(layers=tuple(layers), sample_losses=sample_losses,
                           loss=float(np.mean(sample_losses)), loss_local=loss_local)


def _check_finite(net: Network, result: IterationResult, iteration: int) -> None:
    """Raise NumericError naming the first quantity, in execution order, that is not finite."""
    checks: list[tuple[str, np.ndarray]] = []
    for i, layer in enumerate(result.layers, start=1):
        checks += [(f"z of layer {i}", layer.z), (f"a of layer {i}", layer.a)]
    checks.append(("the loss", result.sample_losses))
    for i, layer in reversed(list(enumerate(result.layers, start=1))):
        checks += [(f"dL/da of layer {i}", layer.da), (f"dL/dz of layer {i}", layer.dz),
                   (f"dL/dw of layer {i}", layer.dw_running), (f"dL/db of layer {i}", layer.db_running)]
    for i, layer in enumerate(result.layers, start=1):
        checks += [(f"updated weights of layer {i}", layer.new_weights),
                   (f"updated biases of layer {i}", layer.new_biases)]
    for what, array in checks:
        if not np.all(np.isfinite(array)):
            bad = "NaN" if np.any(np.isnan(array)) else "infinite"
            raise NumericError(
                f"{net.source}: iteration {iteration + 1}: {what} became {bad} "
                f"(an overflow or a log of 0; try smaller weights, inputs or learning_rate)")
