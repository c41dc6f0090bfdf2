"""Lecture notes of the debugger's current state as markdown: where the cursor is, the step
(formula, numbers, result), the diagram as text, and every value and gradient known."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ..core.steps import format_number
from ..export.markdown import code, escape, fence
from ..printable import printable
from .trace_kinds import description as describe, is_graph, title
from .view import View

MAX_ROWS = 300
"""Most rows a table lists (mnist-mlp has 100,000 weights); the rest is counted."""


def _table(title: str, rows: list[tuple[str, float]], decimals: int) -> Iterator[str]:
    if not rows:
        return
    yield f"### {title}\n\n| name | value |\n|---|---|\n"
    for name, value in rows[:MAX_ROWS]:
        # A code span holds a name (printable; a Value's label may hold ` and |).
        yield f"| {code(name, table=True)} | {format_number(value, decimals)} |\n"
    if len(rows) > MAX_ROWS:
        yield f"\n… and {len(rows) - MAX_ROWS} more.\n"
    yield "\n"


def _known(view: View, entries: list[tuple[str, int]]) -> list[tuple[str, float]]:
    """The (name, value) of the entries whose slot is computed at the cursor."""
    if not entries:
        return []
    values = view.state.values(np.array([slot for _, slot in entries]))
    return [(name, float(v)) for (name, _), v in zip(entries, values, strict=True) if not np.isnan(v)]


def _graph_entries(view: View) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(forward, gradients) of a graph as (name, slot): operations in definition order;
    gradients in backward order, then the updates."""
    trace, it = view.trace, view.iteration
    spec = trace.spec
    values, grads, updates = trace.value_slots(it), trace.grad_slots(it), trace.update_slots(it)
    forward = [(printable(node.name), int(values[i])) for i, node in enumerate(spec.nodes) if node.inputs]
    backward = [(printable(trace.grad_name(i)), int(grads[i]))
                for i in range(len(spec.nodes) - 1, -1, -1) if spec.nodes[i].op != "const"]
    backward += [(f"{printable(spec.nodes[p].name)} (new)", int(updates[k]))
                 for k, p in enumerate(spec.parameters)]
    return forward, backward


def _entries(view: View) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(forward, gradients) as (name, slot) for the current iteration and sample."""
    if is_graph(view.trace):
        return _graph_entries(view)
    trace, it, s = view.trace, view.iteration, view.sample
    names, slots, sizes = trace.names, trace.slots, trace.network.sizes
    forward: list[tuple[str, int]] = []
    grads: list[tuple[str, int]] = []
    for layer in range(1, len(sizes)):
        for j in range(sizes[layer]):
            forward.append((names.z(layer, j, s), slots.slot("z", it, layer, s, j)))
            forward.append((names.a(layer, j, s), slots.slot("a", it, layer, s, j)))
    if trace.network.batch_size > 1:
        forward.append((names.loss(s), slots.slot("sample_loss", it, 0, s)))
    forward.append((names.loss(), slots.slot("loss", it)))
    for layer in range(len(sizes) - 1, 0, -1):
        for j in range(sizes[layer]):
            grads.append((names.grad(names.a(layer, j, s)), slots.slot("da", it, layer, s, j)))
            grads.append((names.grad(names.z(layer, j, s)), slots.slot("dz", it, layer, s, j)))
        for j in range(sizes[layer]):
            for k in range(sizes[layer - 1]):
                grads.append((names.grad(names.w(layer, j, k)), slots.slot("dw", it, layer, 0, j, k)))
            grads.append((names.grad(names.b(layer, j)), slots.slot("db", it, layer, 0, j)))
    for layer in range(1, len(sizes)):
        for j in range(sizes[layer]):
            for k in range(sizes[layer - 1]):
                grads.append((f"{names.w(layer, j, k)} (new)", slots.slot("w_new", it, layer, 0, j, k)))
            grads.append((f"{names.b(layer, j)} (new)", slots.slot("b_new", it, layer, 0, j)))
    return forward, grads


def notes_markdown(view: View, diagram: str) -> str:
    """The notes for `view`; `diagram` is the network diagram as plain text."""
    trace, decimals = view.trace, view.decimals
    name, description = title(trace), describe(trace)[1]
    parts = [f"# {escape(printable(name))}: step {view.taken} of {len(trace)}\n\n"]
    if description:
        parts.append(f"{escape(printable(description))}\n\n")
    step = view.current
    if step is None:
        parts.append("Nothing computed yet: the next step starts the forward pass.\n\n")
    else:
        parts.append(f"Iteration {step.iteration + 1} of {trace.iterations}, "
                     f"{step.phase} phase.\n\n## Step {step.index + 1}: {escape(step.target)}\n\n")
        block = (f"{printable(step.formula)}\n  = {printable(step.numbers(decimals))}\n"
                 f"  = {format_number(step.value, decimals)}")
        parts.append(f"{fence(block)}\n{block}\n{fence(block)}\n\n")
    drawing = diagram.rstrip()  # a node named ``` must not close the block
    parts.append(f"## The {'graph' if is_graph(trace) else 'network'}\n\n"
                 f"{fence(drawing)}\n{drawing}\n{fence(drawing)}\n\n")
    forward, grads = _entries(view)
    if is_graph(trace):
        leaves = trace.results[view.iteration].values
        given = [(printable(node.name), float(leaves[i])) for i, node in enumerate(trace.spec.nodes)
                 if not node.inputs]
        parts.extend(_table("Leaves and constants", given, decimals))
    else:
        net = trace.network
        given = [(trace.names.a(0, k, view.sample), float(x)) for k, x in enumerate(net.x[view.sample])]
        given += [(trace.names.y(j, view.sample), float(y)) for j, y in enumerate(net.y[view.sample])]
        parts.extend(_table("Inputs and targets", given, decimals))
    parts.extend(_table("Forward values known", _known(view, forward), decimals))
    parts.extend(_table("Gradients and updates known", _known(view, grads), decimals))
    return "".join(parts)
