"""What an edit changed: the values known at a cursor that differ between two traces.

Both traces come from networks of the same shape, so a slot means the same quantity in
each and the comparison is two state look-ups and one array comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core import Trace
from ..core.naming import Names
from ..core.optim_explain import state_name
from ..core.graph.trace import GraphTrace
from ..core.slots import SlotInfo
from ..printable import printable
from .trace_kinds import is_graph
from .editing import Editable


@dataclass(frozen=True)
class Difference:
    """One value that the edit changed, at the cursor."""

    name: str
    """The quantity's display name (plain text)."""
    before: float
    after: float
    slot: int


@dataclass(frozen=True, eq=False)
class Comparison:
    """The trace before the last edit, and the edit itself."""

    before: Trace
    """The trace the edit replaced."""
    edited: Editable
    """The number the user changed (its `value` is the old one)."""
    value: float
    """The new value."""


def slot_name(names: Names, info: SlotInfo) -> str:
    """The display name of a slot's quantity, as the panels show it."""
    q, layer, row, col, s = info.quantity, info.layer, info.row or 0, info.col or 0, info.sample
    if ":" in q:  # an optimizer's operation on a weight ("m:w") or a bias ("m:b")
        op, of = q.split(":")
        param = names.w(layer, row, col) if of == "w" else names.b(layer, row)
        return optimizer_name(op, param)
    if q in ("z", "dz"):
        name = names.z(layer, row, s)
    elif q in ("a", "da"):
        name = names.a(layer, row, s)
    elif q in ("dw", "w_new"):
        name = names.w(layer, row, col)
    elif q in ("db", "b_new"):
        name = names.b(layer, row)
    else:
        name = names.loss(s if q == "sample_loss" else None)
    if q in ("da", "dz", "dw", "db"):
        name = names.grad(name)
    if q in ("w_new", "b_new"):
        name += " updated"
    return name


def graph_slot_name(trace: GraphTrace, slot: int) -> str:
    """The display name of a graph trace's slot: a node, its gradient, or its update."""
    n = trace.plan.size
    k = slot % trace.slot_width
    if k < n:
        return printable(trace.spec.nodes[k].name)
    if k < 2 * n:
        return printable(trace.grad_name(k - n))
    params = trace.spec.parameters
    position, which = (k - 2 * n) % len(params), (k - 2 * n) // len(params)
    name = printable(trace.spec.nodes[params[position]].name)
    if which == 0:
        return name + " updated"
    return optimizer_name(trace.spec.optimizer.ops[which - 1], name)


def optimizer_name(op: str, param: str) -> str:
    """An optimizer operation's value on a parameter: `m[w1]`, or `w1 decayed` (AdamW)."""
    return f"{param} decayed" if op == "decoupled" else state_name(op, param)


def first_writes(trace: Trace | GraphTrace, iteration: int) -> tuple[np.ndarray, np.ndarray]:
    """The iteration's slots in the order the steps first write them (the order the learner
    meets them in), and those first steps, ascending. Worth caching: it sorts every slot."""
    if is_graph(trace):
        # A graph's leaves are given, not written: only the written slots count.
        rows = np.flatnonzero(trace.table.iteration == iteration)
        slots, first = np.unique(trace.table.slot[rows], return_index=True)
        rank = np.argsort(first, kind="stable")
        return slots[rank], rows[first[rank]]
    per = trace.slots.per_iteration
    slots = np.arange(iteration * per, (iteration + 1) * per, dtype=np.int64)
    keys, order = trace.write_index
    first = order[np.searchsorted(keys, slots * (len(trace) + 1))]
    rank = np.argsort(first, kind="stable")
    return slots[rank], first[rank]


def changed_slots(before: Trace, after: Trace, taken: int,
                  ordered: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """The slots (of `first_writes`) known after `taken` steps whose values differ, in order."""
    slots, first = ordered
    known = slots[:int(np.searchsorted(first, taken))]  # first written by one of the steps taken
    old = before.state(taken).values(known)
    new = after.state(taken).values(known)
    return known[~np.isnan(new) & ~np.isnan(old) & (old != new)]


def describe(before: Trace, after: Trace, taken: int, slots: np.ndarray) -> list[Difference]:
    """Name and both values of each slot (only for the few on show: naming is per slot)."""
    old = before.state(taken).values(slots).tolist()
    new = after.state(taken).values(slots).tolist()
    if is_graph(after):
        names = [graph_slot_name(after, slot) for slot in slots.tolist()]
    else:
        names = [slot_name(after.names, after.slots.info(slot)) for slot in slots.tolist()]
    return [Difference(name, o, n, slot)
            for name, slot, o, n in zip(names, slots.tolist(), old, new, strict=True)]


def differences(before: Trace, after: Trace, taken: int, iteration: int) -> list[Difference]:
    """Every value of one iteration known after `taken` steps that differs, in execution order."""
    ordered = first_writes(after, iteration)
    return describe(before, after, taken, changed_slots(before, after, taken, ordered))
