"""`tui-backprop --predict [MODE] --predict-log FILE`: the options reach the debugger, bad ones
are one line and status 2 before it opens, and predicting works in a real terminal."""

from __future__ import annotations

import json
import os
import termios

import pytest

import tui_backprop.app as app_package


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """What the debugger would have been opened with (it is not opened)."""
    seen: dict[str, object] = {}

    def run(network, **options):
        seen.update(options, network=network)
        return 0
    monkeypatch.setattr(app_package, "run", run)
    return seen


@pytest.mark.parametrize(("args", "mode"), [
    ((), None), (("--predict",), "backward"), (("--predict", "update"), "update"),
    (("--predict", "all", "--example", "mazur"), "all"),
])
def test_predict_mode_reaches_the_debugger(cli, opened, args, mode) -> None:
    assert cli(*args).status == 0
    assert opened["predict"] == mode and opened["predict_log"] is None


def test_the_log_is_opened_at_start_and_named_after_the_model(cli, opened, tmp_path) -> None:
    path = tmp_path / "answers.jsonl"
    assert cli("--example", "mazur", "--predict", "--predict-log", str(path)).status == 0
    assert opened["source"] == "mazur" and opened["predict_log"].path == str(path)
    assert path.exists()  # created at start: a bad path fails before the debugger opens


@pytest.mark.parametrize("args", [
    ("--predict", "sideways"), ("--predict-log", "x.jsonl"),
    ("--predict", "--predict-log", "/no/such/folder/answers.jsonl"),
])
def test_bad_predict_options_are_one_line_and_status_2(cli, opened, args) -> None:
    result = cli(*args)
    assert result.status == 2 and result.out == "" and not opened
    assert result.err.count("\n") == 1 and result.err.startswith("tui-backprop: ")


@pytest.mark.slow
def test_predicting_in_a_real_terminal(tmp_path) -> None:
    from test_pty import SCRIPT, Terminal, environment

    log = tmp_path / "answers.jsonl"
    terminal = Terminal([SCRIPT, "--predict", "--predict-log", str(log)], environment())
    try:
        assert terminal.wait_for(b"\x1b[24;", 30), f"no first screen: {terminal.tail()!r}"
        terminal.read_for(0.3, 10)
        terminal.press(b"nnnnnn")
        assert terminal.wait_for(b"dL/dy_pred = ?", 30), terminal.tail()
        terminal.press(b"q0.791\r")  # q is part of the answer: not a number, said so
        assert terminal.wait_for(b"not a number", 30), terminal.tail()
        terminal.press(b"\x7f" * 6 + b"0.791\r")
        assert terminal.wait_for(b"sign flipped", 30), terminal.tail()
        assert terminal.wait_for(b"predicted 0 of 1 right", 30), terminal.tail()
        os.write(terminal.master, b"q")
        assert terminal.finish() == 0, terminal.tail()
        assert b"Traceback" not in terminal.output
        assert termios.tcgetattr(terminal.slave) == terminal.modes_before
    finally:
        terminal.close()
    [line] = [json.loads(text) for text in log.read_text(encoding="ascii").splitlines()]
    assert (line["target"], line["answer"], line["right"], line["hint"]) == (
        "dL/dy_pred", 0.791, False, "sign flipped")
