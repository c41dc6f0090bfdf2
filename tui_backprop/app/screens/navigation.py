"""Where each cursor move lands: pure functions of the trace and the cursor, no Textual.

The cursor is `taken`, the number of steps taken (0..len(trace)); the current step, the one
the step panel explains, is `taken - 1`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ...core import Trace
from ..trace_kinds import span, touching


def block_move(trace: Trace, taken: int, level: str, direction: int) -> int:
    """Step over (forward) or back out of the unit, layer, phase or iteration.

    Forward: to the end of the block holding the next step. Back: to the start of the
    block holding the current step.
    """
    if direction > 0:
        return span(trace, taken, level).stop if taken < len(trace) else taken
    return span(trace, taken - 1, level).start if taken > 0 else taken


def node_steps(trace: Trace, nodes: Iterable[tuple[int, int]],
               cache: dict[tuple[int, int], np.ndarray]) -> list[np.ndarray]:
    """The ascending step indices touching each node, computed once per node."""
    arrays = []
    for node in nodes:
        if node not in cache:
            cache[node] = touching(trace, node)
        arrays.append(cache[node])
    return arrays


def continue_to(trace: Trace, taken: int, direction: int, steps: Iterable[int],
                node_arrays: Iterable[np.ndarray]) -> int:
    """The cursor after continuing to the next breakpoint, forward or back.

    A breakpoint is hit by the first step strictly after (or before) the current step that
    is a step breakpoint or touches a node breakpoint; the cursor then stands just after
    it, so the step panel explains it. With no such step: the end (or the start).
    """
    current = taken - 1
    candidates = [np.asarray(sorted(steps), dtype=np.int64), *node_arrays]
    if direction > 0:
        best = len(trace)
        for array in candidates:
            k = int(np.searchsorted(array, current, side="right"))
            if k < len(array):
                best = min(best, int(array[k]) + 1)
        return best
    best = 0
    for array in candidates:
        k = int(np.searchsorted(array, current, side="left"))
        if k > 0:
            best = max(best, int(array[k - 1]) + 1)
    return best


def move_focus(sizes: tuple[int, ...], focus: tuple[int, int], layers: int, units: int
               ) -> tuple[int, int]:
    """Move the focused node by whole layers and units, clamped to the network."""
    layer = min(max(focus[0] + layers, 0), len(sizes) - 1)
    unit = min(max(focus[1] + units, 0), sizes[layer] - 1)
    return layer, unit
