"""The trace as markdown lecture notes, in the style of a worked example (as Mazur's post):
each step's rule, the numbers put in, and the result, phase by phase."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..core import Phase, Trace
from ..core.steps import format_number
from ..printable import printable

INTROS = {
    Phase.FORWARD: ("The forward pass",
                    "Each unit takes the weighted sum of the layer before plus its bias, "
                    "z = W·a + b, then applies its activation, a = f(z)."),
    Phase.LOSS: ("The loss", "How far the output is from the target."),
    Phase.BACKWARD: ("The backward pass",
                     "The chain rule, from the loss back to every weight and bias: each "
                     "gradient is the upstream gradient times a local derivative. Where a value "
                     "feeds several units, its gradient adds up one contribution at a time (+=)."),
    Phase.UPDATE: ("The update",
                   "Plain gradient descent, every parameter with its gradient at the old "
                   "values: p ← p - lr · dL/dp."),
}

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def escape(text: str) -> str:
    """Text shown literally on one line in markdown (a network name is never markup, and
    its control characters, bidi overrides and newlines are shown as escapes)."""
    return _SPECIAL.sub(r"\\\1", printable(text))


def code(text: str, table: bool = False) -> str:
    """`text` as a markdown code span that shows all of it literally (CommonMark): made
    printable, fenced by one backtick more than its longest run of backticks, padded where
    it starts or ends with one; in a table row its | escaped (GFM splits a row at every |,
    code spans too). A label such as "`[x](javascript:...)`" stays text."""
    shown = printable(text)
    fence = "`" * (max(map(len, re.findall("`+", shown)), default=0) + 1)
    pad = " " if shown[:1] == "`" or shown[-1:] == "`" or (shown[:1] == shown[-1:] == " ") else ""
    if table:
        shown = shown.replace("|", "\\|")
    return f"{fence}{pad}{shown}{pad}{fence}"


def fence(text: str) -> str:
    """The fence of a code block holding `text`: longer than any run of backticks in it, so
    no line of the text (a node named ```) closes the block early."""
    return "`" * max(3, max(map(len, re.findall("`+", text)), default=0) + 1)


def _vector(values) -> str:
    return ", ".join(format_number(float(v)) for v in values)


def _header(trace: Trace, decimals: int) -> Iterator[str]:
    net = trace.network
    yield f"# Backpropagation step by step: {escape(net.name)}\n\n"
    if net.description:
        yield f"{escape(net.description)}\n\n"
    yield "| | |\n|---|---|\n"
    yield f"| network | {escape(net.describe())} |\n"
    yield f"| loss | {net.loss} |\n| learning rate | {net.learning_rate:g} |\n"
    for s in range(min(net.batch_size, 8)):
        label = f" (sample {s + 1})" if net.batch_size > 1 else ""
        x = _vector(net.x[s]) if net.x.shape[1] <= 8 else f"{net.x.shape[1]} numbers"
        yield f"| input x{label} | {x} |\n| target y{label} | {_vector(net.y[s])} |\n"
    yield "\n"
    params = []
    for li, layer in enumerate(net.layers, start=1):
        if layer.weights.size > 16:
            params.append(f"layer {li}: {layer.weights.size} weights and {layer.units} biases")
            continue
        for j in range(layer.units):
            params += [f"`{printable(trace.names.w(li, j, k))}` = {format_number(layer.weights[j, k], decimals)}"
                       for k in range(layer.fan_in)]
            params.append(f"`{printable(trace.names.b(li, j))}` = {format_number(layer.biases[j], decimals)}")
    yield "Initial parameters: " + ", ".join(params) + ".\n"


def trace_markdown(trace: Trace, decimals: int = 3) -> Iterator[str]:
    """The notes in chunks of text."""
    if not isinstance(trace, Trace):  # a graph
        from .graph_outputs import graph_markdown
        yield from graph_markdown(trace, decimals)
        return
    yield from _header(trace, decimals)
    heading = "##" if trace.iterations == 1 else "###"
    iteration, phase = -1, None
    for step in trace:
        if step.iteration != iteration:
            iteration, phase = step.iteration, None
            if trace.iterations > 1:
                yield f"\n## Iteration {iteration + 1} of {trace.iterations}\n"
        if step.phase != phase:
            phase = step.phase
            title, intro = INTROS[phase]
            yield f"\n{heading} {title}\n\n{intro}\n\n"
        result = format_number(step.value, decimals)
        yield (f"{step.index + 1}. `{printable(step.formula)}`  \n"
               f"   = {printable(step.numbers(decimals))} = **{result}**\n")
        nxt = step.index + 1
        if nxt == len(trace) or int(trace.table.iteration[nxt]) != iteration:
            loss = trace.results[iteration].loss
            yield f"\nThe loss of this iteration was {format_number(loss, decimals)}.\n"
