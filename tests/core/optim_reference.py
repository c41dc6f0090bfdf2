"""An independent reference of the optimizers: torch.optim's documented pseudo-code
(https://pytorch.org/docs/stable/optim.html, the algorithm boxes of SGD, Adam and AdamW),
written out again in plain Python floats, one parameter at a time, in the textbook order.

It shares nothing with `tui_backprop.core.optim` (no fma, no lerp, no numpy): the two agree
to within rounding, never by construction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass
class Reference:
    """One optimizer over one scalar parameter, with its state."""

    kind: str
    lr: float
    momentum: float = 0.0
    dampening: float = 0.0
    nesterov: bool = False
    betas: tuple[float, float] = (0.9, 0.999)
    eps: float = 1e-8
    weight_decay: float = 0.0
    t: int = 0
    state: dict[str, float] = field(default_factory=dict)

    def step(self, theta: float, grad: float) -> dict[str, float]:
        """One step; returns every intermediate the trace shows and the new parameter."""
        self.t += 1
        out: dict[str, float] = {}
        lam, g = self.weight_decay, grad
        if self.kind in ("sgd", "momentum"):
            if lam:
                g = out["decay"] = g + lam * theta
            if self.kind == "momentum":
                b = g if self.t == 1 else self.momentum * self.state["buf"] + (1 - self.dampening) * g
                self.state["buf"] = out["buf"] = b
                if self.nesterov:
                    g = out["nesterov"] = g + self.momentum * b
                else:
                    g = b
            out["new"] = theta - self.lr * g
            return out
        beta1, beta2 = self.betas
        if self.kind == "adamw" and lam:
            theta = out["decoupled"] = theta * (1 - self.lr * lam)
        elif lam:
            g = out["decay"] = g + lam * theta
        m = out["m"] = beta1 * self.state.get("m", 0.0) + (1 - beta1) * g
        v = out["v"] = beta2 * self.state.get("v", 0.0) + (1 - beta2) * g * g
        self.state.update(m=m, v=v)
        m_hat = out["m_hat"] = m / (1 - beta1 ** self.t)
        v_hat = out["v_hat"] = v / (1 - beta2 ** self.t)
        out["new"] = theta - self.lr * m_hat / (math.sqrt(v_hat) + self.eps)
        return out
