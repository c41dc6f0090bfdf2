"""Read-only views of a graph layout's arrays, shaped as the tuples and dicts callers read.

A 64,000-node layout is a few numpy arrays; building a dict of 64,000 places, a tuple of
130,000 edge pairs and tuples of every column would cost more than laying the graph out.
These views give the same answers (a column as a tuple of node indices, `place[i]` as
(column, row), `edges[k]` as (operand, node)) and build only what is asked for.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping, Sequence
from typing import overload

import numpy as np


class Columns(Sequence[tuple[int, ...]]):
    """Node indices of each column, top to bottom: column c is `order[bounds[c]:bounds[c + 1]]`;
    each column is made a tuple when first asked for, then kept (key presses index them)."""

    def __init__(self, order: np.ndarray, bounds: np.ndarray) -> None:
        self._order, self._bounds = order, bounds.tolist()
        self._made: list[tuple[int, ...] | None] = [None] * (len(bounds) - 1)

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, c: int) -> tuple[int, ...]: ...
    @overload
    def __getitem__(self, c: slice) -> tuple[tuple[int, ...], ...]: ...

    def __getitem__(self, c: int | slice) -> tuple[int, ...] | tuple[tuple[int, ...], ...]:
        if isinstance(c, slice):
            return tuple(self[k] for k in range(*c.indices(len(self))))
        made = self._made[c]  # raises IndexError as a tuple would
        if made is None:
            c = operator.index(c) % len(self)
            made = tuple(self._order[self._bounds[c]:self._bounds[c + 1]].tolist())
            self._made[c] = made
        return made

    def __iter__(self) -> Iterator[tuple[int, ...]]:
        return (self[c] for c in range(len(self)))

    def __repr__(self) -> str:
        return f"Columns({len(self)} columns, {len(self._order)} nodes)"


class Places(Mapping[int, tuple[int, int]]):
    """node index -> (column, row) for every drawn node (constants have none); iterated
    column by column, top to bottom."""

    def __init__(self, order: np.ndarray, column: np.ndarray, row: np.ndarray) -> None:
        self._order, self._column, self._row = order, column, row

    def __getitem__(self, node: object) -> tuple[int, int]:
        try:
            i = operator.index(node)  # type: ignore[arg-type]
        except TypeError:
            raise KeyError(node) from None
        if not 0 <= i < len(self._column) or self._column[i] < 0:
            raise KeyError(node)
        return int(self._column[i]), int(self._row[i])

    def __contains__(self, node: object) -> bool:
        try:
            self[node]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[int]:
        return iter(self._order.tolist())

    def __len__(self) -> int:
        return len(self._order)

    def __repr__(self) -> str:
        return f"Places({len(self)} nodes)"


class Edges(Sequence[tuple[int, int]]):
    """(operand, node) pairs: edge k is `(src[k], dst[k])`."""

    def __init__(self, src: np.ndarray, dst: np.ndarray) -> None:
        self._src, self._dst = src, dst

    def __len__(self) -> int:
        return len(self._src)

    @overload
    def __getitem__(self, k: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, k: slice) -> tuple[tuple[int, int], ...]: ...

    def __getitem__(self, k: int | slice) -> tuple[int, int] | tuple[tuple[int, int], ...]:
        if isinstance(k, slice):
            return tuple(zip(self._src[k].tolist(), self._dst[k].tolist()))
        return int(self._src[k]), int(self._dst[k])

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self._src.tolist(), self._dst.tolist())

    def __repr__(self) -> str:
        return f"Edges({len(self)} edges)"


class Constants(Mapping[int, tuple[int, ...]]):
    """op node -> the constant nodes among its operands, in operand order: node i's are
    `first[i]` and `second[i]`, where not -1."""

    def __init__(self, first: np.ndarray, second: np.ndarray) -> None:
        self._first, self._second = first, second

    def __getitem__(self, node: object) -> tuple[int, ...]:
        try:
            i = operator.index(node)  # type: ignore[arg-type]
        except TypeError:
            raise KeyError(node) from None
        if not 0 <= i < len(self._first):
            raise KeyError(node)
        a, b = int(self._first[i]), int(self._second[i])
        if a < 0 and b < 0:
            raise KeyError(node)
        return (a, b) if a >= 0 and b >= 0 else ((a,) if a >= 0 else (b,))

    def __contains__(self, node: object) -> bool:
        try:
            self[node]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[int]:
        return iter(np.flatnonzero((self._first >= 0) | (self._second >= 0)).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero((self._first >= 0) | (self._second >= 0)))

    def __repr__(self) -> str:
        return f"Constants({len(self)} nodes)"
