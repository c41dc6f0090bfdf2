"""The step panel: the current step's formula, the same with numbers, then the result."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.markup import escape

from ...core import Step
from ...core.steps import format_number
from ...printable import printable
from ..view import View
from .cells import CHANGED_STYLE
from .lines_widget import LinesWidget
from ..trace_kinds import batch_size, description as describe

OPERATORS = (" += ", " ← ", " = ")
"""What separates a step's target from its rule, in the order to look for them."""


def split_formula(formula: str) -> tuple[str, str, str]:
    """(target, operator, rule) of a formula such as "dL/dz2 = dL/dy_pred · y'"."""
    for operator in OPERATORS:
        head, found, rule = formula.partition(operator)
        if found:
            return head, operator, rule
    return formula, "", ""


def sign_style(value: float | None) -> str:
    """The gradient colour of a factor's value."""
    if not value:
        return ""
    return "$bp-grad-positive" if value > 0 else "$bp-grad-negative"


def wrap(line: Content, width: int, indent: int, limit: int | None = None) -> list[Content]:
    """Wrap a line at spaces; continuation lines start `indent` cells in (a hanging indent).

    With `limit`, at most that many lines, the last holding the rest unwrapped: each cut
    re-measures the rest, so a formula naming nodes of thousands of characters took
    seconds a step to wrap whole, to show a panel's few lines."""
    width = max(width, 1)
    indent = indent if indent < width // 2 else 0
    out: list[Content] = []
    while line.cell_length > width and (limit is None or len(out) + 1 < limit):
        cut = line.plain.rfind(" ", indent + 1, width + 1)
        if cut <= indent:
            cut = width  # one long word: cut it where the line ends
        head, tail = line.divide([cut])[:2]
        out.append(head.rstrip())
        rest = tail.plain
        tail = tail.divide([len(rest) - len(rest.lstrip(" "))])[-1]
        line = Content(" " * indent) + tail
    out.append(line)
    return out


def explain_lines(step: Step, decimals: int) -> list[tuple[Content, int]]:
    """The step as (line, hanging indent): formula, "= numbers", "= result", the factors."""
    # Formulas name nodes, and node names may come from a file: printable, as every label.
    target, operator, rule = split_formula(printable(step.formula))
    indent = " " * (len(target) + 1)
    hang = len(target) + len(operator)
    lines = [(Content.assemble((target, "bold"), operator, rule), hang)]
    lines.append((Content.assemble(indent, "= ", printable(step.numbers(decimals))), len(indent) + 2))
    lines.append((Content.assemble(indent, "= ", (format_number(step.value, decimals), CHANGED_STYLE)),
                  len(indent) + 2))
    if step.local is not None and step.upstream is not None:
        lines.append((Content.assemble(
            ("local derivative ", "$text-muted"),
            (format_number(step.local, decimals), sign_style(step.local)),
            (", upstream ", "$text-muted"),
            (format_number(step.upstream, decimals), sign_style(step.upstream))), 2))
        if step.previous is not None:
            lines.append((Content.assemble(
                ("running sum before this term ", "$text-muted"),
                (format_number(step.previous, decimals), sign_style(step.previous))), 2))
    return lines


def question_lines(step: Step, decimals: int) -> list[tuple[Content, int]]:
    """The step as a question: formula, "= numbers", "= ?" (no value, no factors)."""
    formula, numbers, result = explain_lines(step, decimals)[:3]
    indent = len(result[0].plain) - len(result[0].plain.lstrip(" "))
    return [formula, numbers, (Content.assemble(" " * indent, "= ", ("?", "bold $accent")), result[1])]


class StepPanel(LinesWidget):
    """Explains the current step (the last one taken), or how to begin."""

    DEFAULT_CSS = """
    StepPanel {
        height: 7;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[tuple[Content, int]] = []
        self.question: Step | None = None
        """Predict mode: the step asked, shown with its numbers and `= ?` (not the value)."""
        self.verdict: Content | None = None
        """Predict mode: the verdict on the current step, shown above its explanation."""

    def show(self, view: View) -> None:
        """Explain the view's current step (or, predicting, ask the next one)."""
        step = view.current
        if self.question is not None:
            asked = self.question
            self.set_titles(f"{str(asked.phase).capitalize()} step · predict", "")
            self._lines = question_lines(asked, view.decimals)
        elif step is None:
            summary, description = describe(view.trace)
            self.set_titles("Start", "")
            self._lines = [
                (Content.assemble(("Nothing computed yet: press ", "$text-muted"), ("n", "bold"),
                                  (" to take the first step", "$text-muted")), 2),
                (Content(printable(summary)), 2),  # a graph's names its output node
            ]
            if description:
                self._lines.append((Content.styled(printable(description), "$text-muted"), 2))
        else:
            notes = []
            stopped = view.stopped_by
            if stopped:  # say which conditional breakpoint matched, as typed (plain text)
                number, text = stopped[0]
                more = f" (+{len(stopped) - 1})" if len(stopped) > 1 else ""
                notes.append(f"[$bp-breakpoint]●[/] break {number}: {escape(printable(text))}{more}")
            elif view.at_breakpoint:
                notes.append("[$bp-breakpoint]●[/] breakpoint")  # fixed text: safe as markup
            batch = batch_size(view.trace)
            if batch > 1 and step.sample is not None:
                notes.append(f"sample {step.sample + 1} of {batch}")
            # The step number is in the header: a title that changes on every step would
            # repaint the whole panel, border and all, on every step.
            self.set_titles(f"{str(step.phase).capitalize()} step", " · ".join(notes))
            self._lines = explain_lines(step, view.decimals)
            if self.verdict is not None:
                self._lines.insert(0, (self.verdict, 2))
        self.repaint()

    @property
    def text(self) -> str:
        """What the panel shows, as plain text."""
        return "\n".join(line.plain for line, _ in self._lines)

    def lines_for(self, size: Size) -> list[Content]:
        width, height = size
        wrapped: list[Content] = []
        for line, hang in self._lines:
            if len(wrapped) > height:
                break  # one line past the panel says there is more
            wrapped += wrap(line, width, hang, height + 1 - len(wrapped))
        shown = [line.truncate(width) for line in wrapped[:height]]
        if len(wrapped) > height > 0:
            # More than fits: say so on the last line rather than cut silently.
            last = wrapped[height - 1]
            shown[-1] = (last.truncate(width - 1) + "…") if last.cell_length < width else \
                last.truncate(width, ellipsis=True)
        return shown
