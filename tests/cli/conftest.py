"""Fixtures for command-line tests: run `main()` in-process and capture what it prints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import sys
from pathlib import Path

import pytest

from tui_backprop.cli import main

SCRIPT = str(Path(sys.executable).with_name("tui-backprop"))
"""The installed console script, next to this Python (CI's PATH may not hold the venv)."""
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED_SUMMARY = SHARED / "seed" / "expected_summary.txt"


@dataclass
class Result:
    """Exit status and the captured streams of one command."""

    status: int
    out: str
    err: str


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


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run `tui-backprop ARGS...` in-process."""
    def run(*args: str) -> Result:
        status = main(list(args))
        captured = capsys.readouterr()
        return Result(status, captured.out, captured.err)
    return run
