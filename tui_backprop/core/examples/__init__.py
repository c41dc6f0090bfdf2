"""The built-in example networks, shipped as config files inside the package."""

from __future__ import annotations

from pathlib import Path

from ..config import decode, parse_network
from ..errors import ConfigError
from ..network import Network

ORDER = ("seed", "mazur", "xor", "softmax", "mnist-mlp")
"""The built-in examples, in the order `tui-backprop examples` lists them."""


def example_names() -> list[str]:
    """Names of the built-in examples."""
    return list(ORDER)


def example_text(name: str) -> str:
    """The config file text of a built-in example."""
    if name not in ORDER:
        raise ConfigError(f"--example: unknown example {name!r} (one of {', '.join(ORDER)})")
    # A plain path, not importlib.resources: the package is always installed unpacked, and
    # resources' machinery costs a few milliseconds of the debugger's start-up.
    return (Path(__file__).parent / f"{name}.toml").read_text(encoding="utf-8")


def example(name: str = "seed") -> Network:
    """Load a built-in example network by name."""
    where = f"example {name}"
    return parse_network(decode(example_text(name), where), where)
