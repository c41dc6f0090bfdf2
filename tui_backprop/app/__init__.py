"""The Textual debugger app. `run` is its entry point (the CLI calls it)."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import Network, build_trace
from ..core.graph.spec import GraphSpec
from ..core.examples import example_names

if TYPE_CHECKING:
    from ..predict_log import PredictLog


def run(network: Network | GraphSpec, *, iterations: int = 1, theme: str | None = None,
        themes_dirs: Sequence[Path] = (), decimals: int = 3, autoplay: float | None = None,
        exit_at_end: bool = False, screenshot_dir: Path | None = None,
        predict: str | None = None, predict_log: PredictLog | None = None, source: str = "") -> int:
    """Open the debugger on `network` (or a computation graph) and return the exit code when the user quits.

    `autoplay` (steps a second, one of the screen's SPEEDS) starts playing at once;
    `exit_at_end` then quits after the last step; `screenshot_dir` is where `s` saves.
    `predict` (one of predict.MODES) starts in predict mode, answers appended to
    `predict_log` (closed at the end) under the model's name `source`.
    """
    # Nothing made before the app runs (Textual's modules, the trace, the app) is garbage:
    # collecting while it is made is wasted start-up time. Frozen afterwards, it is not
    # walked again by the collector's full passes, one of which fell in the first frame.
    gc.disable()
    try:
        from .app import BackpropApp

        app = BackpropApp(build_trace(network, iterations), theme=theme, themes_dirs=themes_dirs,
                          decimals=decimals, examples=example_names(), autoplay=autoplay,
                          exit_at_end=exit_at_end, screenshot_dir=screenshot_dir,
                          predict=predict, predict_log=predict_log, source=source)
    finally:
        gc.freeze()
        gc.enable()
    try:
        app.run()
    finally:
        if predict_log is not None:
            predict_log.close()
    return app.return_code or 0


__all__ = ["run"]
