"""The core and the Python API work without Textual or Rich (CONTRACT §4)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

USE_THE_API = """
import sys
import tui_backprop as tb
trace = tb.build_trace(tb.example("seed"))
assert trace[6].explain() == "dL/dz2 = dL/dy_pred · y_pred(1 - y_pred) = (-0.791) × 0.239 = -0.189"
trace.state(len(trace)).values([0, 1, 2])
import pkgutil, importlib, tui_backprop.core
for info in pkgutil.walk_packages(tui_backprop.core.__path__, "tui_backprop.core."):
    importlib.import_module(info.name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich") or m.startswith("tui_backprop.app"))
print(",".join(loaded))
"""


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_the_api_leaves_textual_and_rich_unimported() -> None:
    done = run(USE_THE_API)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"imported: {done.stdout.strip()}"


def test_the_api_works_with_textual_and_rich_missing() -> None:
    """As on a machine without them: any import of textual or rich fails."""
    block = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("textual", "rich"):
            raise ImportError(f"blocked: {name}")
        return None
sys.meta_path.insert(0, Block())
"""
    done = run(block + USE_THE_API)
    assert done.returncode == 0, done.stderr


def test_import_linter_contract_forbids_the_ui_in_the_core() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contracts = [c for c in config["contracts"] if c["type"] == "forbidden"]
    assert any("tui_backprop.core" in c["source_modules"]
               and {"textual", "rich", "tui_backprop.app"} <= set(c["forbidden_modules"]) for c in contracts)


def test_import_linter_contracts_are_kept() -> None:
    command = str(LINT_IMPORTS) if LINT_IMPORTS.exists() else shutil.which("lint-imports")
    if command is None:
        pytest.skip("lint-imports (import-linter) is not installed")
    done = subprocess.run([command, "--no-cache"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout
