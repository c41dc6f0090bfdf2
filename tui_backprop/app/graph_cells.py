"""The forward and gradient panels' cells for a computation graph.

Forward: the inputs, the parameters (as this iteration uses them) and every operation's
value in definition order. Gradients: every node's d<out>/d<node> in backward order (the
output first), then the updates. A graph of thousands of nodes shows a window of them
around the focused (else the current) node, with a note saying which part is on show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..core.graph.plan import CODE, CONST
from ..core.graph.spec import GraphSpec
from ..core.steps import Phase
from ..printable import printable
from .trace_kinds import node_index
from .view import View
from .widgets.cells import Cell, Section, Sheet, page_note, window

if TYPE_CHECKING:
    from ..core.graph.trace import GraphTrace

LIMIT = 40
"""Nodes up to this many of a kind are all listed ..."""
KEEP = 24
"""... more show this many around the node in view."""
NAME_FLOOR_MAX = 16
"""A panel's name column is at least as wide as the graph's longest name, up to this."""


@dataclass(frozen=True)
class Lists:
    """The node lists the panels page through, made once per trace (each reads every node)."""

    inputs: list[int]
    parameters: list[int]
    operations: list[int]
    gradients: list[int]
    """Every non-constant node, backward order (the output's first)."""
    name_floor: int
    positions: dict[int, np.ndarray]
    """id of one of the lists above -> each node's place in that list (-1: not in it)."""


_LISTS: list[tuple[GraphSpec, Lists]] = []


def lists_of(trace: GraphTrace) -> Lists:
    """The panels' node lists of a graph trace (remembered for the last few specs). Made
    with numpy from the plan's op codes: a 64,000-node graph is not walked node by node."""
    spec = trace.spec
    for known, lists in _LISTS:
        if known is spec:
            return lists
    code, n = trace.plan.code, trace.plan.size
    every = [np.flatnonzero(code == CODE["input"]), np.flatnonzero(code == CODE["parameter"]),
             np.flatnonzero(code > CONST), np.flatnonzero(code != CONST)[::-1]]
    positions = {}
    orders = [order.tolist() for order in every]
    for order, listed in zip(every, orders):
        place = np.full(n, -1, dtype=np.int64)
        place[order] = np.arange(len(order))
        positions[id(listed)] = place
    lists = Lists(*orders, name_floor=_longest_name(spec), positions=positions)
    _LISTS[:] = [(spec, lists), *_LISTS[:3]]
    return lists


def _longest_name(spec: GraphSpec) -> int:
    """The longest name of a node the panels list (not a constant), up to NAME_FLOOR_MAX:
    a large graph soon has one that long, and the walk stops there."""
    longest = 1
    for node in spec.nodes:
        if node.op != "const" and len(node.name) > longest:
            longest = len(node.name)
            if longest >= NAME_FLOOR_MAX:
                return NAME_FLOOR_MAX
    return longest


def _centre(view: View, order: list[int]) -> int:
    """Where in `order` the window of a long list stands: at the focused node, else the
    current step's, else the start."""
    trace = view.trace
    wanted = [node_index(trace, view.focus)]
    if view.current is not None:
        wanted.append(trace.node(view.current.index))
    place = lists_of(trace).positions.get(id(order))
    if place is None:  # a list made for this call
        position = {node: k for k, node in enumerate(order)}
        place_of = position.get
    else:
        def place_of(node: int) -> int | None:
            k = int(place[node])
            return k if k >= 0 else None
    for node in wanted:
        if node is not None and 0 <= node < trace.plan.size:
            k = place_of(node)
            if k is not None:
                return k
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
    return lists_of(view.trace).name_floor


def forward_sections(view: View) -> list[Section]:
    """Inputs, parameters and operation values known at the cursor."""
    trace = view.trace
    spec, it = trace.spec, view.iteration
    focus = node_index(trace, view.focus)
    given = trace.results[it].values
    values = trace.value_slots(it)
    sheet = Sheet(view)
    lists = lists_of(trace)
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
    _listed(sheet, view, lists_of(trace).gradients, "gradients",
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
