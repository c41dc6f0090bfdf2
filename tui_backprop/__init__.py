"""tui-backprop: a terminal step-through debugger for backpropagation.

The public API works without Textual:

    import tui_backprop as tb
    net = tb.load_network("net.toml")   # or tb.example("seed")
    trace = tb.build_trace(net)          # len(trace), trace[i]
"""

from .core import (
    ConfigError, Network, NumericError, Phase, Step, StepKind, Trace, TraceState, build_trace,
    example, example_names, load_network,
)

__version__ = "0.1.0"

__all__ = [
    "ConfigError", "Network", "NumericError", "Phase", "Step", "StepKind", "Trace", "TraceState",
    "__version__", "build_trace", "example", "example_names", "load_network",
]
