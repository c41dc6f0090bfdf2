"""Predict mode in line mode: `n` stops before each step to predict and asks its value.

The step shows with its numbers and `= ?`; the prompt becomes `dL/dz2 = ? `. A number is
checked (`predict.check`) and answered with one line: the verdict, the right value, the
hint if the answer matches a classic mistake, and the tally. `?` reveals the value without
counting; an empty line asks again; `q` quits. Either way the step is then taken and `n`
goes on with the rest of its count. A step asked once is never asked again.
"""

from __future__ import annotations

from collections.abc import Callable

from ..predict import Tally, check, parse_answer
from ..predict_log import answer_record
from ..printable import printable

WHAT = {"backward": "the backward steps", "update": "the update steps",
        "forward": "the forward and loss steps", "all": "every step"}
"""What each predict mode asks, in words."""


class Asking:
    """The predicting half of a line-mode session (mixed into `LineSession`)."""

    trace: object
    taken: int
    decimals: int
    done: bool
    out: list[str]

    def __init__(self, predict: Callable[[int], bool] | None, mode: str, log, source: str) -> None:
        self.predict = predict
        self.mode = mode
        self.log = log
        self.source = source
        self.tally = Tally()
        self.asking: int | None = None
        """The step whose value is awaited, or None."""
        self.remaining = 0
        """Steps `n` still has to take after the one asked."""

    def take(self, count: int) -> None:
        """Take up to `count` steps, a line each, stopping to ask a step to predict."""
        while count > 0 and self.taken < len(self.trace):
            index = self.taken
            if self.predict is not None and index not in self.tally.seen and self.predict(index):
                step = self.trace[index]
                self.out.append(f"{self.mark(index)} {printable(step.formula)} = "
                                f"{printable(step.numbers(self.decimals))} = ?")
                self.asking, self.remaining = index, count - 1
                return
            self.taken += 1
            count -= 1
            self.out.append(self.step_line(index))

    def answer_prompt(self) -> str | None:
        """`dL/dz2 = ? ` while an answer is awaited."""
        if self.asking is None:
            return None
        return f"{printable(self.trace[self.asking].target)} = ? "

    def answer(self, line: str) -> None:
        """Take a typed answer to the step asked."""
        text = line.strip()
        if not text:
            return  # asked again: an Enter too many must not give the answer away
        if text in ("q", "quit", "exit"):
            self.done = True
            return
        index = self.asking
        step = self.trace[index]
        value = self.number(step.value)
        if text == "?":
            self.tally.reveal(index)
            self.out.append(f"revealed: {value} (not counted); {self.tally}")
        else:
            try:
                answer = parse_answer(text)
            except ValueError as error:
                self.out.append(f"*** {printable(str(error))} (type the value, or ? to reveal it)")
                return
            verdict = check(self.trace, step, answer, self.decimals)
            self.tally.record(index, verdict.right)
            hint = f" ({printable(verdict.hint)})" if verdict.hint else ""
            self.out.append(f"{'right' if verdict.right else 'wrong'}: {value}{hint}; {self.tally}")
            self._log(answer_record(self.source, step, answer, verdict))
            if verdict.right:
                return self._went_on(index)
        if step.local is not None and step.upstream is not None:
            parts = f"local derivative {self.number(step.local)}, upstream gradient {self.number(step.upstream)}"
            if step.previous is not None:
                parts += f", sum so far {self.number(step.previous)}"
            self.out.append(f"  {parts}")
        self._went_on(index)

    def _went_on(self, index: int) -> None:
        """The step asked is taken; `n` goes on with the rest of its count."""
        self.asking = None
        self.taken = index + 1
        self.take(self.remaining)

    def _log(self, record: dict[str, object]) -> None:
        if self.log is not None and self.log.error is None and not self.log.append(record):
            self.out.append(f"*** {printable(self.log.error)}; answers are no longer logged")

    def predict_banner(self) -> list[str]:
        """What predict mode says at the start."""
        if self.predict is None:
            return []
        return [f"Predicting {WHAT[self.mode]}: n asks each value before showing it "
                "(? reveals it). Practice, not a grade."]

    def where_tally(self) -> list[str]:
        """The tally line of `where`, in predict mode."""
        if self.predict is None:
            return []
        return [f"predicted {self.tally} ({WHAT[self.mode]}; practice, not a grade)"]

    def final_tally(self) -> list[str]:
        """The tally at the end, if anything was asked."""
        if self.predict is None or not self.tally.asked:
            return []
        return [f"predicted {self.tally}"]
