"""What is known at a cursor: found by binary search, never by replaying the trace."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .steps import Step
    from .trace import Trace


class TraceState:
    """The values known once the first `taken` steps of a trace have been taken.

    A quantity written by several steps (a "+=" accumulation) shows its running value
    after the last of those steps that has been taken.
    """

    def __init__(self, trace: Trace, taken: int) -> None:
        if not 0 <= taken <= len(trace):
            raise IndexError(f"taken must be in 0..{len(trace)}, got {taken}")
        self.trace = trace
        self.taken = taken
        """Steps taken: 0 is the start (nothing computed), len(trace) the end."""

    @property
    def current(self) -> Step | None:
        """The last step taken, or None at the start."""
        return self.trace[self.taken - 1] if self.taken else None

    def values(self, slots: np.ndarray | list[int]) -> np.ndarray:
        """The value of each slot, NaN where not yet computed."""
        slots = np.asarray(slots, dtype=np.int64)
        keys, order = self.trace.write_index
        width = len(self.trace) + 1
        pos = np.searchsorted(keys, slots * width + (self.taken - 1), side="right") - 1
        safe = np.clip(pos, 0, max(len(keys) - 1, 0))
        ok = (pos >= 0) & (keys[safe] // width == slots) & (self.taken > 0)
        out = np.full(slots.shape, np.nan)
        out[ok] = self.trace.table.value[order[safe[ok]]]
        return out

    def value(self, slot: int) -> float | None:
        """The value of one slot, or None if it has not been computed yet."""
        v = float(self.values([slot])[0])
        return None if np.isnan(v) else v

    def changed(self, slot: int) -> bool:
        """True if the last step taken wrote this slot."""
        return self.taken > 0 and int(self.trace.table.slot[self.taken - 1]) == slot
