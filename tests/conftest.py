"""Fixtures for every test: keep the machine's own settings out of the results, and the
helpers several test folders share (running the CLI in-process, example traces).

A developer's own theme folder (~/.config/tui-backprop/themes) or colour settings must not
change what the tests see, so each test gets an empty config home and no colour overrides.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import tui_backprop as tb
from tui_backprop.cli import main
from tui_backprop.core import Trace


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty XDG config home (platformdirs reads it on Linux), and no colour overrides."""
    home = tmp_path_factory.mktemp("config-home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    for name in ("NO_COLOR", "FORCE_COLOR", "TEXTUAL_COLOR_SYSTEM", "TEXTUAL_THEME"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(autouse=True)
def quiet_textual(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursor blink and animations off: what a test sees does not depend on timing."""
    from textual.widgets import Input

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


def _trace_of(name: str, iterations: int = 1) -> Trace:
    """The trace of a built-in example (built once per test session; traces never change)."""
    key = f"{name}/{iterations}"
    if key not in _TRACES:
        _TRACES[key] = tb.build_trace(tb.example(name), iterations)
    return _TRACES[key]


@pytest.fixture
def trace_of() -> Callable[..., Trace]:
    """trace_of(name, iterations=1): a built-in example's trace, shared across tests."""
    return _trace_of


CHARACTERS = {"space": " ", "question_mark": "?", "plus": "+", "minus": "-", "escape": "\x1b",
              "enter": "\r", "tab": "\t", "backspace": "\x7f", "full_stop": "."}
"""The character a terminal sends for the named keys that have one."""


def _burst(app, *keys: str) -> None:
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))


@pytest.fixture
def burst() -> Callable[..., None]:
    """burst(app, *keys): post keys as a terminal's input does, with no pause between them,
    so all of them queue before the first is handled (`pilot.press` waits after each)."""
    return _burst


async def _wait_for(pilot, predicate: Callable[[], object], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:g} s for {what}; it did not happen")
        await pilot.pause(0.01)


@pytest.fixture
def wait_for() -> Callable[..., Awaitable[None]]:
    """await wait_for(pilot, predicate, what, timeout=10): let the app run until
    `predicate()` holds, failing with a message naming `what` after `timeout` seconds.

    Waiting for the condition, not for a fixed time, keeps a test right on a busy machine
    (where 0.3 s may not be enough) and quick on an idle one."""
    return _wait_for


def _top_hit(app) -> str | None:
    """The text of the command palette's first hit, or None (no palette, or no hits yet)."""
    from textual.command import CommandList, CommandPalette

    if not isinstance(app.screen, CommandPalette):
        return None
    hits = app.screen.query_one(CommandList)
    return str(hits.get_option_at_index(0).hit.text) if hits.option_count else None


async def _choose_in_palette(pilot, query: str, label: str, timeout: float = 10.0) -> None:
    from textual.command import CommandPalette

    await pilot.press("ctrl+p", *query)
    await _wait_for(pilot, lambda: label in (_top_hit(pilot.app) or ""),
                    f"the palette's first hit for {query!r} to be {label!r}", timeout)
    await pilot.press("enter")
    await _wait_for(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette),
                    f"the palette to close on {label!r}", timeout)
    await pilot.pause()  # the command runs once the palette has gone


@pytest.fixture
def choose_in_palette() -> Callable[..., Awaitable[None]]:
    """await choose_in_palette(pilot, query, label): open the command palette, type `query`,
    wait for a first hit holding `label` (hits come in as they are found), choose it with
    Enter and wait for the palette to close. A command's own effect may still be pending:
    wait for it with wait_for."""
    return _choose_in_palette
