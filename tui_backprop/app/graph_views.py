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


def _index(node: object, size: int) -> int:
    """`node` as an index below `size`, or -1 if it is not one (a dict would not hold it)."""
    if type(node) is not int:
        try:
            node = operator.index(node)  # type: ignore[arg-type]
        except TypeError:
            return -1
    return node if 0 <= node < size else -1  # type: ignore[operator]


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

    def get(self, node: object, default: object = None) -> object:  # type: ignore[override]
        """The place of `node`, or `default` (without raising: the painter asks often)."""
        i = _index(node, len(self._column))
        if i < 0:
            return default
        column = self._column.item(i)
        return default if column < 0 else (column, self._row.item(i))

    def __getitem__(self, node: object) -> tuple[int, int]:
        found = self.get(node)
        if found is None:
            raise KeyError(node)
        return found  # type: ignore[return-value]

    def __contains__(self, node: object) -> bool:
        return self.get(node) is not None

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
        return self._src.item(k), self._dst.item(k)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self._src.tolist(), self._dst.tolist())

    def __repr__(self) -> str:
        return f"Edges({len(self)} edges)"


class Constants(Mapping[int, tuple[int, ...]]):
    """op node -> the constant nodes among its operands, in operand order: node i's are
    `first[i]` and `second[i]`, where not -1."""

    def __init__(self, first: np.ndarray, second: np.ndarray) -> None:
        self._first, self._second = first, second

    def get(self, node: object, default: object = None) -> object:  # type: ignore[override]
        """The constants of `node`, or `default` (without raising: the painter asks often)."""
        i = _index(node, len(self._first))
        if i < 0:
            return default
        a, b = self._first.item(i), self._second.item(i)
        if a < 0:
            return default if b < 0 else (b,)
        return (a,) if b < 0 else (a, b)

    def __getitem__(self, node: object) -> tuple[int, ...]:
        found = self.get(node)
        if found is None:
            raise KeyError(node)
        return found  # type: ignore[return-value]

    def __contains__(self, node: object) -> bool:
        return self.get(node) is not None

    def __iter__(self) -> Iterator[int]:
        return iter(np.flatnonzero((self._first >= 0) | (self._second >= 0)).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero((self._first >= 0) | (self._second >= 0)))

    def __repr__(self) -> str:
        return f"Constants({len(self)} nodes)"
