"""The step panel: the current step's formula, the same with numbers, then the result."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from ...core import Step
from ...core.steps import format_number
from ..view import View
from .cells import CHANGED_STYLE

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


def explain_lines(step: Step, decimals: int) -> list[Content]:
    """The step as lines: formula, "= numbers", "= result", then the factors."""
    target, operator, rule = split_formula(step.formula)
    indent = " " * (len(target) + 1)
    lines = [Content.assemble((target, "bold"), operator, rule)]
    lines.append(Content.assemble(indent, "= ", step.numbers(decimals)))
    lines.append(Content.assemble(indent, "= ", (format_number(step.value, decimals), CHANGED_STYLE)))
    if step.local is not None and step.upstream is not None:
        parts: list[str | tuple[str, str]] = [
            ("local derivative ", "$text-muted"),
            (format_number(step.local, decimals), sign_style(step.local)),
            ("  ×  upstream gradient ", "$text-muted"),
            (format_number(step.upstream, decimals), sign_style(step.upstream)),
        ]
        if step.previous is not None:
            parts += [("  (+ running sum ", "$text-muted"),
                      (format_number(step.previous, decimals), sign_style(step.previous)),
                      (")", "$text-muted")]
        lines.append(Content.assemble(*parts))
    return lines


class StepPanel(Widget):
    """Explains the current step (the last one taken), or how to begin."""

    BORDER_TITLE = "Step"
    DEFAULT_CSS = """
    StepPanel {
        height: 7;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[Content] = []

    def show(self, view: View) -> None:
        """Explain the view's current step."""
        step = view.current
        total = len(view.trace)
        if step is None:
            self.border_title = f"Step 0 of {total}"
            self.border_subtitle = ""
            net = view.trace.network
            self._lines = [
                Content.assemble(("Nothing computed yet: press ", "$text-muted"), ("n", "bold"),
                                 (" to take the first step", "$text-muted")),
                Content(net.describe()),
            ]
            if net.description:
                self._lines.append(Content.styled(net.description, "$text-muted"))
        else:
            self.border_title = f"Step {step.index + 1} of {total} · {step.phase}"
            batched = view.trace.network.batch_size > 1
            self.border_subtitle = (f"sample {step.sample + 1} of {view.trace.network.batch_size}"
                                    if batched and step.sample is not None else "")
            self._lines = explain_lines(step, view.decimals)
        self.set_class(step is None, "-start")
        self.refresh()

    @property
    def text(self) -> str:
        """What the panel shows, as plain text."""
        return "\n".join(line.plain for line in self._lines)

    def render(self) -> Content:
        return Content("\n").join(self._lines)
