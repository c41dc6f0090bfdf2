"""Speed of the debugger next to a bare Textual app (benchmarks/bare_app.py), in a real pty.

    python benchmarks/bench_app.py [--runs 5] [--presses 50] [--truecolor]

Both programs start the same way (`python FILE-or-module`, in a pseudo-terminal of 80x24
with TERM=xterm-256color and no COLORTERM, as over SSH), in the same run, interleaved so
that machine noise hits both alike. Figures:

- start-up: process start until the first screen is complete, that is the last byte written
  before the program falls quiet for 300 ms (Textual paints the first screen in a few
  writes: header, content, footer);
- key press: from writing `n` to the pty until the last byte of the redraw it causes
  (median and 90th percentile over the presses);
- bytes per step: bytes the redraw after one `n` writes to the terminal (median).

Both run with their bytecode cached, as an installed program does (pip compiles a wheel's
modules when it installs them, and Python caches them on the first run otherwise): the
script compiles ours and the bare app first and drops PYTHONDONTWRITEBYTECODE, which some
machines set and which would make ours compile ~50 modules at every start while Textual's
own modules load from their cache.

Targets (issue 3): start-up <= 1.5x bare, key press <= 3x bare, <= 4 KB per step.
It prints; it asserts nothing (timing belongs here, not in tests).
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
BARE = [sys.executable, str(HERE / "bare_app.py")]
APP = [sys.executable, "-m", "tui_backprop"]
STARTUP_QUIET = 0.3
"""Silence that ends the first screen (longer than any gap between its parts)."""
KEY_QUIET = 0.08
"""Silence that ends the redraw after a key press (several 60 fps frame periods)."""


class PtySession:
    """One program running in a pseudo-terminal, with every chunk it writes timed."""

    def __init__(self, argv: Sequence[str], size: tuple[int, int], env: dict[str, str]) -> None:
        cols, rows = size
        self.master, self.slave = pty.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv, stdin=self.slave, stdout=self.slave, stderr=self.slave, env=env,
            start_new_session=True, preexec_fn=_take_terminal, cwd=HERE.parent,
        )
        self.output = bytearray()

    def settle(self, quiet: float, timeout: float) -> tuple[float | None, int]:
        """Read until `quiet` seconds pass with no output: (time of the last chunk, bytes)."""
        last, total = None, 0
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                if last is not None:
                    break
                if self.process.poll() is not None:
                    break
                continue
            chunk = os.read(self.master, 1 << 16)
            last = time.perf_counter()
            total += len(chunk)
            self.output += chunk
        return last, total

    def press(self, key: bytes) -> tuple[float | None, int]:
        """Seconds from the key to the end of its redraw (None: nothing redrawn), and bytes."""
        sent = time.perf_counter()
        os.write(self.master, key)
        last, total = self.settle(KEY_QUIET, 2.0)
        return (None if last is None else last - sent), total

    def close(self) -> int | None:
        """Quit with `q` (kill after 5 s); the exit status."""
        try:
            os.write(self.master, b"q")
            deadline = time.perf_counter() + 5
            while self.process.poll() is None and time.perf_counter() < deadline:
                self.settle(0.05, 0.2)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait(5)
            os.close(self.master)
            os.close(self.slave)
        return self.process.returncode


def _take_terminal() -> None:
    # In the child, after setsid: make the pty its controlling terminal, as a login shell would.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def environment(truecolor: bool, config_home: str) -> dict[str, str]:
    """The SSH-like environment both programs run in."""
    dropped = ("NO_COLOR", "COLORTERM", "FORCE_COLOR", "PYTHONDONTWRITEBYTECODE")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("TEXTUAL") and key not in dropped}
    env.update(TERM="xterm-256color", XDG_CONFIG_HOME=config_home, PYTHONPATH=str(HERE.parent))
    if truecolor:
        env["COLORTERM"] = "truecolor"
    return env


def startup(argv: Sequence[str], env: dict[str, str]) -> float:
    """Seconds from process start to the first complete screen."""
    session = PtySession(argv, (80, 24), env)
    last, total = session.settle(STARTUP_QUIET, 20)
    status = session.close()
    if last is None or status != 0:
        raise RuntimeError(f"{' '.join(argv)}: no screen (exit {status}): {bytes(session.output[-300:])!r}")
    return last - session.started


def presses(argv: Sequence[str], env: dict[str, str], count: int,
            size: tuple[int, int] = (80, 24)) -> tuple[list[float], list[int], int]:
    """Latencies and bytes of `count` presses of `n` (and how many drew nothing)."""
    session = PtySession(argv, size, env)
    session.settle(STARTUP_QUIET, 20)
    latencies, sizes, silent = [], [], 0
    try:
        for _ in range(count):
            latency, total = session.press(b"n")
            if latency is None:
                silent += 1
            else:
                latencies.append(latency)
                sizes.append(total)
    finally:
        session.close()
    return latencies, sizes, silent


def median_ms(values: Sequence[float]) -> str:
    """Median in milliseconds."""
    return f"{statistics.median(values) * 1000:7.1f}" if values else "    n/a"


def p90_ms(values: Sequence[float]) -> str:
    """90th percentile in milliseconds."""
    if len(values) < 2:
        return "    n/a"
    return f"{statistics.quantiles(values, n=10)[-1] * 1000:7.1f}"


def main() -> None:
    """Run every measurement and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="start-ups of each program (default 5)")
    parser.add_argument("--presses", type=int, default=50, help="key presses per program (default 50)")
    parser.add_argument("--truecolor", action="store_true", help="COLORTERM=truecolor (default: 256 colours)")
    options = parser.parse_args()
    for folder in (HERE.parent / "tui_backprop", HERE):  # as installed: bytecode cached
        compileall.compile_dir(folder, quiet=1)
    programs = {
        "bare": BARE,
        # Three iterations, so 50 presses of `n` never reach the end of the seed's trace.
        "seed": [*APP, "--example", "seed", "--iterations", "3"],
        "mnist-mlp": [*APP, "--example", "mnist-mlp"],
    }
    with tempfile.TemporaryDirectory() as config_home:
        env = environment(options.truecolor, config_home)
        starts: dict[str, list[float]] = {name: [] for name in programs}
        for _ in range(options.runs):  # interleaved, so noise hits every program alike
            for name, argv in programs.items():
                starts[name].append(startup(argv, env))
        keys = {name: presses(argv, env, options.presses) for name, argv in programs.items()}

    colours = "truecolor" if options.truecolor else "256 colours"
    print(f"80x24, TERM=xterm-256color ({colours}), {options.runs} start-ups, "
          f"{options.presses} presses of n; times in ms")
    print_table(programs, starts, keys, "bare", 10)
    print("targets: start-up <= 1.50x bare, key press <= 3.00x bare, bytes/step <= 4096")


def print_table(programs, starts: dict, keys: dict, reference: str, width: int) -> None:
    """One row a program: start-up (and its ratio to `reference`'s), key press median and
    90th percentile (and the median's ratio to the bare app's), bytes a step, silent keys."""
    print(f"{'program':<{width}} {'start-up':>8} {'x ' + reference[:4]:>6}   {'key med':>7} "
          f"{'key p90':>7} {'x bare':>6}   {'bytes/step':>10}  {'no redraw':>9}")
    ref_start = statistics.median(starts[reference])
    bare_key = statistics.median(keys["bare"][0]) if keys["bare"][0] else float("nan")
    for name in programs:
        latencies, sizes, silent = keys[name]
        start = statistics.median(starts[name])
        key_ratio = statistics.median(latencies) / bare_key if latencies else float("nan")
        size = f"{statistics.median(sizes):10.0f}" if sizes else "       n/a"
        print(f"{name:<{width}} {start * 1000:8.1f} {start / ref_start:6.2f}   {median_ms(latencies)} "
              f"{p90_ms(latencies)} {key_ratio:6.2f}   {size}  {silent:9d}")


if __name__ == "__main__":
    main()
