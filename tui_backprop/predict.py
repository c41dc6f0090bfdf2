"""Predict mode's logic, shared by line mode and the debugger: which steps are asked, how a
typed answer is read and checked, which classic mistake a wrong answer matches, the tally.

No Textual here. An answer is right when it rounds to the value as shown at the current
decimals, or is within 0.5% of it; a wrong answer that matches, by the same rule, what a
classic mistake gives gets a one-line hint naming the mistake (see `mistakes`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from .core import Phase, Step, Trace
from .core.steps import format_number

MODES = ("backward", "update", "forward", "all")
"""What `--predict` may ask: the backward steps (default), the updates, the forward and loss
steps, or every step."""
RELATIVE = 0.005
"""An answer within 0.5% of the value counts as right even where it rounds differently."""
_PHASES = {
    "backward": (Phase.BACKWARD,), "update": (Phase.UPDATE,),
    "forward": (Phase.FORWARD, Phase.LOSS), "all": tuple(Phase),
}
_MINUSES = str.maketrans({"\u2212": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"})


def parse_answer(text: str) -> float:
    """A number as a learner types it: `-0.19`, `-.189`, `-1.89e-1`, `−0.19` (Unicode minus).

    Raises ValueError with a short message for anything else, NaN and infinities included.
    """
    cleaned = text.strip().translate(_MINUSES).replace(" ", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"not a number: {text.strip()!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text.strip()!r}")
    return value


def which_steps(trace: Trace, mode: str) -> Callable[[int], bool]:
    """Whether step `index` is one to predict in `mode` (one of MODES)."""
    if mode not in _PHASES:
        raise ValueError(f"predict mode must be one of {', '.join(MODES)}, got {mode!r}")
    phases = _PHASES[mode]
    return lambda index: trace.phase(index) in phases


def close(answer: float, value: float, decimals: int) -> bool:
    """The rule for "right": rounds to `value` as shown at `decimals`, or within 0.5% of it."""
    if format_number(answer, decimals) == format_number(value, decimals):
        return True
    return abs(answer - value) <= RELATIVE * abs(value)


@dataclass(frozen=True)
class Verdict:
    """The outcome of one answer."""

    right: bool
    value: float
    """The step's value, which the answer was checked against."""
    hint: str | None = None
    """For a wrong answer matching a classic mistake: the mistake, named in a few words."""


def check(trace: Trace, step: Step, answer: float, decimals: int) -> Verdict:
    """Check a learner's `answer` for `step` at `decimals` decimals."""
    if close(answer, step.value, decimals):
        return Verdict(True, step.value)
    for hint, candidate in mistakes(trace, step):
        if math.isfinite(candidate) and not close(candidate, step.value, decimals) \
                and close(answer, candidate, decimals):
            return Verdict(False, step.value, hint)
    return Verdict(False, step.value)


def mistakes(trace: Trace, step: Step) -> list[tuple[str, float]]:
    """What each classic mistake would give for `step`, most telling first: (hint, value)."""
    from .predict_mistakes import activation_mistakes, updated_mistakes

    found: list[tuple[str, float]] = [("sign flipped", -step.value)]
    if step.local is not None and step.upstream is not None:
        before = step.previous or 0.0
        found.append(("local derivative left out", before + step.upstream))
        found.append(("upstream gradient left out", before + step.local))
        if step.accumulates:
            found.append(("a += contribution missed", before))
            found.append(("a += contribution missed", step.upstream * step.local))
    found += updated_mistakes(trace, step)
    found += activation_mistakes(trace, step)
    return found


@dataclass
class Tally:
    """Answers so far, as practice: how many asked and right, and which steps were asked
    (answered or revealed), so going back and forward again never asks twice."""

    asked: int = 0
    right: int = 0
    seen: set[int] = field(default_factory=set)

    def record(self, index: int, right: bool) -> None:
        """Count an answer to step `index`."""
        self.seen.add(index)
        self.asked += 1
        self.right += right

    def reveal(self, index: int) -> None:
        """Step `index` was shown without an answer: not counted, not asked again."""
        self.seen.add(index)

    def __str__(self) -> str:
        return f"{self.right} of {self.asked} right"
