"""The computation core: network configs, numerics and the trace. numpy and stdlib only."""

from .config import load_network, parse_network
from .errors import ConfigError, NumericError
from .examples import example, example_names
from .network import Layer, Network
from .state import TraceState
from .steps import Phase, Step, StepKind
from .trace import Trace, build_trace

__all__ = [
    "ConfigError", "Layer", "Network", "NumericError", "Phase", "Step", "StepKind", "Trace",
    "TraceState", "build_trace", "example", "example_names", "load_network", "parse_network",
]
