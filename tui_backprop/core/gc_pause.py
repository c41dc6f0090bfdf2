"""Pausing Python's cyclic garbage collector while a large structure is built.

Building a graph's spec or trace makes tens of thousands of live objects and no garbage;
every automatic collection on the way would only walk them (on a 64,000-node graph that
is most of the time a build takes). Reference counting still frees what is dropped.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Within the block, no automatic collection; the collector's state is restored after
    (it stays off if it was off)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
