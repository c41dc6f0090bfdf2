"""Fixtures for the app's Pilot tests: no cursor blink or animations, so runs are repeatable."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Input

import tui_backprop as tb
from tui_backprop.core import Trace


@pytest.fixture(autouse=True)
def quiet_textual(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursor blink and animations off: what a test sees does not depend on timing."""
    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(autouse=True)
def screenshots_in_tmp(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The s key (pressed by the fuzz test too) saves into a temporary folder, not the repo."""
    from tui_backprop.app import exports

    monkeypatch.setattr(exports, "output_folder", lambda configured: tmp_path)


_TRACES: dict[str, Trace] = {}


def _trace_of(name: str, iterations: int = 1) -> Trace:
    """The trace of a built-in example (built once per test session; traces never change)."""
    key = f"{name}/{iterations}"
    if key not in _TRACES:
        _TRACES[key] = tb.build_trace(tb.example(name), iterations)
    return _TRACES[key]


def _cells(text: str) -> dict[str, str]:
    """A panel's plain text as {name: shown value}; notes ("… 3 more") are left out."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        name, _, value = line.strip().partition(" ")
        if name and not name.startswith(("…", "▲", "▼", "updates:")):
            found[name] = value.strip()
    return found


@pytest.fixture
def trace_of() -> Callable[..., Trace]:
    """trace_of(name, iterations=1): a built-in example's trace, shared across tests."""
    return _trace_of


@pytest.fixture
def cells() -> Callable[[str], dict[str, str]]:
    """cells(text): a panel's text as {name: shown value}."""
    return _cells
