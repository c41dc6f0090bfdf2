"""tui-backprop: a terminal step-through debugger for backpropagation.

The public API works without Textual:

    import tui_backprop as tb
    net = tb.load_network("net.toml")   # or tb.example("seed")
    trace = tb.build_trace(net)          # len(trace), trace[i]

    from tui_backprop import Value       # micrograd's Value (tui_backprop.nn: its nn)
    L = (Value(2.0, label="a") * Value(-3.0, label="b") + 10) * -2
    L.backward()                         # the same grads micrograd computes
    trace = tb.graph_trace(L)            # the trace the debugger steps through on L's graph
    tb.debug(L)                          # the debugger on it, from a script (imports Textual then)
"""

from .core import (
    ConfigError, Network, NumericError, Phase, Step, StepKind, Trace, TraceState, build_trace,
    example, example_names, load_network,
)
from .engine import Value
from .value_graph import graph_trace

# debug.py imports Textual only when called. Bound after the submodule is imported, so the
# name is the function, not the module.
from .debug import NotATerminalError, debug

__version__ = "0.1.0"

__all__ = [
    "ConfigError", "Network", "NotATerminalError", "NumericError", "Phase", "Step", "StepKind",
    "Trace", "TraceState", "Value", "__version__", "build_trace", "debug", "example", "example_names",
    "graph_trace", "load_network",
]
