"""tui-backprop: a terminal step-through debugger for backpropagation.

The public API works without Textual:

    import tui_backprop as tb
    net = tb.load_network("net.toml")   # or tb.example("seed")
    trace = tb.build_trace(net)          # len(trace), trace[i]
    tb.debug(trace)                      # the debugger on it, from a script (imports Textual then)
"""

from .core import (
    ConfigError, Network, NumericError, Phase, Step, StepKind, Trace, TraceState, build_trace,
    example, example_names, load_network,
)

# debug.py imports Textual only when called. Bound after the submodule is imported, so the
# name is the function, not the module.
from .debug import NotATerminalError, debug

__version__ = "0.1.0"

__all__ = [
    "ConfigError", "Network", "NotATerminalError", "NumericError", "Phase", "Step", "StepKind",
    "Trace", "TraceState", "__version__", "build_trace", "debug", "example", "example_names", "load_network",
]
