"""Helpers of the graph tests: build a GraphSpec from TOML text, as a config file would."""

from __future__ import annotations

import tui_backprop as tb
from tui_backprop.core.config import decode, parse_network
from tui_backprop.core.graph.spec import GraphSpec


def graph(text: str, where: str = "net.toml") -> GraphSpec:
    """Parse TOML text as a graph config named `where`."""
    spec = parse_network(decode(text, where), where)
    assert isinstance(spec, GraphSpec)
    return spec


def trace(text: str, iterations: int = 1):
    """The trace of a graph config given as TOML text."""
    return tb.build_trace(graph(text), iterations)


def grads(trace, iteration: int = 0) -> dict[str, float]:
    """Every leaf's final gradient by name."""
    spec, result = trace.spec, trace.results[iteration]
    return {n.name: float(result.grads[i]) for i, n in enumerate(spec.nodes)
            if n.op in ("input", "parameter")}


def value(trace, name: str, iteration: int = 0) -> float:
    """A node's value by name."""
    index = [n.name for n in trace.spec.nodes].index(name)
    return float(trace.results[iteration].values[index])
