"""The `gradcheck` command's table: analytic vs numeric gradient per parameter."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Trace
from ..core.gradcheck import DEFAULT_STEP, ParameterCheck, check_gradients
from ..printable import printable

ALL_UP_TO = 5000
"""Networks with at most this many parameters are checked whole by default."""


def gradcheck_report(trace: Trace, tolerance: float, limit: int | None) -> tuple[Iterator[str], list[ParameterCheck]]:
    """Run the check on every iteration; return the report lines and the failures."""
    if not isinstance(trace, Trace):  # a graph: every leaf, every iteration
        from ..core.graph.gradcheck import check_graph_gradients
        if limit is None and sum(n.op in ("input", "parameter") for n in trace.spec.nodes) > ALL_UP_TO:
            limit = 200  # each check is a forward pass of the whole graph
        runs = [check_graph_gradients(trace, it, limit) for it in range(trace.iterations)]
        failures = [c for checks in runs for c in checks if not c.relative_error <= tolerance]
        total = sum(n.op in ("input", "parameter") for n in trace.spec.nodes)
        return _lines(trace, runs, tolerance, total, failures), failures
    total = trace.network.parameter_count
    if limit is None and total > ALL_UP_TO:
        limit = 2000
    runs = [check_gradients(trace, it, limit) for it in range(trace.iterations)]
    failures = [c for checks in runs for c in checks if c.relative_error > tolerance]
    return _lines(trace, runs, tolerance, total, failures), failures


def _lines(trace: Trace, runs: list[list[ParameterCheck]], tolerance: float, total: int,
           failures: list[ParameterCheck]) -> Iterator[str]:
    if isinstance(trace, Trace):
        net = trace.network
        yield f"gradient check: {printable(net.name)} ({net.describe()})\n"
        yield f"central differences of the loss, h = {DEFAULT_STEP:g}; tolerance {tolerance:g} (relative error)\n"
    else:
        yield f"gradient check: {printable(trace.spec.name)} (computation graph of {len(trace.spec.nodes)} nodes)\n"
        output = trace.spec.nodes[trace.spec.output].name
        yield f"central differences of {printable(output)}, h = {DEFAULT_STEP:g}; tolerance {tolerance:g} (relative error)\n"
    checked = len(runs[0])
    if checked < total:
        yield f"checking {checked:,} of {total:,} parameters, evenly spaced (--all checks every one)\n"
    width = max(len("parameter"), *(len(printable(c.name)) for c in runs[0]))
    for it, checks in enumerate(runs):
        yield "\n"
        if trace.iterations > 1:
            yield f"iteration {it + 1} of {trace.iterations}\n"
        yield f"{'parameter':<{width}}  {'analytic':>16}  {'numeric':>16}  {'rel. error':>10}\n"
        for c in checks:
            flag = "  FAIL" if c.relative_error > tolerance else ""
            if c.not_finite:
                flag += f" ({c.not_finite})"
            # + 0.0 turns -0.0 into 0.0: a zero gradient has no sign worth printing
            yield (f"{printable(c.name):<{width}}  {c.analytic + 0.0:>16.9e}  {c.numeric + 0.0:>16.9e}  "
                   f"{c.relative_error:>10.1e}{flag}\n")
    worst = max(c.relative_error for checks in runs for c in checks)
    count = sum(len(checks) for checks in runs)
    broken = [c for c in failures if c.not_finite]
    if broken:
        first = broken[0]
        yield (f"\n{len(failures)} of {count} gradients exceed the tolerance {tolerance:g}; "
               f"{len(broken)} not finite (first: {first.name}, {first.not_finite})\n")
    elif failures:
        yield f"\n{len(failures)} of {count} gradients exceed the tolerance {tolerance:g} (largest relative error {worst:.1e})\n"
    else:
        yield f"\nall {count} gradients within tolerance {tolerance:g} (largest relative error {worst:.1e})\n"
