"""One training iteration in numpy: forward, loss, backward, update (SGD or an optimizer).

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
from .optim import OptimStep, optimizer_step


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
    weight_step: OptimStep | None = None
    """The optimizer's operations on W (None for plain SGD)."""
    bias_step: OptimStep | None = None
    """The optimizer's operations on b (None for plain SGD)."""

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
                  iteration: int = 0, previous: IterationResult | None = None) -> IterationResult:
    """Forward, loss, backward and update at the given parameters; `previous` is the
    iteration before, whose optimizer state (moments, momentum) this one carries on."""
    with np.errstate(all="ignore"):
        result = _run(net, weights, biases, previous)
    _check_finite(net, result, iteration)
    return result


def _run(net: Network, weights: list[np.ndarray], biases: list[np.ndarray],
         previous: IterationResult | None) -> IterationResult:
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
    opt, lr = net.optimizer, net.learning_rate
    for li, (w, b) in enumerate(zip(weights, biases)):
        dz = dz_list[li]
        dw_running = np.cumsum(dz[:, :, None] * a_prevs[li][:, None, :], axis=0)
        db_running = np.cumsum(dz, axis=0)
        if opt.plain:  # the seed's arithmetic, kept exactly: w - lr·dL/dw
            w_step = b_step = None
            new_w, new_b = w - lr * dw_running[-1], b - lr * db_running[-1]
        else:
            before = previous.layers[li] if previous is not None else None
            w_step = optimizer_step(opt, lr, w, dw_running[-1], before and before.weight_step)
            b_step = optimizer_step(opt, lr, b, db_running[-1], before and before.bias_step)
            new_w, new_b = w_step.new, b_step.new
        layers.append(LayerResult(
            weights=w, biases=b, a_prev=a_prevs[li], z=zs[li], a=acts[li], local=locals_[li],
            da=da_list[li], da_running=da_running[li], dz=dz, dw_running=dw_running,
            db_running=db_running, new_weights=new_w, new_biases=new_b,
            weight_step=w_step, bias_step=b_step,
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
        for what, step in (("weights", layer.weight_step), ("biases", layer.bias_step)):
            if step is not None:
                checks += [(f"{op} of the {what} of layer {i}", step.values[op]) for op in net.optimizer.ops]
        checks += [(f"updated weights of layer {i}", layer.new_weights),
                   (f"updated biases of layer {i}", layer.new_biases)]
    for what, array in checks:
        if not np.all(np.isfinite(array)):
            bad = "NaN" if np.any(np.isnan(array)) else "infinite"
            raise NumericError(
                f"{net.source}: iteration {iteration + 1}: {what} became {bad} "
                f"(an overflow or a log of 0; try smaller weights, inputs or learning_rate)")
