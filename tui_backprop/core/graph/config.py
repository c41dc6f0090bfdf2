"""A decoded graph config (a table with `[nodes]`, CONTRACT 6.1) -> `GraphSpec`.

Every problem is a `ConfigError` naming the file and the field, e.g.
``net.toml: nodes.n: unknown name 'x3'``.
"""

from __future__ import annotations

import keyword
import math
import re
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..optim import SGD
from ..optim_config import parse_optimizer
from .parser import ARITY, MAX_NODES, FormulaParser
from .spec import GraphNode, GraphSpec

TOP_KEYS = ("name", "description", "learning_rate", "optimizer", "output", "inputs", "parameters", "nodes")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
"""Names are ASCII identifiers: Python would fold other letters (NFKC) and mismatch them."""


def parse_graph(data: dict[str, Any], where: str = "<config>") -> GraphSpec:
    """Validate a decoded graph config and build its `GraphSpec`."""
    unknown = [key for key in data if key not in TOP_KEYS]
    if unknown:
        raise ConfigError(f"{where}: {unknown[0]}: unknown field for a graph "
                          f"(known: {', '.join(TOP_KEYS)})")
    name = _text(data, "name", where, Path(where).stem if where.endswith((".toml", ".json")) else "graph")
    description = _text(data, "description", where, "")
    lr = None
    if "learning_rate" in data:
        lr = _number(data["learning_rate"], "learning_rate", where)
        if lr <= 0:
            raise ConfigError(f"{where}: learning_rate: must be > 0, got {lr:g}")

    optimizer = SGD
    if "optimizer" in data:
        if lr is None:
            raise ConfigError(f"{where}: optimizer: needs a learning_rate (without one a graph "
                              f"has no update phase)")
        optimizer = parse_optimizer(data["optimizer"], where)

    nodes: list[GraphNode] = []
    seen: dict[str, str] = {}
    for section, op in (("inputs", "input"), ("parameters", "parameter")):
        for key, value in _table(data, section, where).items():
            _check_name(key, f"{section}.{key}", where, seen, section)
            nodes.append(GraphNode(key, op, (), _number(value, f"{section}.{key}", where)))
    if len(nodes) > MAX_NODES:
        raise ConfigError(f"{where}: parameters: graph too large: more than {MAX_NODES:,} nodes")
    parameters = tuple(i for i, node in enumerate(nodes) if node.op == "parameter")

    formulas = _table(data, "nodes", where)
    if not formulas:
        raise ConfigError(f"{where}: nodes: no nodes (give at least one formula, e.g. o = \"tanh(x*w)\")")
    for key in formulas:
        _check_name(key, f"nodes.{key}", where, seen, "nodes")
    parser = FormulaParser(nodes, where)
    remaining = set(formulas)
    last = -1
    for key, text in formulas.items():
        remaining.discard(key)
        last = parser.add(key, text, remaining)

    output = last
    if "output" in data:
        out = data["output"]
        if not isinstance(out, str):
            raise ConfigError(f"{where}: output: expected a node name (text), got {_show(out)}")
        if out not in formulas:
            what = f"it is one of the {seen[out]}" if out in seen else "there is no such node"
            raise ConfigError(f"{where}: output: {out!r} is not a node of [nodes] ({what})")
        output = parser.index[out]
    return GraphSpec(nodes=tuple(nodes), output=output, parameters=parameters,
                     learning_rate=lr, optimizer=optimizer, name=name, description=description, source=where)


def _text(data: dict[str, Any], key: str, where: str, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {key}: expected text, got {_show(value)}")
    return value


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key}: expected a table of name = value, got {type(value).__name__}")
    return value


def _check_name(name: str, field: str, where: str, seen: dict[str, str], section: str) -> None:
    if not _NAME.match(name):
        raise ConfigError(f"{where}: {field}: {_show(name)} is not a name (letters, digits and _, "
                          f"not starting with a digit)")
    if keyword.iskeyword(name) or name in ARITY:
        kind = "a function" if name in ARITY else "a reserved word"
        raise ConfigError(f"{where}: {field}: {name!r} is {kind}, not usable as a name")
    if name in seen:
        raise ConfigError(f"{where}: {field}: {name!r} is defined twice (also in {seen[name]})")
    seen[name] = section


def _show(value: Any) -> str:
    """A value as the message shows it: repr, cut short (a message is one line)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _number(value: Any, field: str, where: str) -> float:
    """A finite number; true/false and integers too large for a float are refused."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: {field}: expected a number, got {_show(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        shown = value if isinstance(value, float) else "an integer too large"
        raise ConfigError(f"{where}: {field}: must be a finite number, got {shown}")
    return number


__all__ = ["TOP_KEYS", "parse_graph"]
