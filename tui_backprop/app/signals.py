"""SIGTERM and SIGHUP end the debugger as `q` does, so the terminal is left as it was found.

Python's default for both signals ends the process at once: Textual never leaves the
alternate screen, never turns mouse tracking off, never shows the cursor and never restores
the terminal's line discipline (ICANON, ECHO), so the shell the user returns to is unusable.
Instead, each signal asks the app to exit through its ordinary path, with the exit status a
shell gives a process ended by that signal: 128 + its number (143 for SIGTERM, 129 for SIGHUP).
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

EXIT_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
"""The signals that end the app cleanly (SIGHUP does not exist on Windows)."""


class Exits(Protocol):
    """What is asked of the app: Textual's App.exit."""

    def exit(self, result: None = None, return_code: int = 0) -> None: ...


def exit_status(signum: int) -> int:
    """The exit status a shell reports for a process ended by signal `signum`."""
    return 128 + signum


@contextmanager
def exit_on_signals(app: Exits) -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP make `app` exit with status 128 + the signal.

    Must be entered in the main thread with the app's event loop running; where the loop
    cannot take signal handlers (Windows, another thread) it changes nothing.
    """
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    for signum in EXIT_SIGNALS:
        try:
            loop.add_signal_handler(signum, app.exit, None, exit_status(signum))
        except (NotImplementedError, RuntimeError, ValueError):
            continue
        installed.append(signum)
    try:
        yield
    finally:
        for signum in installed:
            loop.remove_signal_handler(signum)
