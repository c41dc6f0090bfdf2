"""SIGTERM and SIGHUP end the real console script as `q` does: in a pty, the terminal's modes
afterwards equal those before launch, the last bytes written undo everything the app turned
on (alternate screen, mouse tracking, hidden cursor) exactly as `q` undoes it, and the exit
status is 128 + the signal."""

from __future__ import annotations

import os
import signal
import termios

import pytest
from test_pty import SCRIPT, Terminal, environment

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not os.path.exists(SCRIPT), reason="console script not installed")]

RESTORE_STARTS = b"\x1b[?2004l"
"""Bracketed paste off: the first thing Textual writes when it gives the terminal back."""


def started(first_screen: bool = True) -> Terminal:
    """The debugger on the seed example in a pty, with its first screen drawn and one step
    taken, or (first_screen=False) just on the alternate screen, still starting up."""
    terminal = Terminal([SCRIPT, "--example", "seed"], environment())
    assert terminal.wait_for(b"\x1b[?1049h", 30), f"no alternate screen: {terminal.tail()!r}"
    if first_screen:
        assert terminal.wait_for(b"\x1b[24;", 30), f"no first screen: {terminal.tail()!r}"
        terminal.read_for(0.3, 10)
        terminal.press(b"n")
    return terminal


def ended(end: str) -> tuple[int, bytes, bool]:
    """Start, end the debugger by `end` (a key, or a signal's name); the exit status, what
    it wrote from the moment it began to give the terminal back, and whether the terminal's
    modes (termios) are those it had before launch."""
    terminal = started()
    try:
        if end.startswith("SIG"):
            terminal.process.send_signal(getattr(signal, end))
        else:
            os.write(terminal.master, end.encode())
        status = terminal.finish()
        output = bytes(terminal.output)
        assert b"Traceback" not in output, terminal.tail()
        restore = output[output.rfind(RESTORE_STARTS):] if RESTORE_STARTS in output else b""
        return status, restore, termios.tcgetattr(terminal.slave) == terminal.modes_before
    finally:
        terminal.close()


@pytest.fixture(scope="module")
def quit_by_q() -> tuple[int, bytes, bool]:
    """How `q` leaves the terminal: the reference."""
    return ended("q")


def test_q_restores_the_terminal(quit_by_q) -> None:
    status, restore, modes_restored = quit_by_q
    assert status == 0
    assert modes_restored
    for undone in (b"\x1b[?1049l", b"\x1b[?1000l", b"\x1b[?1006l", b"\x1b[?25h"):
        assert undone in restore  # alternate screen, mouse tracking, SGR mouse, cursor


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_restores_the_terminal_as_q_does(name: str, quit_by_q) -> None:
    status, restore, modes_restored = ended(name)
    assert status == 128 + getattr(signal, name)
    assert modes_restored  # ICANON, ECHO and the rest as before launch
    assert restore == quit_by_q[1]


def test_sigterm_while_starting_up_still_restores_the_terminal() -> None:
    terminal = started(first_screen=False)
    try:
        terminal.process.send_signal(signal.SIGTERM)
        assert terminal.finish() == 128 + signal.SIGTERM
        output = bytes(terminal.output)
        assert output.rfind(b"\x1b[?1049l") > output.rfind(b"\x1b[?1049h")
        assert output.rfind(b"\x1b[?25h") > output.rfind(b"\x1b[?25l")
        assert termios.tcgetattr(terminal.slave) == terminal.modes_before
    finally:
        terminal.close()


def test_the_terminal_hanging_up_ends_the_debugger_with_status_129() -> None:
    """An SSH connection dropped: the pty's other end closes, the kernel sends SIGHUP, and
    the app, unable to write its goodbye, still ends at once with 128 + SIGHUP."""
    terminal = started()
    try:
        os.close(terminal.master)
        terminal.master = os.open(os.devnull, os.O_RDONLY)  # for close(), which closes it
        assert terminal.process.wait(30) == 128 + signal.SIGHUP
    finally:
        terminal.close()
