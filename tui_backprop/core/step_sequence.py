"""What every trace is, whatever model it comes from: an ordered, lazy sequence of `Step`s
over a table of numpy columns, with blocks of steps to move across and an index of which
step writes which slot.

The network `Trace` and the graph `GraphTrace` are two builders of it: each says how to
make step i (`_step`) and which table columns mark its blocks (`_block_keys`); indexing,
iteration, phases, spans and the write index are written once, here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Any, overload

import numpy as np

from .steps import PHASE_OF_KIND, Phase, Step


def block_bounds(keys: dict[str, list[np.ndarray]], length: int) -> dict[str, np.ndarray]:
    """For each level, the start of every block (where any of its columns changes value),
    then `length`: a span is then one binary search."""
    bounds = {}
    for level, columns in keys.items():
        change = np.zeros(length, dtype=bool)
        if length:
            change[0] = True
        for column in columns:
            change[1:] |= column[1:] != column[:-1]
        bounds[level] = np.append(np.flatnonzero(change), length)
    return bounds


class StepSequence(Sequence[Step]):
    """The shared part of a trace. Subclasses set `results` and `table` (with at least
    `kind` and `slot` columns) and define `_step` and `_block_keys`."""

    results: tuple[Any, ...]
    """The numbers of each iteration."""
    table: Any
    """The step table: one row a step, numpy columns."""
    LEVELS: tuple[str, ...] = ()
    """The granularities `span` knows, finest first."""

    def _step(self, index: int) -> Step:
        raise NotImplementedError

    def _block_keys(self) -> dict[str, list[np.ndarray]]:
        """For each level of LEVELS, the table columns whose change starts a new block."""
        raise NotImplementedError

    @property
    def iterations(self) -> int:
        """How many iterations the trace covers."""
        return len(self.results)

    def __len__(self) -> int:
        return len(self.table)

    @overload
    def __getitem__(self, index: int) -> Step: ...
    @overload
    def __getitem__(self, index: slice) -> list[Step]: ...

    def __getitem__(self, index: int | slice) -> Step | list[Step]:
        if isinstance(index, slice):
            return [self._step(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"step {index} out of range (the trace has {len(self)} steps)")
        return self._step(index)

    def __iter__(self) -> Iterator[Step]:
        for i in range(len(self)):
            yield self._step(i)

    def phase(self, index: int) -> Phase:
        """The phase of step `index`, without building the step."""
        return PHASE_OF_KIND[int(self.table.kind[index])]

    @cached_property
    def _bounds(self) -> dict[str, np.ndarray]:
        return block_bounds(self._block_keys(), len(self))

    def span(self, index: int, level: str) -> range:
        """The steps of the block of `level` (one of LEVELS) that step `index` belongs to."""
        if level not in self.LEVELS:
            raise ValueError(f"level must be one of {', '.join(self.LEVELS)}, got {level!r}")
        bounds = self._bounds[level]
        k = int(np.searchsorted(bounds, index, side="right")) - 1
        return range(int(bounds[k]), int(bounds[k + 1]))

    @cached_property
    def write_index(self) -> tuple[np.ndarray, np.ndarray]:
        """(keys, steps): the steps sorted by (slot, step), keyed slot * (len + 1) + step."""
        order = np.argsort(self.table.slot, kind="stable")
        keys = self.table.slot[order] * (len(self) + 1) + order
        return keys, order


__all__ = ["StepSequence", "block_bounds"]
