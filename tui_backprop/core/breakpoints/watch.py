"""Watches: one quantity followed through the trace, its value at the cursor and its history.

A watch names a step target exactly (`w1[1,2]`, `dL/dw2[1,1]`, `loss`; in a batch
`a1[1]⁽²⁾`, also typed `a1[1](2)`). Without a sample mark, a per-sample name follows
every sample's (the value is the one written last). Nothing is a glob here: a graph's
node may well be named `x*y`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .columns import is_graph, per_iteration, target_names
from .pattern import SUPERSCRIPTS, _ASCII_SAMPLE, _TO_SUPERSCRIPT

if TYPE_CHECKING:
    from .columns import AnyTrace


class WatchError(ValueError):
    """A name no step of the trace writes."""


@dataclass(frozen=True, eq=False)
class Watch:
    """A watched quantity and the steps that write it."""

    name: str
    steps: np.ndarray
    """Ascending indices (0-based) of the steps writing it."""

    def value(self, trace: AnyTrace, taken: int) -> float | None:
        """Its value once `taken` steps are taken, or None before its first step."""
        k = int(np.searchsorted(self.steps, taken, side="left"))
        return None if k == 0 else float(trace.table.value[self.steps[k - 1]])

    def history(self, trace: AnyTrace, taken: int) -> list[float]:
        """Its last value in each iteration, over the steps taken so far (the cursor's
        iteration with the value it has at the cursor)."""
        done = self.steps[:int(np.searchsorted(self.steps, taken, side="left"))]
        if not len(done):
            return []
        its = trace.table.iteration[done]
        last = np.append(np.flatnonzero(its[1:] != its[:-1]), len(done) - 1)
        return [float(v) for v in trace.table.value[done[last]]]


def find_watch(trace: AnyTrace, name: str) -> Watch:
    """The watch of a target name; WatchError (one line) if no step writes it."""
    wanted = name.strip()
    if not wanted:
        raise WatchError("a watch needs the name of a quantity, e.g. w1[1,1] or loss")
    names, bare, _ = target_names(trace)
    pool = names
    if not is_graph(trace):
        found = _ASCII_SAMPLE.search(wanted)
        if found and found.start() > 0:
            wanted = wanted[:found.start()] + found.group(0).translate(_TO_SUPERSCRIPT)
        if not any(ch in SUPERSCRIPTS for ch in wanted):
            pool = tuple(b if b == wanted else n for n, b in zip(names, bare))
    hits = np.flatnonzero(np.fromiter((n == wanted for n in pool), dtype=bool, count=len(pool)))
    if not len(hits):
        raise WatchError(f"no step writes {wanted!r}; watch a step's target, e.g. {names[-1]!r}")
    per = per_iteration(trace)
    starts = np.arange(trace.iterations, dtype=np.int64)[:, None] * per
    return Watch(wanted, (starts + hits[None, :]).ravel())


SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float], width: int) -> str:
    """The last `width` values as bars ▁..█, lowest to highest (all equal: ▄ each)."""
    shown = [v for v in values[-width:] if np.isfinite(v)] if width > 0 else []
    if not shown:
        return ""
    low, high = min(shown), max(shown)
    if high == low:
        return SPARK[3] * len(shown)
    top = len(SPARK) - 1
    return "".join(SPARK[int(round((v - low) / (high - low) * top))] for v in shown)
