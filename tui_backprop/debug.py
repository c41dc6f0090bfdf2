"""`tb.debug(...)`: open the step-through debugger on a graph built in Python, from a script.

Textual is imported only when the debugger opens, so `import tui_backprop` stays light.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .core import Trace
    from .core.graph.trace import GraphTrace

NO_TERMINAL = ("tb.debug needs a terminal: run the script in one, "
               "or use tb.graph_trace(...) to read the steps")


class NotATerminalError(RuntimeError):
    """`tb.debug` was called where there is no terminal to draw in (a pipe, a notebook, CI)."""


def debug(root_or_trace: Any, learning_rate: float | None = None,
          parameters: Any = None, iterations: int | None = None, *,
          theme: str | None = None, themes_dirs: Any = (), decimals: int = 3,
          autoplay: float | None = None, exit_at_end: bool = False,
          screenshot_dir: str | Path | None = None) -> None:
    """Step through `root_or_trace` in the debugger; return when the user quits (q).

    It takes a trace (`tb.graph_trace(L)`, `tb.build_trace(...)`), a graph or network spec,
    or the root of a graph built in Python (a micrograd-style `Value`: anything without a
    `spec`), which is traced with `tb.graph_trace(root, learning_rate, parameters)`.
    `iterations` repeats training that many times (default: a trace's own, else 1). The
    other options are the command line's: `theme`, `themes_dirs`, `decimals`, `autoplay`
    (steps a second), `exit_at_end`, `screenshot_dir`.

    Raises `NotATerminalError` when stdin or stdout is not a terminal.
    """
    # Nothing made from here until the app runs (the trace, the app's modules, the app) is
    # garbage: the collector stays off until run_trace has made the app, then freezes it
    # all, so that no full collection walks tens of thousands of graph nodes at start-up.
    collecting = gc.isenabled()
    gc.disable()
    try:
        trace = _trace_of(root_or_trace, learning_rate, parameters, iterations)
        if not (_is_terminal(sys.stdin) and _is_terminal(sys.stdout)):
            raise NotATerminalError(NO_TERMINAL)
        from .app import run_trace  # Textual, only now
    except BaseException:
        if collecting:
            gc.enable()
        raise
    run_trace(trace, theme=theme, themes_dirs=[Path(folder) for folder in themes_dirs],
              decimals=decimals, autoplay=autoplay, exit_at_end=exit_at_end,
              screenshot_dir=None if screenshot_dir is None else Path(screenshot_dir),
              examples=())


def _is_terminal(stream: Any) -> bool:
    try:
        return stream is not None and bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def _trace_of(root: Any, learning_rate: float | None, parameters: Any,
              iterations: int | None) -> Trace | GraphTrace:
    """The trace to show: the one given, or one built from a spec or a graph's root."""
    from .core import Network, Trace, build_trace
    from .core.graph.spec import GraphSpec
    from .core.graph.trace import GraphTrace

    if isinstance(root, Trace | GraphTrace):
        if learning_rate is not None or parameters is not None:
            raise TypeError("tb.debug: a trace already has its learning rate and parameters; "
                            "pass the graph's root to choose them")
        model = root.network if isinstance(root, Trace) else root.spec
        return root if iterations in (None, root.iterations) else build_trace(model, iterations)
    if isinstance(root, Network | GraphSpec):
        return build_trace(root, 1 if iterations is None else iterations)
    if hasattr(root, "spec"):
        raise TypeError(f"tb.debug: cannot show a {type(root).__name__}: give a trace "
                        "(tb.graph_trace(root)) or the root of a graph")
    try:
        from . import graph_trace  # type: ignore[attr-defined]
    except ImportError:
        raise TypeError(f"tb.debug: cannot show a {type(root).__name__}: this version has no "
                        "tb.graph_trace to trace it; give a trace or a spec") from None
    trace = graph_trace(root, learning_rate=learning_rate, parameters=parameters)
    if iterations not in (None, trace.iterations):
        trace = build_trace(trace.spec, iterations)
    return trace


__all__ = ["NO_TERMINAL", "NotATerminalError", "debug"]
