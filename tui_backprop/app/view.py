"""What the screen hands down to every panel: the trace and where the user is in it.

The screen owns the cursor; on every change it builds a new `View` and calls
`widget.show(view)` on each panel (attributes down). Panels never talk to each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from typing import TYPE_CHECKING

import numpy as np

from ..core import Step, Trace, TraceState
from .trace_kinds import touches

if TYPE_CHECKING:
    from ..core.breakpoints.watch import Watch
    from .debugging import Entry


@dataclass(frozen=True, eq=False)
class View:
    """An immutable snapshot of the debugger's position. Cheap to build on every key."""

    trace: Trace
    taken: int
    """Steps taken, 0..len(trace): 0 shows nothing computed, len(trace) everything."""
    focus: tuple[int, int] = (0, 0)
    """The focused diagram node (layer, unit); layer 0 is the input layer."""
    decimals: int = 3
    """Decimals numbers are shown with (3, as the seed prints them)."""
    node_breakpoints: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    """Nodes (layer, unit) with a breakpoint: continuing stops at any step touching them."""
    step_breakpoints: frozenset[int] = field(default_factory=frozenset)
    """Step indices with a breakpoint."""
    breakpoint_list: tuple[Entry, ...] = ()
    """The conditional breakpoints (`:break`), enabled or not, for the breakpoints panel."""
    stops: tuple[tuple[int, str, np.ndarray], ...] = ()
    """(number, text, ascending step indices) of each enabled conditional breakpoint.
    Not part of `key`: the diagram and the lists do not show them."""
    watches: tuple[Watch, ...] = ()
    """The watched quantities, for the watch panel."""

    @property
    def key(self) -> tuple[object, ...]:
        """Everything a panel's picture depends on, besides its size: equal keys, equal
        pictures (the trace counts by identity: an edit makes a new one)."""
        return (self.trace, self.taken, self.focus, self.decimals, self.node_breakpoints,
                self.step_breakpoints)

    @cached_property
    def state(self) -> TraceState:
        """What is known at this position."""
        return self.trace.state(self.taken)

    @cached_property
    def current(self) -> Step | None:
        """The last step taken (the one the step panel explains), or None at the start."""
        return self.trace[self.taken - 1] if self.taken else None

    @property
    def iteration(self) -> int:
        """The iteration being shown (0-based): that of the current step, or 0 at the start."""
        return self.current.iteration if self.current else 0

    @property
    def sample(self) -> int:
        """The sample whose per-sample values are shown: the current step's, else the first."""
        if self.current is not None and self.current.sample is not None:
            return self.current.sample
        return 0

    @property
    def at_breakpoint(self) -> bool:
        """Whether the current step is a step breakpoint or touches a node breakpoint
        (the same rule as continuing to a breakpoint: `Trace.touching`)."""
        if not self.taken:
            return False
        index = self.taken - 1
        return index in self.step_breakpoints or bool(self.stopped_by) or any(
            touches(self.trace, index, node) for node in self.node_breakpoints)

    @cached_property
    def stopped_by(self) -> tuple[tuple[int, str], ...]:
        """(number, text) of the conditional breakpoints the current step matches."""
        if not self.taken:
            return ()
        index = self.taken - 1
        return tuple((number, text) for number, text, steps in self.stops
                     if _holds(steps, index))


def _holds(steps: np.ndarray, index: int) -> bool:
    k = int(np.searchsorted(steps, index))
    return k < len(steps) and int(steps[k]) == index
