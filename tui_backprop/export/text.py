"""The trace as plain text: one line a step, in execution order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..core import Step, Trace
from ..printable import printable


def trace_text(trace: Trace, decimals: int = 3) -> Iterator[str]:
    """Lines such as `   6  backward  dL/dz2 = dL/dy_pred · y_pred(1 - y_pred) = ... = -0.189`."""
    if not isinstance(trace, Trace):  # a graph
        from .graph_outputs import graph_text
        yield from graph_text(trace, decimals)
        return
    net = trace.network
    # Every label is made printable: a name from a file never acts on the reader's terminal,
    # and a newline in it never splits a line.
    yield f"# {printable(net.name)}: {net.describe()}\n"
    yield from step_lines(trace, decimals)


def step_lines(trace: Sequence[Step], decimals: int = 3) -> Iterator[str]:
    """The count of steps, then one line a step (any kind of trace), iterations marked."""
    iterations = trace.iterations  # type: ignore[attr-defined]
    yield f"# {len(trace)} steps in {iterations} iteration(s)\n"
    width = len(str(len(trace) - 1))
    iteration = -1
    for step in trace:
        if iterations > 1 and step.iteration != iteration:
            iteration = step.iteration
            yield f"# iteration {iteration + 1}\n"
        yield f"{step.index:>{width}}  {step.phase.value:<8}  {printable(step.explain(decimals))}\n"
