"""The built-in examples, shipped as config files inside the package: networks, then
computation graphs."""

from __future__ import annotations

from pathlib import Path

from ..config import decode, parse_network
from ..errors import ConfigError
from ..graph.spec import GraphSpec
from ..network import Network

ORDER = ("seed", "mazur", "xor", "softmax", "mnist-mlp")
"""The built-in example networks (MLPs), in the order `tui-backprop examples` lists them."""
GRAPHS = ("micrograd-lecture", "tanh-neuron", "cs231n-circuit", "cs231n-neuron", "colah")
"""The built-in computation graphs, listed after the networks."""
NAMES = ORDER + GRAPHS
"""Every built-in example."""


def example_names() -> list[str]:
    """Names of the built-in examples: the networks, then the graphs."""
    return list(NAMES)


def network_example_names() -> list[str]:
    """Names of the built-in example networks (MLPs) only."""
    return list(ORDER)


def example_text(name: str) -> str:
    """The config file text of a built-in example."""
    if name not in NAMES:
        raise ConfigError(f"--example: unknown example {name!r} (one of {', '.join(NAMES)})")
    # A plain path, not importlib.resources: the package is always installed unpacked, and
    # resources' machinery costs a few milliseconds of the debugger's start-up.
    return (Path(__file__).parent / f"{name}.toml").read_text(encoding="utf-8")


def example(name: str = "seed") -> Network | GraphSpec:
    """Load a built-in example by name: a `Network`, or a `GraphSpec` for a graph."""
    where = f"example {name}"
    return parse_network(decode(example_text(name), where), where)
