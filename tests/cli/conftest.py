"""Fixtures for command-line tests: the console script and the seed's files (`cli` is in
tests/conftest.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

SCRIPT = str(Path(sys.executable).with_name("tui-backprop"))
"""The installed console script, next to this Python (CI's PATH may not hold the venv)."""
SEED_SUMMARY = Path(__file__).resolve().parents[1] / "data" / "seed" / "expected_summary.txt"
"""A copy of the seed's printed output, kept in the repository (a lone clone must pass)."""


@pytest.fixture
def script() -> str:
    """Path of the installed `tui-backprop` console script."""
    return SCRIPT


@pytest.fixture
def seed_summary() -> bytes:
    """The seed notebook's printed output: our first acceptance test, byte for byte."""
    return SEED_SUMMARY.read_bytes()


@pytest.fixture
def seed_toml() -> Path:
    """The seed's network as a config file."""
    return SEED_SUMMARY.parent / "seed.toml"
