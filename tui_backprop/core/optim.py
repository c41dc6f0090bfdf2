"""Optimizers as torch.optim computes them, one operation at a time.

An `Optimizer` names the rule the update phase applies: plain SGD (the default, one step
per parameter, `p ← p - lr · dL/dp`), SGD with momentum, Adam or AdamW, with PyTorch's
parameters and defaults. `optimizer_step` applies one optimizer step to a whole array of
parameters at once and keeps the value of every operation, so the trace can show each as
its own step (Adam: m, v, m̂, v̂, then the update).

The arithmetic is torch.optim's single-tensor CPU code (torch 2.13), operation for
operation, with its fused multiply-adds (`fma`), so float64 results agree with torch to the
last bit (one caveat in `optimizer_step`):

- SGD: ``g = grad + λ·p``; ``buf = g`` at the first step, else ``buf·μ + (1-τ)·g``;
  nesterov ``g = g + μ·buf``, else ``g = buf``; ``p = p + (-lr)·g``.
- Adam: ``g = grad + λ·p``; ``m = lerp(m, g, 1-β1)`` (torch's `lerp_`, which is
  ``m + (1-β1)·(g - m)``: the trace *shows* ``β1·m + (1-β1)·g``, equal but for the last
  bit); ``v = v·β2 + ((1-β2)·g)·g``; then ``p + ((-lr/bc1)·m) / (√v / √bc2 + ε)`` with
  ``bc = 1 - β^t``. The m̂ = m/bc1 and v̂ = v/bc2 steps show the natural values; the update
  step's value is torch's (it may differ from ``p - lr·m̂/(√v̂+ε)`` in the last bit).
- AdamW: ``p = p·(1 - lr·λ)`` first (decoupled weight decay), then Adam without ``λ·p``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .fma import fma
from .steps import StepKind as K

KINDS = ("sgd", "momentum", "adam", "adamw")
"""The optimizers `optimizer = ...` and `--optimizer` accept."""
OP_KIND = {
    "decay": K.WEIGHT_DECAY, "buf": K.MOMENTUM_BUFFER, "nesterov": K.NESTEROV,
    "decoupled": K.DECOUPLED_DECAY, "m": K.FIRST_MOMENT, "v": K.SECOND_MOMENT,
    "m_hat": K.FIRST_CORRECTION, "v_hat": K.SECOND_CORRECTION,
}
"""The step kind of each optimizer operation before the update itself."""
STATE = {"sgd": (), "momentum": ("buf",), "adam": ("m", "v"), "adamw": ("m", "v")}
"""What each optimizer carries from one iteration to the next."""


@dataclass(frozen=True)
class Optimizer:
    """An optimizer and its hyper-parameters (PyTorch's names and defaults).

    The learning rate is the network's (`learning_rate`), as before optimizers existed.
    """

    kind: str = "sgd"
    """One of KINDS."""
    momentum: float = 0.0
    dampening: float = 0.0
    nesterov: bool = False
    betas: tuple[float, float] = (0.9, 0.999)
    eps: float = 1e-8
    weight_decay: float = 0.0

    @property
    def plain(self) -> bool:
        """True for plain SGD without weight decay: the update is one step per parameter."""
        return self.kind == "sgd" and self.weight_decay == 0

    @property
    def ops(self) -> tuple[str, ...]:
        """The operations before the update, in the order they run (keys of OP_KIND)."""
        decay = self.weight_decay != 0
        if self.kind in ("sgd", "momentum"):
            out = ("decay",) if decay else ()
            if self.kind == "momentum":
                out += ("buf", "nesterov") if self.nesterov else ("buf",)
            return out
        first = ("decoupled",) if self.kind == "adamw" and decay else ("decay",) if decay else ()
        return (*first, "m", "v", "m_hat", "v_hat")

    @property
    def state_names(self) -> tuple[str, ...]:
        """The state it carries across iterations: ("buf",), ("m", "v") or ()."""
        return STATE[self.kind]

    def fields(self) -> dict[str, object]:
        """The hyper-parameters that apply to this kind, as a config (or JSON) names them."""
        out: dict[str, object] = {"kind": self.kind}
        if self.kind == "momentum":
            out.update(momentum=self.momentum, dampening=self.dampening, nesterov=self.nesterov)
        if self.kind in ("adam", "adamw"):
            out.update(betas=list(self.betas), eps=self.eps)
        out["weight_decay"] = self.weight_decay
        return out

    def describe(self) -> str:
        """One line, e.g. "adam (betas 0.9, 0.999; eps 1e-08; weight_decay 0)"."""
        parts = []
        for key, value in self.fields().items():
            if key == "kind":
                continue
            shown = ", ".join(f"{v:g}" for v in value) if isinstance(value, list) else (
                str(value).lower() if isinstance(value, bool) else f"{value:g}")
            parts.append(f"{key} {shown}")
        return f"{self.kind} ({'; '.join(parts)})"


SGD = Optimizer()
"""Plain SGD, the default."""
DEFAULTS = {
    "sgd": SGD,
    # torch.optim.SGD's default momentum is 0 (plain SGD); "momentum" takes the customary 0.9.
    "momentum": Optimizer("momentum", momentum=0.9),
    "adam": Optimizer("adam"),
    "adamw": Optimizer("adamw", weight_decay=0.01),
}
"""Each optimizer with PyTorch's defaults (what `--optimizer NAME` selects)."""


@dataclass(frozen=True, eq=False)
class OptimStep:
    """One optimizer step over an array of parameters: every operation's value."""

    t: int
    """The step count, from 1 (the iteration, counted from 1)."""
    param: np.ndarray
    """The parameters before the step."""
    grad: np.ndarray
    """dL/dp."""
    previous: dict[str, np.ndarray]
    """The state before the step (empty at t = 1: nothing carried yet)."""
    values: dict[str, np.ndarray]
    """Each operation's result (keys: the optimizer's `ops`)."""
    new: np.ndarray
    """The parameters after the step."""
    state: dict[str, np.ndarray] = field(default_factory=dict)
    """The state after the step, carried to the next iteration."""

    def at(self, index: tuple[int, ...] | int) -> dict[str, float]:
        """The numbers of one parameter: param, grad, prev_<state>, each op and new."""
        out = {"param": float(self.param[index]), "grad": float(self.grad[index]),
               "new": float(self.new[index])}
        out.update({f"prev_{k}": float(v[index]) for k, v in self.previous.items()})
        out.update({k: float(v[index]) for k, v in self.values.items()})
        return out


def optimizer_step(opt: Optimizer, lr: float, param: np.ndarray, grad: np.ndarray,
                   before: OptimStep | None) -> OptimStep:
    """Apply one step of `opt` to `param` given `grad`, after the step `before` (None at
    the first). Any shape; numpy warnings are the caller's (it checks for NaN and inf).

    Each line is one torch kernel as its CPU code computes it (checked against torch
    2.13): `a.add(b, alpha=c)` is ``fma(c, b, a)``, `addcmul_` is ``fma(c*b1, b2, a)``,
    `lerp_` is an fma too, `addcdiv_` is ``a + (c*b1)/b2`` (no fma). The one known
    difference: torch's vectorised `sqrt` (tensors past a few elements) is not always
    correctly rounded, so Adam's update may differ from torch's in the last bit there; a
    parameter stepped as its own tensor agrees exactly.
    """
    t = before.t + 1 if before is not None else 1
    previous = dict(before.state) if before is not None else {}
    values: dict[str, np.ndarray] = {}
    p, g = param, grad
    wd = opt.weight_decay
    if opt.kind in ("sgd", "momentum"):
        if wd != 0:
            g = values["decay"] = fma(wd, p, g)
        if opt.kind == "momentum":
            mu = opt.momentum
            buf = previous.get("buf")
            buf = values["buf"] = g.copy() if buf is None else fma(1 - opt.dampening, g, buf * mu)
            g = values["nesterov"] = fma(mu, buf, g) if opt.nesterov else buf
        new = fma(-lr, g, p)
        state = {"buf": values["buf"]} if opt.kind == "momentum" else {}
        return OptimStep(t, param, grad, previous, values, new, state)
    beta1, beta2 = opt.betas
    if wd != 0 and opt.kind == "adamw":
        p = values["decoupled"] = p * (1 - lr * wd)
    elif wd != 0:
        g = values["decay"] = fma(wd, p, g)
    m = previous.get("m", np.zeros_like(param))
    v = previous.get("v", np.zeros_like(param))
    m = values["m"] = _lerp(m, g, 1 - beta1)
    v = values["v"] = fma((1 - beta2) * g, g, v * beta2)
    bias_correction1 = 1 - beta1 ** t
    bias_correction2 = 1 - beta2 ** t
    values["m_hat"] = m / bias_correction1  # shown; torch folds it into step_size
    values["v_hat"] = v / bias_correction2  # shown; torch divides √v by √bc2 instead
    step_size = lr / bias_correction1
    denom = np.sqrt(v) / math.sqrt(bias_correction2) + opt.eps
    new = p + ((-step_size) * m) / denom
    return OptimStep(t, param, grad, previous, values, new, {"m": m, "v": v})


def _lerp(start: np.ndarray, end: np.ndarray, weight: float) -> np.ndarray:
    """ATen's lerp with a scalar weight: exact at both ends, as torch's `lerp_`."""
    if abs(weight) < 0.5:
        return fma(weight, end - start, start)
    return fma(-(end - start), 1 - weight, end)
