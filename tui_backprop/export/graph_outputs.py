"""Headless outputs of a graph trace (CONTRACT 6.3): the summary, and the trace as text,
JSON or markdown. The network versions of each dispatch here for a `GraphTrace`."""

from __future__ import annotations

from collections.abc import Iterator

from ..core.graph.trace import GraphTrace
from ..core.steps import format_number
from ..printable import printable
from .json_trace import FORMAT, _dump, optimizer_values, step_record
from .markdown import code, escape
from .text import step_lines

LEAVES = ("input", "parameter")


def _printable_lines(lines: Iterator[str]) -> Iterator[str]:
    """Each chunk with its labels made printable (names may come from a file or a label).
    A chunk's own line breaks are at its ends; one inside came from a label, and shows as
    \\n (a label must not start a line of its own, such as "Forward Pass:")."""
    for chunk in lines:
        body = chunk.strip("\n")
        head = chunk[:len(chunk) - len(chunk.lstrip("\n"))]
        yield head + printable(body) + chunk[len(head) + len(body):] if body else chunk


def graph_summary(trace: GraphTrace, decimals: int = 3) -> Iterator[str]:
    """Forward Pass (every named node), Backward Pass (every leaf), Updated Weights."""
    return _printable_lines(_graph_summary(trace, decimals))


def _graph_summary(trace: GraphTrace, decimals: int = 3) -> Iterator[str]:
    spec = trace.spec
    for it, result in enumerate(trace.results):
        if trace.iterations > 1:
            yield ("\n" if it else "") + f"Iteration {it + 1} of {trace.iterations}:\n\n"
        yield "Forward Pass:\n"
        for i, node in enumerate(spec.nodes):
            if node.op not in LEAVES and node.op != "const" and node.name == node.group:
                yield f"  {node.name} = {format_number(result.values[i], decimals)}\n"
        yield "\nBackward Pass (Gradients):\n"
        for i, node in enumerate(spec.nodes):
            if node.op in LEAVES:
                yield f"  {trace.grad_name(i)} = {format_number(result.grads[i], decimals)}\n"
        if result.new_parameters is not None:
            yield "\nUpdated Weights:\n"
            for p, new in zip(spec.parameters, result.new_parameters):
                yield (f"  {spec.nodes[p].name}: {format_number(result.values[p], decimals)} -> "
                       f"{format_number(new, decimals)}\n")
        if result.optim is not None:
            yield f"\nOptimizer State ({spec.optimizer.kind}, step {result.optim.t}):\n"
            for k, p in enumerate(spec.parameters):
                state = ", ".join(f"{name}[{spec.nodes[p].name}] = {format_number(values[k], decimals)}"
                                  for name, values in result.optim.state.items())
                if state:
                    yield f"  {state}\n"


def graph_text(trace: GraphTrace, decimals: int = 3) -> Iterator[str]:
    """One line a step, as the network's trace text."""
    return _printable_lines(_graph_text(trace, decimals))


def _graph_text(trace: GraphTrace, decimals: int = 3) -> Iterator[str]:
    yield f"# {trace.spec.name}: computation graph of {len(trace.spec.nodes)} nodes\n"
    yield from step_lines(trace, decimals)


def graph_markdown(trace: GraphTrace, decimals: int = 3) -> Iterator[str]:
    """Lecture notes: each step's rule, numbers and result, phase by phase."""
    spec = trace.spec
    yield f"# Backpropagation step by step: {escape(printable(spec.name))}\n\n"
    if spec.description:
        yield f"{escape(printable(spec.description))}\n\n"
    leaves = [f"{code(n.name)} = {format_number(n.value, decimals)}" for n in spec.nodes if n.op in LEAVES]
    if leaves:
        yield "Leaves: " + ", ".join(leaves) + ".\n"
    heading = "##" if trace.iterations == 1 else "###"
    iteration, phase = -1, None
    for step in trace:
        if step.iteration != iteration:
            iteration, phase = step.iteration, None
            if trace.iterations > 1:
                yield f"\n## Iteration {iteration + 1} of {trace.iterations}\n"
        if step.phase != phase:
            phase = step.phase
            yield f"\n{heading} The {phase.value} pass\n\n" if phase.value != "update" else f"\n{heading} The update\n\n"
        yield (f"{step.index + 1}. {code(step.formula)}  \n"
               f"   = {printable(step.numbers(decimals))} = **{format_number(step.value, decimals)}**\n")


def _number(value: float) -> float | None:
    return None if value != value else float(value)


def graph_json(trace: GraphTrace, decimals: int = 3) -> Iterator[str]:
    """The JSON document (CONTRACT 6.3), streamed in chunks."""
    spec = trace.spec
    names = [n.name for n in spec.nodes]
    head = {"name": spec.name, "description": spec.description, "learning_rate": spec.learning_rate}
    extra = "" if spec.optimizer.plain else f'"optimizer": {_dump(spec.optimizer.fields())}, '
    yield (f'{{"format": {_dump(FORMAT)}, "kind": "graph", "graph": {_dump(head)}, {extra}'
           f'"output": {_dump(names[spec.output])}, "iterations": [')
    per = len(trace) // trace.iterations
    for it, r in enumerate(trace.results):
        yield ("," if it else "") + f'\n  {{"index": {it}, "nodes": ['
        for i, node in enumerate(spec.nodes):
            record = {"name": node.name, "op": node.op, "inputs": [names[k] for k in node.inputs],
                      "value": float(r.values[i]), "grad": _number(r.grads[i])}
            yield ("," if i else "") + "\n    " + _dump(record)
        yield '],\n   "parameters": ['
        for j, p in enumerate(spec.parameters):
            updated = None if r.new_parameters is None else float(r.new_parameters[j])
            record = {"name": names[p], "value": float(r.values[p]), "grad": float(r.grads[p]),
                      "updated": updated}
            if r.optim is not None:
                record["optimizer"] = optimizer_values(r.optim, j)
            yield ("," if j else "") + "\n    " + _dump(record)
        yield '],\n   "steps": ['
        for k, i in enumerate(range(it * per, (it + 1) * per)):
            yield ("," if k else "") + "\n    " + _dump(step_record(trace[i], decimals))
        yield "]}"
    yield "\n]}\n"
