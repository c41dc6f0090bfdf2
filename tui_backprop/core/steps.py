"""The record of one step: one chain-rule operation with everything needed to explain it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum


class Phase(str, Enum):
    """The four phases of an iteration, in execution order."""

    FORWARD = "forward"
    LOSS = "loss"
    BACKWARD = "backward"
    UPDATE = "update"

    def __str__(self) -> str:
        return self.value


class StepKind(IntEnum):
    """What a step computes; the integer is the code stored in the step table."""

    Z = 0
    """z = W·a_prev + b for one unit."""
    ACTIVATION = 1
    """a = f(z) for one unit."""
    SAMPLE_LOSS = 2
    """The loss of one sample of a batch."""
    LOSS = 3
    """The (batch) loss."""
    OUTPUT_GRAD = 4
    """dL/dy_pred for one output."""
    ACTIVATION_GRAD = 5
    """One contribution to dL/da of a hidden unit (fan-in accumulation)."""
    Z_GRAD = 6
    """dL/dz of one unit."""
    WEIGHT_GRAD = 7
    """dL/dw of one weight (one sample's contribution in a batch)."""
    BIAS_GRAD = 8
    """dL/db of one bias (one sample's contribution in a batch)."""
    WEIGHT_UPDATE = 9
    """w <- w - lr · dL/dw."""
    BIAS_UPDATE = 10
    """b <- b - lr · dL/db."""
    OP = 11
    """Graph: the value of one operation node."""
    SEED = 12
    """Graph: d<out>/d<out> = 1, the start of the backward pass."""
    GRAD = 13
    """Graph: one contribution to an operand's gradient (= the first, += the others)."""
    PARAM_UPDATE = 14
    """Graph: p <- p - lr · d<out>/dp (or the optimizer's update)."""
    WEIGHT_DECAY = 15
    """Optimizer: g[p] = dL/dp + λ·p (weight decay added to the gradient)."""
    MOMENTUM_BUFFER = 16
    """SGD with momentum: buf[p] = μ·buf[p] + (1-τ)·g[p] (= g[p] at the first step)."""
    NESTEROV = 17
    """SGD with Nesterov momentum: g[p] = g[p] + μ·buf[p]."""
    FIRST_MOMENT = 18
    """Adam: m[p] = β1·m[p] + (1-β1)·g[p]."""
    SECOND_MOMENT = 19
    """Adam: v[p] = β2·v[p] + (1-β2)·g[p]²."""
    FIRST_CORRECTION = 20
    """Adam: m̂[p] = m[p] / (1 - β1^t)."""
    SECOND_CORRECTION = 21
    """Adam: v̂[p] = v[p] / (1 - β2^t)."""
    DECOUPLED_DECAY = 22
    """AdamW: p <- p·(1 - lr·λ), before the moments."""

    @property
    def phase(self) -> Phase:
        """The phase this kind of step belongs to."""
        return PHASE_OF_KIND[self]


PHASE_OF_KIND: tuple[Phase, ...] = (
    Phase.FORWARD, Phase.FORWARD, Phase.LOSS, Phase.LOSS,
    *(Phase.BACKWARD,) * 5, Phase.UPDATE, Phase.UPDATE,
    Phase.FORWARD, Phase.BACKWARD, Phase.BACKWARD, Phase.UPDATE,
    *(Phase.UPDATE,) * 8,
)

Token = str | float
"""A piece of a formula with numbers: text as it is, or a number to format."""


FIXED_DIGITS = 6
"""Most digits before the point a number shows in fixed form (|v| < 1,000,000 once rounded)."""


def format_number(value: float, decimals: int = 3) -> str:
    """A number as the seed prints it: fixed decimals, "-0.000" shown as "0.000".

    The rule: fixed decimals while the integer part has at most FIXED_DIGITS digits;
    past that (a learning rate of 1e308, an exploding gradient), scientific notation with
    as many decimals, `1.000e+308`, which is never wider than the widest fixed form
    (`-999999.000`), so such a number fits the cell a panel has for it.
    """
    text = f"{value:.{decimals}f}"
    if len(text) - (decimals + 1 if decimals else 0) - text.startswith("-") > FIXED_DIGITS:
        return f"{value:.{decimals}e}"
    if text.startswith("-") and float(text) == 0.0:
        text = text[1:]
    return text


def format_fit(value: float, decimals: int, width: int) -> str:
    """`format_number`, or if that is wider than `width` cells (a diagram's label or
    node column), the first of these that fits: fewer decimals, scientific with fewer
    decimals, then the bare form `-4e306`; the shortest of them if none fits."""
    text = format_number(value, decimals)
    if len(text) <= width:
        return text
    fixed = abs(value) < 10.0**FIXED_DIGITS
    tries = [format_number(value, d) for d in range(decimals - 1, -1, -1)] if fixed else []
    tries += [f"{value:.{d}e}" for d in range(decimals, -1, -1)]
    mantissa, _, exponent = tries[-1].partition("e")
    tries.append(f"{mantissa}e{int(exponent)}")
    return next((t for t in tries if len(t) <= width), min(tries, key=len))


def render_tokens(tokens: tuple[Token, ...], decimals: int = 3) -> str:
    """Join tokens into text, negative operands in parentheses: (-0.791) × 0.239."""
    out: list[str] = []
    for token in tokens:
        if isinstance(token, str):
            out.append(token)
            continue
        text = format_number(token, decimals)
        # An argument already stands in parentheses: σ(-0.200), max(0, -0.300).
        bare = bool(out) and out[-1].endswith(("(", ", "))
        out.append(f"({text})" if text.startswith("-") and not bare else text)
    return "".join(out)


@dataclass(frozen=True)
class Step:
    """One step of the trace. Built on demand from the trace's arrays, never stored."""

    index: int
    """Position in the trace, from 0."""
    iteration: int
    """Training iteration, from 0."""
    phase: Phase
    kind: StepKind
    target: str
    """Name of the quantity the step writes, e.g. "dL/dz2" or "w1"."""
    formula: str
    """The symbolic rule, e.g. "dL/dz2 = dL/dy_pred · y_pred(1 - y_pred)"."""
    tokens: tuple[Token, ...]
    """The right-hand side with numbers in it; see `numbers()`."""
    value: float
    """The target's value after the step (for "+=" steps: the running sum)."""
    layer: int
    """Layer of the target, from 1; 0 for loss steps."""
    row: int | None
    """Unit of that layer (0-based), or None."""
    col: int | None
    """For weights: unit of the layer before; for dL/da contributions: unit of the next layer."""
    sample: int | None
    """0-based sample for per-sample steps, else None."""
    slot: int
    """Id of the quantity written, for `TraceState` look-ups."""
    local: float | None = None
    """Backward: the local derivative factor (e.g. da/dz, or a_prev for dL/dw)."""
    upstream: float | None = None
    """Backward: the upstream gradient factor (e.g. dL/da, or dL/dz)."""
    previous: float | None = None
    """For "+=" steps: the running value before this step."""
    node: tuple[int, int] | None = None
    """The diagram node the step touches: (layer, unit); layer 0 is the input."""
    edge: tuple[int, int, int] | None = None
    """The diagram edge the step touches: (layer, unit, unit of the layer before)."""
    graph_node: int | None = None
    """Graph steps: the index (into GraphSpec.nodes) of the node whose value or gradient
    the step writes."""
    graph_source: int | None = None
    """Graph backward contributions: the operation node the gradient flows from."""

    @property
    def accumulates(self) -> bool:
        """True for "+=" steps, which add a contribution to a running sum."""
        return self.previous is not None

    def numbers(self, decimals: int = 3) -> str:
        """The formula's right-hand side with numbers, e.g. "(-0.791) × 0.239"."""
        return render_tokens(self.tokens, decimals)

    def explain(self, decimals: int = 3) -> str:
        """Formula, then numbers, then result: "dL/dz2 = ... = (-0.791) × 0.239 = -0.189"."""
        return f"{self.formula} = {self.numbers(decimals)} = {format_number(self.value, decimals)}"
