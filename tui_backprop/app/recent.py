"""A memo of the last few results of a costly function, by key.

The panels remember what they drew for the last few positions, and the screen asks them to
draw the next position while it waits for a key: the next `n` then finds its lines ready,
and `p` finds the previous position's. Keys must hold everything the result depends on.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

KEPT = 4
"""Results remembered: the position on show, the next, the previous, and one to spare."""


class Recent(Generic[V]):
    """The last `kept` results by key, the least recently used dropped first."""

    def __init__(self, kept: int = KEPT) -> None:
        self._kept = kept
        self._items: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The result for `key`, made by `make()` unless remembered."""
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = self._items[key] = make()
        if len(self._items) > self._kept:
            self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything (what the results depend on changed outside the keys)."""
        self._items.clear()
