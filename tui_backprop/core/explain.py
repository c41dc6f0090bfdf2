"""Turn one row of the step table into a `Step`: its target, formula and numbers.

The rule texts come from `ops` (the one vocabulary); the numbers come from the
iteration's arrays, so nothing is recomputed and nothing is stored per step.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from .ops import ACTIVATIONS, LOSSES
from .optim_explain import KIND_OP, optimizer_formula
from .steps import PHASE_OF_KIND, Step, StepKind as K, Token

if TYPE_CHECKING:
    from .trace import Trace

SPELLED_OUT = 4
"""Sums of at most this many terms are written out; longer ones are abbreviated."""


def fill(template: str, **values: Token) -> list[Token]:
    """Split "{a}(1 - {a})" into tokens, putting values (names or numbers) in the holes."""
    out: list[Token] = []
    for i, piece in enumerate(re.split(r"\{(\w+)\}", template)):
        if i % 2:
            out.append(values[piece])
        elif piece:
            out.append(piece)
    return out


def text(tokens: list[Token]) -> str:
    """Tokens that are all names, joined."""
    return "".join(str(t) for t in tokens)


def join_terms(terms: list[list[Token]], total: int, sep: str = " + ") -> list[Token]:
    """Join term token lists; past SPELLED_OUT terms keep the first two and say how many more."""
    out: list[Token] = []
    shown = terms if total <= SPELLED_OUT else terms[:2]
    for i, term in enumerate(shown):
        if i:
            out.append(sep)
        out += term
    if total > SPELLED_OUT:
        out.append(f"{sep}… ({total - 2} more terms)")
    return out


def make_step(trace: Trace, i: int) -> Step:
    """Build step i of the trace."""
    t = trace.table
    kind = K(int(t.kind[i]))
    it, s, l = int(t.iteration[i]), int(t.sample[i]), int(t.layer[i])
    row, col = int(t.row[i]), int(t.col[i])
    if kind in KIND_OP or (kind in (K.WEIGHT_UPDATE, K.BIAS_UPDATE) and not trace.network.optimizer.plain):
        target, sign, formula, tokens, extra = _optimizer(trace, it, l, row, col, KIND_OP.get(kind, "update"))
    else:
        target, formula, tokens, extra = _BUILDERS[kind](trace, it, s if s >= 0 else None, l, row, col)
    if kind in KIND_OP or kind in (K.WEIGHT_UPDATE, K.BIAS_UPDATE):
        sign = "←" if kind not in KIND_OP else sign
    else:
        sign = "+=" if extra.get("previous") is not None else "="
    return Step(
        index=i, iteration=it, phase=PHASE_OF_KIND[kind], kind=kind, target=target,
        formula=f"{target} {sign} {formula}",
        tokens=tuple(tokens), value=float(t.value[i]), layer=l,
        row=row if row >= 0 else None, col=col if col >= 0 else None,
        sample=s if s >= 0 else None, slot=int(t.slot[i]), **extra,
    )


def _z(tr: Trace, it: int, s: int | None, l: int, j: int, _c: int):
    n, r = tr.names, tr.results[it].layers[l - 1]
    f = r.weights.shape[1]
    ks = range(f if f <= SPELLED_OUT else 2)
    sym = join_terms([[f"{n.w(l, j, k)}·{n.a(l - 1, k, s)}"] for k in ks], f)
    if f > SPELLED_OUT:
        sym = [f"Σ_k {n.w(l, j, 'k')}·{n.a(l - 1, 'k', s)}"]
    num = join_terms([[r.weights[j, k], " × ", r.a_prev[s or 0, k]] for k in ks], f)
    return n.z(l, j, s), text(sym) + f" + {n.b(l, j)}", num + [" + ", r.biases[j]], {"node": (l, j)}


def _activation(tr: Trace, it: int, s: int | None, l: int, j: int, _c: int):
    n, r = tr.names, tr.results[it].layers[l - 1]
    rule = ACTIVATIONS[tr.network.layers[l - 1].activation]
    z = r.z[s or 0]
    a_name, z_name = n.a(l, j, s), n.z(l, j, s)
    if rule.elementwise:
        formula = rule.formula.format(a=a_name, z=z_name).split(" = ", 1)[1]
        return a_name, formula, fill(rule.call, z=float(z[j])), {"node": (l, j)}
    top = float(np.max(z))  # the shift ops._softmax applies: no e^z overflows
    total = float(np.sum(np.exp(z - top)))
    formula = rule.formula.format(a=a_name, z=z_name, zk=n.z(l, "k", s)).split(" = ", 1)[1]
    return a_name, formula, fill(rule.call, z=float(z[j]), max=top, sum=total), {"node": (l, j)}


def _wrap(reduce: str, outs: int) -> tuple[str, str]:
    """How a loss's terms are enclosed: ("(", ") / 2") for the mean of two, and so on."""
    one = outs == 1
    return {
        "mean": ("", "") if one else ("(", f") / {outs}"),
        "sum": ("", ""),
        "half_sum": ("½", "") if one else ("½(", ")"),
        "neg_mean": ("-(", ")") if one else ("-(", f") / {outs}"),
        "neg_sum": ("-", "") if one else ("-(", ")"),
    }[reduce]


def _loss_terms(tr: Trace, it: int, s: int) -> tuple[str, list[Token]]:
    """The loss of sample s: symbolic text and tokens with numbers."""
    n, r = tr.names, tr.results[it].layers[-1]
    rule = LOSSES[tr.network.loss]
    outs, depth = r.a.shape[1], len(tr.network.layers)
    sm = s if tr.network.batch_size > 1 else None
    js = range(outs if outs <= SPELLED_OUT else 2)
    left, right = _wrap(rule.reduce, outs)
    sym_terms = [fill(rule.term, y=n.y(j, sm), a=n.a(depth, j, sm)) for j in js]
    num_terms = [fill(rule.term, y=float(tr.network.y[s, j]), a=float(r.a[s, j])) for j in js]
    if outs > SPELLED_OUT:
        term = text(fill(rule.term, y=n.y("i", sm), a=n.a(depth, "i", sm)))
        sym = {"mean": f"mean_i {term}", "sum": f"Σ_i {term}", "half_sum": f"½ Σ_i {term}",
               "neg_mean": f"-mean_i ({term})", "neg_sum": f"-Σ_i {term}"}[rule.reduce]
    else:
        sym = left + text(join_terms(sym_terms, outs)) + right
    return sym, [left, *join_terms(num_terms, outs), right]


def _sample_loss(tr: Trace, it: int, s: int | None, _l: int, _r: int, _c: int):
    sym, num = _loss_terms(tr, it, s or 0)
    return tr.names.loss(s), sym, num, {}


def _loss(tr: Trace, it: int, _s: int | None, _l: int, _r: int, _c: int):
    batch = tr.network.batch_size
    if batch == 1:
        sym, num = _loss_terms(tr, it, 0)
        return "loss", sym, num, {}
    losses = tr.results[it].sample_losses
    ss = range(batch if batch <= SPELLED_OUT else 2)
    sym = text(join_terms([[tr.names.loss(q)] for q in ss], batch))
    sym = "mean_s loss⁽ˢ⁾" if batch > SPELLED_OUT else f"({sym}) / {batch}"
    num = ["(", *join_terms([[float(losses[q])] for q in ss], batch), f") / {batch}"]
    return "loss", sym, num, {}


def _output_grad(tr: Trace, it: int, s: int | None, l: int, j: int, _c: int):
    n, r = tr.names, tr.results[it]
    rule = LOSSES[tr.network.loss]
    outs, batch = r.layers[-1].a.shape[1], tr.network.batch_size
    template = rule.grad if outs > 1 else rule.grad.replace(" / {n}", "")
    q = s or 0
    sym = text(fill(template, a=n.a(l, j, s), y=n.y(j, s), n=str(outs)))
    num = fill(template, a=float(r.layers[-1].a[q, j]), y=float(tr.network.y[q, j]), n=str(outs))
    if batch > 1:
        sym, num = f"{sym} / {batch}", [*num, f" / {batch}"]
    return n.grad(n.a(l, j, s)), sym, num, {
        "local": float(r.loss_local[q, j]), "upstream": 1.0 / batch, "node": (l, j)}


def _activation_grad(tr: Trace, it: int, s: int | None, l: int, k: int, j: int):
    n, r = tr.names, tr.results[it].layers
    q = s or 0
    dz, w = float(r[l].dz[q, j]), float(r[l].weights[j, k])
    target = n.grad(n.a(l, k, s))
    extra = {"local": w, "upstream": dz, "node": (l, k), "edge": (l + 1, j, k)}
    sym = f"{n.grad(n.z(l + 1, j, s))} · {n.w(l + 1, j, k)}"
    if j == 0:
        return target, sym, [dz, " × ", w], extra
    prev = float(r[l - 1].da_running[q, j - 1, k])
    return target, sym, [prev, " + ", dz, " × ", w], {**extra, "previous": prev}


def _z_grad(tr: Trace, it: int, s: int | None, l: int, j: int, _c: int):
    n, r = tr.names, tr.results[it].layers[l - 1]
    rule = ACTIVATIONS[tr.network.layers[l - 1].activation]
    q = s or 0
    target = n.grad(n.z(l, j, s))
    if rule.elementwise:
        local, up = float(r.local[q, j]), float(r.da[q, j])
        sym = f"{n.grad(n.a(l, j, s))} · {rule.local.format(a=n.a(l, j, s), z=n.z(l, j, s))}"
        return target, sym, [up, " × ", local], {"local": local, "upstream": up, "node": (l, j)}
    units = r.a.shape[1]
    local_text = rule.local.format(ai=n.a(l, "i", s), j=j + 1, a=n.a(l, j, s))
    sym = f"Σ_i {n.grad(n.a(l, 'i', s))} · {local_text}"
    js = range(units if units <= SPELLED_OUT else 2)
    num = join_terms([[float(r.da[q, i]), " × ", float(r.local[q, i, j])] for i in js], units)
    return target, sym, num, {"node": (l, j)}


def _weight_grad(tr: Trace, it: int, s: int | None, l: int, j: int, k: int):
    n, r = tr.names, tr.results[it].layers[l - 1]
    q = s or 0
    dz, a = float(r.dz[q, j]), float(r.a_prev[q, k])
    extra = {"local": a, "upstream": dz, "node": (l, j), "edge": (l, j, k)}
    sym = f"{n.grad(n.z(l, j, s))} · {n.a(l - 1, k, s)}"
    if q == 0:
        return n.grad(n.w(l, j, k)), sym, [dz, " × ", a], extra
    prev = float(r.dw_running[q - 1, j, k])
    return n.grad(n.w(l, j, k)), sym, [prev, " + ", dz, " × ", a], {**extra, "previous": prev}


def _bias_grad(tr: Trace, it: int, s: int | None, l: int, j: int, _c: int):
    n, r = tr.names, tr.results[it].layers[l - 1]
    q = s or 0
    dz = float(r.dz[q, j])
    extra = {"local": 1.0, "upstream": dz, "node": (l, j)}
    sym = f"{n.grad(n.z(l, j, s))} · 1"
    if q == 0:
        return n.grad(n.b(l, j)), sym, [dz, " × 1"], extra
    prev = float(r.db_running[q - 1, j])
    return n.grad(n.b(l, j)), sym, [prev, " + ", dz, " × 1"], {**extra, "previous": prev}


def _update(tr: Trace, it: int, _s: int | None, l: int, j: int, k: int):
    n, r = tr.names, tr.results[it].layers[l - 1]
    lr = f"{tr.network.learning_rate:g}"
    if k >= 0:
        name, old, grad, edge = n.w(l, j, k), r.weights[j, k], r.dw[j, k], (l, j, k)
    else:
        name, old, grad, edge = n.b(l, j), r.biases[j], r.db[j], None
    sym = f"{name} - lr · {n.grad(name)}"
    return name, sym, [float(old), f" - {lr} × ", float(grad)], {"node": (l, j), "edge": edge}


def _optimizer(tr: Trace, it: int, l: int, j: int, k: int, op: str):
    """Operation `op` of the optimizer on weight (l, j, k), or on bias (l, j) when k < 0."""
    names, r = tr.names, tr.results[it].layers[l - 1]
    step, index = (r.weight_step, (j, k)) if k >= 0 else (r.bias_step, j)
    name = names.w(l, j, k) if k >= 0 else names.b(l, j)
    target, sign, formula, tokens = optimizer_formula(
        tr.network.optimizer, tr.network.learning_rate, op, name, names.grad(name),
        step.at(index), step.t)
    return target, sign, formula, tokens, {"node": (l, j), "edge": (l, j, k) if k >= 0 else None}


_BUILDERS = {
    K.Z: _z, K.ACTIVATION: _activation, K.SAMPLE_LOSS: _sample_loss, K.LOSS: _loss,
    K.OUTPUT_GRAD: _output_grad, K.ACTIVATION_GRAD: _activation_grad, K.Z_GRAD: _z_grad,
    K.WEIGHT_GRAD: _weight_grad, K.BIAS_GRAD: _bias_grad,
    K.WEIGHT_UPDATE: _update, K.BIAS_UPDATE: _update,
}
