"""The gradient check panel: each parameter's analytic gradient against a central difference
(h = 1e-6, the `gradcheck` command's).

The check runs once per trace and iteration (it evaluates the loss twice per parameter),
never per key press; the rows follow the focused unit so j/k/h/l walk through them.
"""

from __future__ import annotations

from textual.content import Content

from ...core import Trace
from ...core.gradcheck import ParameterCheck, check_gradients
from ...printable import printable
from ..trace_kinds import is_graph, node_index
from ..view import View
from .anchored_lines import AnchoredLines

TOLERANCE = 1e-5
"""Largest relative error that passes (the `gradcheck` command's default)."""
ALL_UP_TO = 200
"""Networks with at most this many parameters are checked whole ..."""
PAGE = 40
"""... larger ones (mnist-mlp) on this many parameters, evenly spaced over every layer."""
PASS, FAIL = "✓ ok", "✗ FAIL"
"""The verdicts: a glyph and a word, so they read without colour."""


def checked_count(trace) -> int:
    """What the check covers: a network's parameters, a graph's inputs and parameters."""
    if is_graph(trace):
        return sum(1 for node in trace.spec.nodes if node.op in ("input", "parameter"))
    return trace.network.parameter_count


def check_row(check: ParameterCheck, name_width: int) -> Content:
    """One parameter: name, analytic, numeric, relative error, verdict."""
    ok = check.relative_error <= TOLERANCE
    # + 0.0 turns -0.0 into 0.0: a zero gradient has no sign worth printing
    return Content.assemble(
        printable(check.name).ljust(name_width), f"  {check.analytic + 0.0:>11.4e}  {check.numeric + 0.0:>11.4e}",
        f"  {check.relative_error:>8.1e}  ",
        (PASS, "bold $success") if ok else (FAIL, "bold reverse $error"))


class GradcheckPanel(AnchoredLines):
    """Analytic vs numeric gradients of the iteration on show, with a pass/fail mark."""

    DEFAULT_CSS = """
    GradcheckPanel {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._trace: Trace | None = None
        self._cache: dict[int, list[ParameterCheck]] = {}
        self.checks: list[ParameterCheck] = []
        """The rows on show (for tests and reading)."""
        self.runs = 0
        """How many times the check was computed (it is cached per trace and iteration)."""

    def checks_for(self, trace: Trace, iteration: int) -> list[ParameterCheck]:
        """The checks of one iteration, computed on first use."""
        if trace is not self._trace:
            self._trace, self._cache = trace, {}
        if iteration not in self._cache:
            total = checked_count(trace)
            limit = None if total <= ALL_UP_TO else PAGE
            if is_graph(trace):
                from ...core.graph.gradcheck import check_graph_gradients

                self._cache[iteration] = check_graph_gradients(trace, iteration, limit)
            else:
                self._cache[iteration] = check_gradients(trace, iteration, limit)
            self.runs += 1
        return self._cache[iteration]

    def show(self, view: View) -> None:
        """Show the check of the view's iteration, scrolled to the focused unit's parameters."""
        trace = view.trace
        self.checks = checks = self.checks_for(trace, view.iteration)
        failures = sum(check.relative_error > TOLERANCE for check in checks)
        worst = max((check.relative_error for check in checks), default=0.0)
        total = checked_count(trace)
        noun = "leaves" if is_graph(trace) else "parameters"
        sampled = f" · {len(checks)} of {total:,} {noun}" if len(checks) < total else ""
        it = f" · iteration {view.iteration + 1}" if trace.iterations > 1 else ""
        self.set_titles(f"Gradient check{it}{sampled}",
                        f"{len(checks) - failures} of {len(checks)} pass (rel. error ≤ {TOLERANCE:g}) · "
                        f"worst {worst:.1e} · x closes")
        width = max([len("parameter"), *(len(printable(check.name)) for check in checks)])
        lines = [
            Content.styled(f"{'parameter'.ljust(width)}  {'analytic':>11}  {'numeric':>11}  {'rel. err':>8}",
                           "bold"),
            *(check_row(check, width) for check in checks),
        ]
        focus = (0, node_index(trace, view.focus)) if is_graph(trace) else view.focus
        self.set_lines(lines, next((i + 1 for i, check in enumerate(checks)
                                    if (check.layer, check.row) == focus), 0))
