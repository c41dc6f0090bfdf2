"""The formula and numbers of one optimizer step, for networks and graphs alike.

Names: g[p] is the gradient with weight decay added (or the Nesterov gradient), buf[p]
the momentum buffer, m[p] and v[p] Adam's moments, m̂[p] and v̂[p] their bias-corrected
values. Each formula reads as the textbook writes it; the value is torch's (see `optim`),
which may differ from the formula's own order in the last bit (m's lerp, the update).
"""

from __future__ import annotations

from .optim import Optimizer
from .steps import StepKind as K, Token

TARGET = {"decay": "g", "nesterov": "g", "buf": "buf", "m": "m", "v": "v", "m_hat": "m̂", "v_hat": "v̂"}
"""The name stem of each operation's result; `decoupled` writes the parameter itself."""


def state_name(op: str, param: str) -> str:
    """`m[w1]`, `buf[b2[1]]`: an operation's value on a parameter."""
    return f"{TARGET[op]}[{param}]"


def _gradient(opt: Optimizer, upto: str, param: str, grad: str) -> str:
    """The name of the gradient the operation `upto` reads: g[p] once decay wrote it."""
    ops = opt.ops
    before = ops[:ops.index(upto)] if upto in ops else ops
    return f"g[{param}]" if "decay" in before else grad


def optimizer_formula(opt: Optimizer, lr: float, op: str, param: str, grad: str,
                      n: dict[str, float], t: int) -> tuple[str, str, str, list[Token]]:
    """(target, sign, formula's right-hand side, tokens) of operation `op` ("update" for
    the update itself) on the parameter named `param` whose gradient is named `grad`;
    `n` holds the numbers (`OptimStep.at`), `t` the step count from 1."""
    g_name = _gradient(opt, op, param, grad)
    g_value = n.get("decay", n["grad"])
    b1, b2 = opt.betas
    if op == "decay":
        lam = f"{opt.weight_decay:g}"
        return f"g[{param}]", "=", f"{grad} + λ·{param}", [n["grad"], f" + {lam} × ", n["param"]]
    if op == "decoupled":
        return param, "←", f"{param}·(1 - lr·λ)", [n["param"], f" × (1 - {lr:g} × {opt.weight_decay:g})"]
    if op == "buf":
        target = state_name("buf", param)
        if t == 1:  # torch starts the buffer at the gradient itself
            return target, "=", g_name, [g_value]
        damp = "" if opt.dampening == 0 else "(1-τ)·"
        tokens: list[Token] = [f"{opt.momentum:g} × ", n["prev_buf"], " + "]
        if opt.dampening:
            tokens.append(f"{1 - opt.dampening:g} × ")
        return target, "=", f"μ·{target} + {damp}{g_name}", [*tokens, g_value]
    if op == "nesterov":
        return f"g[{param}]", "=", f"{g_name} + μ·buf[{param}]", [
            g_value, f" + {opt.momentum:g} × ", n["buf"]]
    if op in ("m", "v"):
        target = state_name(op, param)
        beta = b1 if op == "m" else b2
        sym = "β1" if op == "m" else "β2"
        square = "²" if op == "v" else ""
        return target, "=", f"{sym}·{target} + (1-{sym})·{g_name}{square}", [
            f"{beta:g} × ", n.get(f"prev_{op}", 0.0), f" + {1 - beta:g} × ", g_value,
            *([square] if square else [])]
    if op in ("m_hat", "v_hat"):
        source = "m" if op == "m_hat" else "v"
        beta, sym = (b1, "β1") if op == "m_hat" else (b2, "β2")
        return state_name(op, param), "=", f"{state_name(source, param)} / (1 - {sym}^t)", [
            n[source], f" / (1 - {beta:g}^{t})"]
    old = n.get("decoupled", n["param"])
    if opt.kind in ("adam", "adamw"):
        return param, "←", f"{param} - lr · m̂[{param}] / (√v̂[{param}] + ε)", [
            old, f" - {lr:g} × ", n["m_hat"], " / (√", n["v_hat"], f" + {opt.eps:g})"]
    used = "nesterov" if opt.nesterov else "buf" if opt.kind == "momentum" else "decay"
    name = f"g[{param}]" if used != "buf" else state_name("buf", param)
    return param, "←", f"{param} - lr · {name}", [old, f" - {lr:g} × ", n[used]]


KIND_OP = {K.WEIGHT_DECAY: "decay", K.MOMENTUM_BUFFER: "buf", K.NESTEROV: "nesterov",
           K.DECOUPLED_DECAY: "decoupled", K.FIRST_MOMENT: "m", K.SECOND_MOMENT: "v",
           K.FIRST_CORRECTION: "m_hat", K.SECOND_CORRECTION: "v_hat"}
"""The operation each optimizer step kind shows; the update kinds are "update"."""


def op_of(kind: K) -> str:
    """The operation a step of this kind shows ("update" for the update kinds)."""
    return KIND_OP.get(kind, "update")
