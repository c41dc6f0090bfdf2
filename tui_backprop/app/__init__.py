"""The Textual debugger app. `run` is its entry point (the CLI calls it)."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path

from ..core import ConfigError, Network, build_trace
from ..core.breakpoints import Breakpoint
from ..core.breakpoints.watch import WatchError, find_watch
from ..core.graph.spec import GraphSpec
from ..core.examples import example_names


def run(network: Network | GraphSpec, *, iterations: int = 1, theme: str | None = None,
        themes_dirs: Sequence[Path] = (), decimals: int = 3, autoplay: float | None = None,
        exit_at_end: bool = False, screenshot_dir: Path | None = None,
        breakpoints: Sequence[Breakpoint] = (), watches: Sequence[str] = ()) -> int:
    """Open the debugger on `network` (or a computation graph) and return the exit code when the user quits.

    `autoplay` (steps a second, one of the screen's SPEEDS) starts playing at once;
    `exit_at_end` then quits after the last step; `screenshot_dir` is where `s` saves;
    `breakpoints` (parsed `--break`s) and `watches` (`--watch` names, each checked against
    the trace: ConfigError if no step writes one) are set from the start.
    """
    # Nothing made before the app runs (Textual's modules, the trace, the app) is garbage:
    # collecting while it is made is wasted start-up time. Frozen afterwards, it is not
    # walked again by the collector's full passes, one of which fell in the first frame.
    gc.disable()
    try:
        from .app import BackpropApp

        trace = build_trace(network, iterations)
        for name in watches:
            try:
                find_watch(trace, name)
            except WatchError as error:
                raise ConfigError(f"--watch {name!r}: {error}") from None
        app = BackpropApp(trace, theme=theme, themes_dirs=themes_dirs,
                          decimals=decimals, examples=example_names(), autoplay=autoplay,
                          exit_at_end=exit_at_end, screenshot_dir=screenshot_dir,
                          breakpoints=breakpoints, watches=watches)
    finally:
        gc.freeze()
        gc.enable()
    app.run()
    return app.return_code or 0


__all__ = ["run"]
