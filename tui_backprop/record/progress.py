"""A one-line progress bar on stderr, drawn only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30
"""Cells of the bar itself."""
DELAY = 0.5
"""Seconds of work before the bar appears: quick renders print nothing."""


class Progress:
    """`advance()` once per item; `close()` clears the line. Silent when not on a terminal."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label = label
        self.total = max(total, 1)
        self.done = 0
        self._stream = stream if stream is not None else sys.stderr
        self._live = self._stream.isatty()
        self._start = time.monotonic()
        self._drawn = False

    def advance(self, count: int = 1) -> None:
        """Count finished items and redraw when the work has taken more than a moment."""
        self.done = min(self.done + count, self.total)
        if self._live and time.monotonic() - self._start >= DELAY:
            self._draw()

    def _draw(self) -> None:
        filled = WIDTH * self.done // self.total
        bar = "█" * filled + "░" * (WIDTH - filled)
        self._stream.write(f"\r{self.label} {bar} {self.done}/{self.total}")
        self._stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Clear the bar's line (the next output starts at the left margin)."""
        if self._drawn:
            self._stream.write("\r\x1b[2K")
            self._stream.flush()
            self._drawn = False
