"""`tui-backprop step` as a real process: from a pipe (exit 0 at the end of input, 2 for bad
arguments), without Textual, and in a real pseudo-terminal."""

from __future__ import annotations

import os
import subprocess
import sys
import termios
from pathlib import Path

import pytest

SCRIPT = str(Path(sys.executable).with_name("tui-backprop"))
pytestmark = pytest.mark.skipif(not Path(SCRIPT).exists(), reason="console script not installed")


def step(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([SCRIPT, "step", *args], input=stdin, capture_output=True, timeout=60)


@pytest.mark.slow
def test_printf_into_step() -> None:
    result = step(stdin=b"n 5\nwhere\nq\n")
    assert result.returncode == 0 and result.stderr == b""
    lines = result.stdout.decode().splitlines()
    assert lines[1] == "(backprop) [1/17 forward] z1 = w1·x + b1 = 0.500 × 2.000 + 0.100 = 1.100"
    assert lines[5] == "[5/17 loss] loss = (y - y_pred)² = (1.000 - 0.605)² = 0.156"
    assert lines[6] == "(backprop) step 5 of 17: loss phase, iteration 1 of 1"
    assert lines[7] == "(backprop) "


@pytest.mark.slow
def test_end_of_input_bad_bytes_and_unknown_commands_never_exit_early() -> None:
    result = step("--example", "mazur", stdin=b"bogus\n\xff\xfe\nn\n")
    assert result.returncode == 0 and result.stderr == b""
    out = result.stdout.decode()
    assert out.count("*** unknown command") == 2  # bogus, and the bytes that are not UTF-8
    assert out.endswith("[1/43 forward] z1[1] = w1[1,1]·x[1] + w1[1,2]·x[2] + b1[1] = "
                        "0.150 × 0.050 + 0.200 × 0.100 + 0.350 = 0.378\n(backprop) \n")


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ("--example", "nope"), ("--predict", "sideways"), ("--predict-log", "x.jsonl"),
    ("--decimals", "99"), ("--config", "/no/such/file.toml"),
])
def test_bad_arguments_are_one_line_and_status_2(args) -> None:
    result = step(*args, stdin=b"n\n")
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.count(b"\n") == 1 and result.stderr.startswith(b"tui-backprop: ")


@pytest.mark.slow
def test_line_mode_does_not_import_textual() -> None:
    code = ("import io, sys; sys.stdin = io.StringIO('n\\nlist\\nb z1\\nc\\n'); "
            "from tui_backprop.cli import main; main(['step', '--predict']); "
            "assert not [m for m in sys.modules if m.startswith(('textual', 'rich'))], 'imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode()


@pytest.mark.slow
def test_step_in_a_real_terminal() -> None:
    from tests.app.test_pty import Terminal, environment

    terminal = Terminal([SCRIPT, "step", "--example", "mazur", "--predict"], environment())
    try:
        assert terminal.wait_for(b"(backprop) ", 30), terminal.tail()
        os.write(terminal.master, b"n 9\n")
        assert terminal.wait_for(b"[9/43 loss]", 30), terminal.tail()
        os.write(terminal.master, b"n\n")
        assert terminal.wait_for(b"dL/dy_pred[1] = ? ", 30), terminal.tail()
        os.write(terminal.master, b"0.741\n")
        assert terminal.wait_for(b"right: 0.741; 1 of 1 right", 30), terminal.tail()
        os.write(terminal.master, b"q\n")
        assert terminal.finish() == 0, terminal.tail()
        output = bytes(terminal.output)
        assert b"\x1b" not in output  # plain text: no colour, no cursor movement
        assert b"predicted 1 of 1 right" in output
        assert termios.tcgetattr(terminal.slave) == terminal.modes_before
    finally:
        terminal.close()
