"""Fixtures for the teaching features: recordings, exports, serving."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from textual.widgets import Input

import tui_backprop as tb
from tui_backprop.cli import main
from tui_backprop.core import Trace


@pytest.fixture(autouse=True)
def quiet_textual(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursor blink and animations off: what a test sees does not depend on timing."""
    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@dataclass
class Result:
    """Exit status and the captured streams of one command."""

    status: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run `tui-backprop ARGS...` in-process."""
    def run(*args: str) -> Result:
        status = main(list(args))
        captured = capsys.readouterr()
        return Result(status, captured.out, captured.err)
    return run


_TRACES: dict[str, Trace] = {}


@pytest.fixture
def trace_of() -> Callable[[str], Trace]:
    """trace_of(name): a built-in example's trace, built once per session."""
    def get(name: str) -> Trace:
        if name not in _TRACES:
            _TRACES[name] = tb.build_trace(tb.example(name))
        return _TRACES[name]
    return get
