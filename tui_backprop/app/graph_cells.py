"""The forward and gradient panels' cells for a computation graph.

Forward: the inputs, the parameters (as this iteration uses them) and every operation's
value in definition order. Gradients: every node's d<out>/d<node> in backward order (the
output first), then the updates. A graph of thousands of nodes shows a window of them
around the focused (else the current) node, with a note saying which part is on show.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.graph.spec import GraphSpec
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


@dataclass(frozen=True)
class Lists:
    """The node lists the panels page through, made once per spec (each reads every node)."""

    inputs: list[int]
    parameters: list[int]
    operations: list[int]
    gradients: list[int]
    """Every non-constant node, backward order (the output's first)."""
    name_floor: int
    positions: dict[int, dict[int, int]]
    """id of one of the lists above -> node -> its place in that list."""


_LISTS: list[tuple[GraphSpec, Lists]] = []


def lists_of(spec: GraphSpec) -> Lists:
    """The panels' node lists of `spec` (remembered for the last few specs)."""
    for known, lists in _LISTS:
        if known is spec:
            return lists
    nodes = spec.nodes
    kinds: dict[str, list[int]] = {"input": [], "parameter": []}
    for i, node in enumerate(nodes):
        if node.op in kinds:
            kinds[node.op].append(i)
    operations = [i for i, node in enumerate(nodes) if node.inputs]
    gradients = [i for i in range(len(nodes) - 1, -1, -1) if nodes[i].op != "const"]
    names = (len(node.name) for node in nodes if node.op != "const")
    every = (kinds["input"], kinds["parameter"], operations, gradients)
    lists = Lists(*every, name_floor=min(max(names, default=1), NAME_FLOOR_MAX),
                  positions={id(order): {node: k for k, node in enumerate(order)} for order in every})
    _LISTS[:] = [(spec, lists), *_LISTS[:3]]
    return lists


def _centre(view: View, order: list[int]) -> int:
    """Where in `order` the window of a long list stands: at the focused node, else the
    current step's, else the start."""
    trace = view.trace
    wanted = [node_index(trace, view.focus)]
    if view.current is not None:
        wanted.append(trace.node(view.current.index))
    position = lists_of(trace.spec).positions.get(id(order))
    if position is None:  # a list made for this call
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
    return lists_of(view.trace.spec).name_floor


def forward_sections(view: View) -> list[Section]:
    """Inputs, parameters and operation values known at the cursor."""
    trace = view.trace
    spec, it = trace.spec, view.iteration
    focus = node_index(trace, view.focus)
    given = trace.results[it].values
    values = trace.value_slots(it)
    sheet = Sheet(view)
    lists = lists_of(spec)
    for leaves, noun in ((lists.inputs, "inputs"), (lists.parameters, "parameters")):
        if leaves:
            sheet.section()
            _listed(sheet, view, leaves, noun,
                    lambda i: Cell(printable(spec.nodes[i].name), value=float(given[i]),
                                   focused=i == focus),
                    lambda i: None)
    sheet.section()
    _listed(sheet, view, lists.operations, "operations",
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
    _listed(sheet, view, lists_of(spec).gradients, "gradients",
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
