"""The real console script in a pseudo-terminal, driven as a person would: it starts, steps,
quits with status 0 and leaves the terminal as it found it. Headless tests cannot see start-up
errors, terminal modes or what actually reaches the screen; this does."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

SCRIPT = str(Path(sys.executable).with_name("tui-backprop"))
"""The installed console script, next to this Python (CI's PATH may not hold the venv)."""
SGR = re.compile(rb"\x1b\[([0-9;]*)m")

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path(SCRIPT).exists(), reason="console script not installed")]


class Terminal:
    """A pty of 80x24 running one command; every byte it writes is kept in `output`."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], size: tuple[int, int] = (80, 24)) -> None:
        cols, rows = size
        self.master, self.slave = pty.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.modes_before = termios.tcgetattr(self.slave)
        self.process = subprocess.Popen(
            argv, stdin=self.slave, stdout=self.slave, stderr=self.slave, env=env,
            start_new_session=True, preexec_fn=_take_terminal,
        )
        self.output = bytearray()

    def read_for(self, quiet: float, timeout: float) -> None:
        """Read until `quiet` seconds pass without output (or `timeout` in all)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                return
            self.output += os.read(self.master, 1 << 16)

    def wait_for(self, text: bytes, timeout: float) -> bool:
        """Read until `text` has been written, the program ended, or `timeout` passed."""
        deadline = time.monotonic() + timeout
        while text not in self.output and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                self.output += os.read(self.master, 1 << 16)
            elif self.process.poll() is not None:
                break
        return text in self.output

    def press(self, keys: bytes) -> None:
        """Type the keys, one at a time, letting each redraw finish."""
        for key in keys:
            os.write(self.master, bytes([key]))
            self.read_for(0.1, 5)

    def finish(self, timeout: float = 15) -> int:
        """Wait for the program to end (killing it after `timeout`); its exit status."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self.read_for(0.05, 0.5)
        if self.process.poll() is None:
            self.process.kill()
            pytest.fail(f"did not exit within {timeout} s; last output: {self.tail()!r}")
        self.read_for(0.05, 1)
        return self.process.wait(5)

    def close(self) -> None:
        """Kill the program if it still runs and close the pty."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)
        os.close(self.master)
        os.close(self.slave)

    def tail(self) -> bytes:
        """The last bytes written: what the screen was showing, for failure messages."""
        return bytes(self.output[-600:])


def _take_terminal() -> None:
    # In the child, after setsid: make the pty its controlling terminal, as a login shell does.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def environment(**extra: str) -> dict[str, str]:
    """An SSH-like environment: TERM=xterm-256color, no COLORTERM, no Textual settings."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("TEXTUAL") and key not in ("COLORTERM", "NO_COLOR", "FORCE_COLOR")}
    return {**env, "TERM": "xterm-256color", **extra}


def run_session(*args: str, keys: bytes, **env: str) -> tuple[Terminal, int]:
    """Start the debugger, wait for its first screen, type `keys`, quit; the exit status."""
    terminal = Terminal([SCRIPT, *args], environment(**env))
    try:
        # The key bar (line 24) is the last thing the first screen paints.
        assert terminal.wait_for(b"\x1b[24;", 30), f"no first screen: {terminal.tail()!r}"
        terminal.read_for(0.3, 10)
        terminal.press(keys)
        os.write(terminal.master, b"q")
        status = terminal.finish()
        return terminal, status
    finally:
        terminal.close()


def test_console_script_steps_quits_and_restores_the_terminal() -> None:
    terminal = Terminal([SCRIPT, "--example", "seed"], environment())
    try:
        assert terminal.wait_for(b"\x1b[?1049h", 30), f"no alternate screen: {terminal.tail()!r}"
        assert terminal.wait_for(b"\x1b[24;", 30), f"no first screen: {terminal.tail()!r}"
        terminal.read_for(0.3, 10)
        assert b"0.425" not in terminal.output  # z2 is not known before its step
        terminal.press(b"nnn")
        # z1 = 1.100 after one step, z2 = 0.425 after three: computed values reached the screen.
        assert b"1.100" in terminal.output and b"0.425" in terminal.output, terminal.tail()
        os.write(terminal.master, b"q")
        status = terminal.finish()
        assert status == 0, terminal.tail()
        assert b"\x1b[?1049l" in terminal.output  # left the alternate screen
        assert terminal.output.rfind(b"\x1b[?1049l") > terminal.output.rfind(b"\x1b[?1049h")
        assert termios.tcgetattr(terminal.slave) == terminal.modes_before
        assert b"Traceback" not in terminal.output
        # The control for the NO_COLOR test below: with colour on, some colour is not grey.
        assert any(not is_grey(colour) for colour in colours_used(bytes(terminal.output)))
    finally:
        terminal.close()


def colours_used(output: bytes) -> set[str]:
    """Every colour an output's SGR sequences set, as 'rgb r g b', '256 n' or 'ansi n'."""
    found: set[str] = set()
    for match in SGR.finditer(output):
        codes = [int(code) if code else 0 for code in match.group(1).split(b";")]
        i = 0
        while i < len(codes):
            code = codes[i]
            if code in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 2:
                    found.add("rgb {} {} {}".format(*codes[i + 2:i + 5]))
                    i += 5
                    continue
                if codes[i + 1] == 5:
                    found.add(f"256 {codes[i + 2]}")
                    i += 3
                    continue
            if 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 97 or 100 <= code <= 107:
                found.add(f"ansi {code}")
            i += 1
    return found


def is_grey(colour: str) -> bool:
    """A colour with no hue: an RGB grey, or one of the 256-colour greys / black / white."""
    kind, *values = colour.split()
    if kind == "rgb":
        return len(set(values)) == 1
    if kind == "256":
        number = int(values[0])
        return number in (0, 7, 8, 15, 16, 231) or 232 <= number <= 255 or (
            16 <= number <= 231 and len({(number - 16) // 36, (number - 16) // 6 % 6, (number - 16) % 6}) == 1)
    return int(values[0]) % 10 in (0, 7)  # ANSI black and white


def test_no_color_leaves_only_greys_on_screen() -> None:
    terminal, status = run_session("--example", "mazur", "--theme", "backprop-dark", keys=b"ffnnn",
                                   NO_COLOR="1", COLORTERM="truecolor")
    assert status == 0, terminal.tail()
    colours = colours_used(bytes(terminal.output))
    assert colours, "no styled output at all"
    assert {colour for colour in colours if not is_grey(colour)} == set()


def test_no_color_with_the_ansi_theme_leaves_the_terminal_its_own_colours() -> None:
    """The ANSI theme is for bare terminals: under NO_COLOR it sends no colour at all, not
    even greys, and still shows every state by bold, underline and reverse video."""
    terminal, status = run_session("--example", "mazur", "--theme", "backprop-ansi", keys=b"ffnnn",
                                   NO_COLOR="1", COLORTERM="truecolor")
    assert status == 0, terminal.tail()
    output = bytes(terminal.output)
    assert colours_used(output) == set()
    attributes = {int(code) for match in SGR.finditer(output)
                  for code in match.group(1).split(b";") if code}
    assert {1, 4, 7} <= attributes  # bold, underline, reverse
