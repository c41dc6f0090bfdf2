"""Removing a temporary file when the process is told to end (SIGTERM, SIGHUP).

Python turns SIGINT into KeyboardInterrupt, which unwinds `with` blocks and so their clean-up;
SIGTERM and SIGHUP end the process at once, leaving a half-written temporary file behind.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
"""The signals that end a process without unwinding it."""


@contextmanager
def removed_on_signal(path: str) -> Iterator[None]:
    """While inside: on SIGTERM or SIGHUP remove `path`, then let the signal do what it did
    before (by default end the process, so the shell sees status 128 + the signal).

    Handlers can only be set from the main thread; elsewhere this does nothing. An ignored
    signal stays ignored: it ends nothing, so nothing needs removing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, object] = {}

    def restore() -> None:
        for number, handler in previous.items():
            # None: a handler set outside Python, which cannot be put back: the default.
            signal.signal(number, signal.SIG_DFL if handler is None else handler)  # type: ignore[arg-type]

    def clean_up(number: int, _frame: FrameType | None) -> None:
        with suppress(OSError):
            os.unlink(path)
        restore()
        signal.raise_signal(number)  # again, now to the handler from before

    for number in SIGNALS:
        handler = signal.getsignal(number)
        if handler is not signal.SIG_IGN:
            previous[number] = handler
            signal.signal(number, clean_up)
    try:
        yield
    finally:
        restore()
