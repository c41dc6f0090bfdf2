"""What an edit changed: the values known at a cursor that differ between two traces.

Both traces come from networks of the same shape, so a slot means the same quantity in
each and the comparison is two state look-ups and one array comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core import Trace
from ..core.naming import Names
from ..core.slots import SlotInfo
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


def changed_slots(before: Trace, after: Trace, taken: int, iteration: int) -> np.ndarray:
    """The slots of one iteration known after `taken` steps whose values differ, in the
    order the steps first wrote them (the order the learner met them in)."""
    per = after.slots.per_iteration
    slots = np.arange(iteration * per, (iteration + 1) * per, dtype=np.int64)
    old = before.state(taken).values(slots)
    new = after.state(taken).values(slots)
    differ = slots[~np.isnan(new) & ~np.isnan(old) & (old != new)]
    keys, order = after.write_index
    first = order[np.searchsorted(keys, differ * (len(after) + 1))]
    return differ[np.argsort(first, kind="stable")]


def describe(before: Trace, after: Trace, taken: int, slots: np.ndarray) -> list[Difference]:
    """Name and both values of each slot (only for the few on show: naming is per slot)."""
    old = before.state(taken).values(slots).tolist()
    new = after.state(taken).values(slots).tolist()
    return [Difference(slot_name(after.names, after.slots.info(int(slot))), o, n, int(slot))
            for slot, o, n in zip(slots.tolist(), old, new, strict=True)]


def differences(before: Trace, after: Trace, taken: int, iteration: int) -> list[Difference]:
    """Every value of one iteration known after `taken` steps that differs, in execution order."""
    return describe(before, after, taken, changed_slots(before, after, taken, iteration))
