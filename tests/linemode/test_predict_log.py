"""The predict log (one whole JSON line per answer, appended) and predict-report."""

from __future__ import annotations

import io
import json
import os
import stat

import pytest

from tui_backprop.cli import main
from tui_backprop.predict_log import FIELDS, PredictLog

SCRIPT = "n 5\nn\n0.791\nn\n-0.189\nn\n?\nn\n-0.189\nq\n"
"""dL/dy_pred sign flipped, dL/dz2 right, dL/dw2 revealed, dL/db2 right."""


def answer(monkeypatch, capsys, log, script: str = SCRIPT, *args: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(script))
    assert main(["step", *args, "--predict", "--predict-log", str(log)]) == 0
    return capsys.readouterr().out


def test_one_json_line_per_answer_appended(monkeypatch, capsys, tmp_path) -> None:
    log = tmp_path / "answers.jsonl"
    answer(monkeypatch, capsys, log)
    answer(monkeypatch, capsys, log, "n 9\nn\n0.741\n", "--example", "mazur")
    lines = log.read_text().splitlines(keepends=True)
    assert len(lines) == 4 and all(line.endswith("\n") for line in lines)
    records = [json.loads(line) for line in lines]
    assert all(tuple(record) == FIELDS for record in records)
    assert [(r["example"], r["step"], r["target"], r["answer"], r["right"], r["hint"]) for r in records] == [
        ("seed", 5, "dL/dy_pred", 0.791, False, "sign flipped"),
        ("seed", 6, "dL/dz2", -0.189, True, None),
        ("seed", 8, "dL/db2", -0.189, True, None),
        ("mazur", 9, "dL/dy_pred[1]", 0.741, True, None),
    ]
    assert records[0]["value"] == pytest.approx(-0.7906045) and records[0]["time"].endswith("+00:00")
    assert stat.S_IMODE(log.stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_bad_log_path_is_one_line_and_status_2(cli, tmp_path) -> None:
    result = cli("step", "--predict", "--predict-log", str(tmp_path / "no" / "such.jsonl"))
    assert result.status == 2 and result.err.count("\n") == 1
    assert "such.jsonl: cannot open the predict log" in result.err
    result = cli("step", "--predict", "--predict-log", str(tmp_path))
    assert result.status == 2 and "cannot open the predict log" in result.err


def test_a_fifo_nobody_reads_is_refused_not_waited_on(cli, tmp_path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = cli("step", "--predict", "--predict-log", str(fifo))
    assert result.status == 2 and "a FIFO nobody is reading" in result.err


def test_a_failed_write_stops_logging_with_one_line(tmp_path, monkeypatch) -> None:
    log = PredictLog(str(tmp_path / "log.jsonl"))
    monkeypatch.setattr(os, "write", lambda fd, data: len(data) // 2)
    assert not log.append({"x": 1}) and "only" in log.error
    assert not log.append({"x": 2})  # closed: nothing more is written after a short write


def test_report_per_target(monkeypatch, capsys, tmp_path, cli) -> None:
    log = tmp_path / "answers.jsonl"
    answer(monkeypatch, capsys, log)
    answer(monkeypatch, capsys, log, "n 5\nn\n0.791\nn\n-0.791\nq\n")
    with log.open("a") as handle:  # a crash's half line and lines that are no answers
        handle.write('["not", "an object"]\n{"example": "seed", "target": 3}\nnot json\n{"example": "se')
    result = cli("predict-report", str(log))
    assert result.status == 0 and result.err == ""
    assert result.out == (
        f"# Predictions in {log}\n\n"
        "5 answers, 2 right; 4 line(s) skipped (not an answer).\n\n"
        "## seed\n\n"
        "| target | answers | right | most common mistake |\n"
        "|---|---:|---:|---|\n"
        "| dL/dy_pred | 2 | 0 (0%) | sign flipped (2 of 2 wrong) |\n"
        "| dL/dz2 | 2 | 1 (50%) | local derivative left out (1 of 1 wrong) |\n"
        "| dL/db2 | 1 | 1 (100%) | none |\n"
    )


def test_report_of_an_empty_or_missing_log(cli, tmp_path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert cli("predict-report", str(empty)).out == f"# Predictions in {empty}\n\nNo answers yet.\n"
    result = cli("predict-report", str(tmp_path / "missing.jsonl"))
    assert result.status == 2 and "missing.jsonl: cannot read" in result.err and result.err.count("\n") == 1
    result = cli("predict-report", str(tmp_path))
    assert result.status == 2 and "cannot read" in result.err


def test_report_shows_hostile_text_safely(cli, tmp_path) -> None:
    log = tmp_path / "log.jsonl"
    record = {"time": "t", "example": "e\x1b[2J|x", "step": 0, "target": "a|b\u202e",
              "answer": 1, "value": 2, "right": False, "hint": "h\nx"}
    log.write_text(json.dumps(record) + "\n")
    out = cli("predict-report", str(log)).out
    assert "\x1b" not in out and "\u202e" not in out
    assert "| a\\|b\\u202e | 1 | 0 (0%) | h\\nx (1 of 1 wrong) |" in out
