"""Fixtures for the app's Pilot tests (blink, animations and example traces: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest


@pytest.fixture(autouse=True)
def screenshots_in_tmp(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The s key (pressed by the fuzz test too) saves into a temporary folder, not the repo."""
    from tui_backprop.app import exports

    monkeypatch.setattr(exports, "output_folder", lambda configured: tmp_path)


def _cells(text: str) -> dict[str, str]:
    """A panel's plain text as {name: shown value}; notes ("… 3 more") are left out."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        name, _, value = line.strip().partition(" ")
        if name and not name.startswith(("…", "▲", "▼", "updates:")):
            found[name] = value.strip()
    return found


@pytest.fixture
def cells() -> Callable[[str], dict[str, str]]:
    """cells(text): a panel's text as {name: shown value}."""
    return _cells
