"""The forward and gradient panels' cells for a computation graph.

Forward: the inputs, the parameters (as this iteration uses them) and every operation's
value in definition order. Gradients: every node's d<out>/d<node> in backward order (the
output first), then the updates. A graph of thousands of nodes shows a window of them
around the focused (else the current) node, with a note saying which part is on show.
"""

from __future__ import annotations

from ..core.steps import Phase
from ..printable import printable
from .trace_kinds import node_index
from .view import View
from .widgets.cells import Cell, Section, Sheet, page_note, window

LIMIT = 40
"""Nodes up to this many of a kind are all listed ..."""
KEEP = 24
"""... more show this many around the node in view."""
NAME_FLOOR_MAX = 16
"""A panel's name column is at least as wide as the graph's longest name, up to this."""


def _centre(view: View, order: list[int]) -> int:
    """Where in `order` the window of a long list stands: at the focused node, else the
    current step's, else the start."""
    trace = view.trace
    wanted = [node_index(trace, view.focus)]
    if view.current is not None:
        wanted.append(trace.node(view.current.index))
    position = {node: k for k, node in enumerate(order)}
    for node in wanted:
        if node in position:
            return position[node]
    return 0


def _listed(sheet: Sheet, view: View, order: list[int], noun: str, cell, slot) -> None:
    shown = window(len(order), _centre(view, order), LIMIT, KEEP)
    note = page_note(shown, len(order), noun)
    if note is not None:
        sheet.add(note)
        sheet.section()
    for k in shown:
        sheet.add(cell(order[k]), slot(order[k]))


def name_floor(view: View) -> int:
    """Width of the longest node name (capped), so columns hold still while stepping."""
    names = (len(node.name) for node in view.trace.spec.nodes if node.op != "const")
    return min(max(names, default=1), NAME_FLOOR_MAX)


def forward_sections(view: View) -> list[Section]:
    """Inputs, parameters and operation values known at the cursor."""
    trace = view.trace
    spec, it = trace.spec, view.iteration
    focus = node_index(trace, view.focus)
    given = trace.results[it].values
    values = trace.value_slots(it)
    sheet = Sheet(view)
    for op, noun in (("input", "inputs"), ("parameter", "parameters")):
        leaves = [i for i, node in enumerate(spec.nodes) if node.op == op]
        if leaves:
            sheet.section()
            _listed(sheet, view, leaves, noun,
                    lambda i: Cell(printable(spec.nodes[i].name), value=float(given[i]),
                                   focused=i == focus),
                    lambda i: None)
    sheet.section()
    operations = [i for i, node in enumerate(spec.nodes) if node.inputs]
    _listed(sheet, view, operations, "operations",
            lambda i: Cell(printable(spec.nodes[i].name), focused=i == focus),
            lambda i: int(values[i]))
    return sheet.finish()


def gradient_sections(view: View) -> list[Section]:
    """Every gradient known at the cursor, backward order; then the updates."""
    trace = view.trace
    spec, it = trace.spec, view.iteration
    focus = node_index(trace, view.focus)
    grads = trace.grad_slots(it)
    sheet = Sheet(view)
    sheet.section()
    order = [i for i in range(len(spec.nodes) - 1, -1, -1) if spec.nodes[i].op != "const"]
    _listed(sheet, view, order, "gradients",
            lambda i: Cell(printable(trace.grad_name(i)), focused=i == focus, signed=True),
            lambda i: int(grads[i]))
    current = view.current
    if spec.learning_rate is not None and current is not None and current.phase is Phase.UPDATE:
        out = printable(spec.nodes[spec.output].name)
        optimizer = spec.optimizer
        rule = (f"p ← p - {spec.learning_rate:g} · d{out}/dp" if optimizer.plain
                else f"{optimizer.describe()}, lr {spec.learning_rate:g}")
        sheet.section()
        sheet.add(Cell(f"updates: {rule}", note=True))
        sheet.section()
        before = trace.results[it].values
        updates = trace.update_slots(it)
        slot_of = {p: int(updates[k]) for k, p in enumerate(spec.parameters)}
        _listed(sheet, view, list(spec.parameters), "parameters",
                lambda i: Cell(printable(spec.nodes[i].name), before=float(before[i])),
                slot_of.__getitem__)
        for q in optimizer.state_names:  # the moments (or momentum) of this iteration
            sheet.section()
            state = {p: int(s) for p, s in zip(spec.parameters, trace.optimizer_slots(it, q))}
            _listed(sheet, view, list(spec.parameters), f"{q} values",
                    lambda i, q=q: Cell(printable(f"{q}[{spec.nodes[i].name}]"), signed=True),
                    state.__getitem__)
    return sheet.finish()
