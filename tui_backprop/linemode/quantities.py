"""The named quantities of a trace, for line mode's `show`, `list` and `b NAME`.

A quantity is named as the trace prints it (`z1`, `w2[1,2]`, `y_pred`, `loss`, a graph
node's name), its gradient as `dL/dz1` (`do/dn` on a graph). Names are those of the
iteration the cursor is in; a breakpoint on a name holds in every iteration. The table of
names is built on first use only (a wide network has ~100,000 of them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..core import Trace

_SUPERSCRIPT = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")
_TYPED_SAMPLE = re.compile(r"\((\d+)\)\Z")


@dataclass(frozen=True)
class Quantity:
    """One named quantity: its name, its gradient's name (None if it has none) and where
    the trace keeps it (`value_slot`/`grad_slot`: slot ids in iteration 0, None if no step
    writes it; `given`: how to read a value no step writes, per iteration)."""

    name: str
    grad: str | None
    value_slot: int | None
    grad_slot: int | None
    given: tuple[object, ...] = ()


@dataclass(frozen=True)
class Reading:
    """A quantity at the cursor: value (None if not known yet), its value before this
    iteration's update (parameters, once updated), and its gradient (None if not known)."""

    value: float | None
    was: float | None
    grad: float | None


class Quantities:
    """Every named quantity of one trace, for look-ups by name at any cursor."""

    def __init__(self, trace) -> None:
        self.trace = trace
        self.graph = not isinstance(trace, Trace)
        self.width = trace.slot_width if self.graph else trace.slots.per_iteration

    @cached_property
    def all(self) -> tuple[Quantity, ...]:
        """Every quantity, in listing order."""
        from .naming import graph_quantities, network_quantities

        maker = graph_quantities if self.graph else network_quantities
        return tuple(maker(self.trace))

    @cached_property
    def _by_name(self) -> dict[str, tuple[Quantity, str]]:
        names: dict[str, tuple[Quantity, str]] = {}
        for quantity in self.all:
            names.setdefault(quantity.name, (quantity, "value"))
            if quantity.grad is not None:
                names.setdefault(quantity.grad, (quantity, "grad"))
        return names

    def find(self, name: str) -> tuple[Quantity, str] | None:
        """The quantity a name means and whether it names the value or the gradient.
        A sample may be typed as (2) where the trace writes ⁽²⁾."""
        found = self._by_name.get(name)
        if found is None and _TYPED_SAMPLE.search(name):
            found = self._by_name.get(_TYPED_SAMPLE.sub(lambda m: m.group().translate(_SUPERSCRIPT), name))
        return found

    def writers(self, quantity: Quantity, role: str) -> np.ndarray:
        """Ascending indices of the steps whose target is the value (or the gradient)."""
        slot = quantity.value_slot if role == "value" else quantity.grad_slot
        if slot is None:
            return np.zeros(0, dtype=np.int64)
        keys, order = self.trace.write_index
        span = len(self.trace) + 1
        found = []
        for it in range(self.trace.iterations):
            start = (slot + it * self.width) * span
            lo, hi = np.searchsorted(keys, [start, start + span])
            found.append(order[lo:hi])
        return np.sort(np.concatenate(found)).astype(np.int64)

    def iteration(self, taken: int) -> int:
        """The iteration the cursor is in: that of the last step taken (0 at the start)."""
        return int(self.trace.table.iteration[taken - 1]) if taken else 0

    def read(self, quantity: Quantity, taken: int) -> Reading:
        """The quantity once the first `taken` steps have been taken."""
        from .naming import given_value

        state, it = self.trace.state(taken), self.iteration(taken)
        offset = it * self.width
        written = None if quantity.value_slot is None else state.value(quantity.value_slot + offset)
        grad = None if quantity.grad_slot is None else state.value(quantity.grad_slot + offset)
        if not quantity.given:
            return Reading(written, None, grad)
        old = given_value(self.trace, quantity.given, it)
        return Reading(old if written is None else written, None if written is None else old, grad)

    def known(self, taken: int) -> Iterator[tuple[Quantity, Reading]]:
        """The quantities with a value or gradient known at the cursor, in listing order."""
        for quantity in self.all:
            reading = self.read(quantity, taken)
            if reading.value is not None or reading.grad is not None:
                yield quantity, reading
