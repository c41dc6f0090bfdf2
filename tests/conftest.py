"""Fixtures for every test: keep the machine's own settings out of the results.

A developer's own theme folder (~/.config/tui-backprop/themes) or colour settings must not
change what the tests see, so each test gets an empty config home and no colour overrides.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty XDG config home (platformdirs reads it on Linux), and no colour overrides."""
    home = tmp_path_factory.mktemp("config-home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    for name in ("NO_COLOR", "FORCE_COLOR", "TEXTUAL_COLOR_SYSTEM", "TEXTUAL_THEME"):
        monkeypatch.delenv(name, raising=False)
    return home
