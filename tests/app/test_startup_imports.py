"""What opening the debugger imports: nothing a first screen does not need (start-up time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

OPEN_THE_DEBUGGER = """
import asyncio, sys
import tui_backprop.cli
from tui_backprop.app.app import BackpropApp
from tui_backprop.core import build_trace, example

async def main():
    app = BackpropApp(build_trace(example("seed")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        print(",".join(sorted(m for m in sys.modules if m.startswith(LATER))))
        await pilot.press("x")  # the gradient check panel, built on first open
        print(",".join(sorted(m for m in sys.modules if m.startswith(LATER))))

LATER = ("tui_backprop.export", "tui_backprop.app.widgets.edit_panel",
         "tui_backprop.app.widgets.training_panel", "tui_backprop.app.widgets.gradcheck_panel",
         "tui_backprop.app.screens.edit", "tui_backprop.app.edit_diff", "tui_backprop.core.gradcheck",
         "tui_backprop.app.widgets.predict_bar", "tui_backprop.predict_log", "tui_backprop.predict_mistakes")
asyncio.run(main())
"""


def test_the_first_screen_loads_no_drawer_panel_and_no_export_module() -> None:
    done = subprocess.run([sys.executable, "-c", OPEN_THE_DEBUGGER], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    at_start, after_x = done.stdout.split("\n")[:2]
    assert at_start == ""
    assert "tui_backprop.app.widgets.gradcheck_panel" in after_x.split(",")
