"""The Textual debugger app. `run` is its entry point (the CLI calls it)."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import ConfigError, Network, Trace, build_trace
from ..core.breakpoints import Breakpoint
from ..core.breakpoints.watch import WatchError, find_watch
from ..core.graph.spec import GraphSpec
from ..core.examples import example_names

if TYPE_CHECKING:  # a network's start-up does not import the graph trace
    from ..core.graph.trace import GraphTrace
    from ..predict_log import PredictLog


def run(network: Network | GraphSpec, *, iterations: int = 1, theme: str | None = None,
        themes_dirs: Sequence[Path] = (), decimals: int = 3, autoplay: float | None = None,
        exit_at_end: bool = False, screenshot_dir: Path | None = None,
        breakpoints: Sequence[Breakpoint] = (), watches: Sequence[str] = (),
        predict: str | None = None, predict_log: PredictLog | None = None, source: str = "") -> int:
    """Open the debugger on `network` (or a computation graph) and return the exit code when the user quits.

    `autoplay` (steps a second, one of the screen's SPEEDS) starts playing at once;
    `exit_at_end` then quits after the last step; `screenshot_dir` is where `s` saves;
    `breakpoints` (parsed `--break`s) and `watches` (`--watch` names, each checked against
    the trace: ConfigError if no step writes one) are set from the start. `predict` (one of
    predict.MODES) starts in predict mode, answers appended to `predict_log` (closed at the
    end) under the model's name `source`.
    """
    gc.disable()  # see run_trace, which enables it again once the app is made
    try:
        trace = build_trace(network, iterations)
        for name in watches:
            try:
                find_watch(trace, name)
            except WatchError as error:
                raise ConfigError(f"--watch {name!r}: {error}") from None
    except BaseException:
        gc.enable()
        if predict_log is not None:
            predict_log.close()
        raise
    return run_trace(trace, theme=theme, themes_dirs=themes_dirs, decimals=decimals,
                     autoplay=autoplay, exit_at_end=exit_at_end, screenshot_dir=screenshot_dir,
                     breakpoints=breakpoints, watches=watches, predict=predict,
                     predict_log=predict_log, source=source)


def run_trace(trace: Trace | GraphTrace, *, theme: str | None = None,
              themes_dirs: Sequence[Path] = (), decimals: int = 3,
              autoplay: float | None = None, exit_at_end: bool = False,
              screenshot_dir: Path | None = None,
              examples: Sequence[str] | None = None,
              breakpoints: Sequence[Breakpoint] = (), watches: Sequence[str] = (),
              predict: str | None = None, predict_log: PredictLog | None = None,
              source: str = "") -> int:
    """Open the debugger on a prebuilt trace (a network's or a graph's); the exit code on quit.

    `examples` are the built-in examples the palette offers (default: all of them).
    """
    # Nothing made before the app runs (Textual's modules, the trace, the app) is garbage:
    # collecting while it is made is wasted start-up time. Frozen afterwards, it is not
    # walked again by the collector's full passes, one of which fell in the first frame.
    gc.disable()
    try:
        from .app import BackpropApp

        app = BackpropApp(trace, theme=theme, themes_dirs=themes_dirs, decimals=decimals,
                          examples=example_names() if examples is None else examples,
                          autoplay=autoplay, exit_at_end=exit_at_end,
                          screenshot_dir=screenshot_dir, breakpoints=breakpoints,
                          watches=watches, predict=predict, predict_log=predict_log,
                          source=source)
    finally:
        gc.freeze()
        gc.enable()
    try:
        app.run()
    finally:
        if predict_log is not None:
            predict_log.close()
    return app.return_code or 0


__all__ = ["run", "run_trace"]
