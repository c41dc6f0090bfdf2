"""The progress bar (only on a terminal, only after a moment) and a clean asciinema-style run:
the real console script in a pseudo-terminal autoplays to the end and exits by itself."""

from __future__ import annotations

import importlib.abc
import io
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui_backprop.record import progress
from tui_backprop.record.progress import Progress

SCRIPT = str(Path(sys.executable).with_name("tui-backprop"))


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_on_a_terminal_after_a_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = FakeTerminal()
    monkeypatch.setattr(progress, "DELAY", 0.0)
    bar = Progress("Rendering GIF", 4, stream)
    bar.advance()
    bar.advance()
    assert stream.getvalue().endswith("Rendering GIF " + "█" * 15 + "░" * 15 + " 2/4")
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[2K")


def test_progress_is_silent_off_a_terminal_and_for_quick_work() -> None:
    piped = io.StringIO()
    bar = Progress("Recording", 3, piped)
    for _ in range(3):
        bar.advance()
    bar.close()
    assert piped.getvalue() == ""
    quick = FakeTerminal()
    bar = Progress("Recording", 3, quick)  # DELAY not reached
    bar.advance()
    bar.close()
    assert quick.getvalue() == ""


class _FailingImport(importlib.abc.MetaPathFinder):
    """Imports of cairosvg/cairocffi fail with `error`, as on a machine without them."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def find_spec(self, name: str, path=None, target=None):
        if name.partition(".")[0] in ("cairosvg", "cairocffi"):
            raise self.error
        return None


@pytest.mark.parametrize("error,needle", [
    # No Python packages: the extra is what to install.
    (ModuleNotFoundError("No module named 'cairosvg'"), "pip install 'tui-backprop[record]'"),
    # The packages but no libcairo: cairocffi's import raises OSError; pip would not help.
    (OSError('no library called "cairo-2" was found\ncannot load library \'libcairo.so.2\''),
     "the GIF needs the system's cairo library: apt install libcairo2"),
])
def test_gif_without_its_libraries_says_what_to_install(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         error: Exception, needle: str) -> None:
    for name in list(sys.modules):
        if name.partition(".")[0] in ("cairosvg", "cairocffi"):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_FailingImport(error), *sys.meta_path])
    result = cli("record", "--out", str(tmp_path / "x"), "--gif")
    assert result.status == 2 and needle in result.err
    assert result.err.count("\n") == 1 and not (tmp_path / "x").exists()


@pytest.mark.slow
@pytest.mark.skipif(not Path(SCRIPT).exists(), reason="console script not installed")
def test_autoplay_exit_at_end_in_a_terminal() -> None:
    master, slave = pty.openpty()
    env = {key: value for key, value in os.environ.items() if not key.startswith("TEXTUAL")}
    process = subprocess.Popen([SCRIPT, "--example", "seed", "--autoplay", "8", "--exit-at-end"],
                               stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
                               env={**env, "TERM": "xterm-256color"})
    os.close(slave)
    output = bytearray()
    deadline = time.monotonic() + 30
    try:
        while process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    output += os.read(master, 1 << 16)
                except OSError:
                    break
        status = process.wait(5)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(5)
        os.close(master)
    assert status == 0
    text = output.decode("utf-8", "replace")
    assert "step 17 of 17" in text.replace("\xa0", " ")
    assert b"\x1b[?1049l" in output  # left the alternate screen: the shell prompt is back
