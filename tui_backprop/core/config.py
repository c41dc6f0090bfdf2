"""Read a network config (TOML, or JSON of the same structure) into a `Network`.

Every problem becomes a `ConfigError` whose one-line message names the file and the
field, e.g. ``net.toml: layers[2].weights: expected 1 row of 2 numbers, got 3 rows``.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ConfigError
from .graph.spec import GraphSpec
from .limits import too_large
from .network import Layer, Network, frozen, glorot_uniform
from .ops import ACTIVATIONS, LOSSES

TOP_KEYS = {"name", "description", "learning_rate", "loss", "seed", "x", "y", "layers"}
LAYER_KEYS = {"units", "activation", "weights", "biases"}


def load_network(path: str | Path) -> Network | GraphSpec:
    """Read and validate the config file at `path` (TOML, or JSON if it ends in .json)."""
    path = Path(path)
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{where}: no such file") from None
    except IsADirectoryError:
        raise ConfigError(f"{where}: is a directory, not a config file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{where}: cannot read: {error}") from None
    return parse_network(decode(text, where, json_first=path.suffix.lower() == ".json"), where)


def decode(text: str, where: str, json_first: bool = False) -> dict[str, Any]:
    """Parse TOML (or JSON) text into a dict, or raise ConfigError naming `where`."""
    if json_first or text.lstrip().startswith("{"):
        import json  # here, not at the top: most configs are TOML and start-up counts

        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except (json.JSONDecodeError, ValueError) as error:
            raise ConfigError(f"{where}: not valid JSON: {error}") from None
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{where}: not valid TOML: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the config must be a table (an object), not {_kind(data)}")
    return data


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed")


def parse_network(data: dict[str, Any], where: str = "<config>") -> Network | GraphSpec:
    """Validate a decoded config and build the `Network` (or, with `[nodes]`, the
    `GraphSpec`) it describes."""
    if "nodes" in data:
        if "layers" in data:
            raise ConfigError(f"{where}: nodes: a config is a graph ([nodes]) or an MLP "
                              f"([[layers]]), not both")
        from .graph.config import parse_graph  # here: most configs are MLPs, start-up counts

        return parse_graph(data, where)
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise ConfigError(f"{where}: {unknown[0]}: unknown field (known: {', '.join(sorted(TOP_KEYS))})")
    name = data.get("name", Path(where).stem if where.endswith((".toml", ".json")) else "network")
    if not isinstance(name, str):
        raise ConfigError(f"{where}: name: expected text, got {_kind(name)}")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise ConfigError(f"{where}: description: expected text, got {_kind(description)}")
    lr = _number(data, "learning_rate", where)
    if lr <= 0:
        raise ConfigError(f"{where}: learning_rate: must be > 0, got {lr:g}")
    loss = _choice(data, "loss", LOSSES, where)
    seed = data.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ConfigError(f"{where}: seed: expected a whole number >= 0, got {seed!r}")

    x, single = _samples(data, "x", where)
    y, single_y = _samples(data, "y", where)
    if single != single_y:
        raise ConfigError(f"{where}: y: give one target list for one sample, or a list of lists "
                          f"for a batch, as x does")
    if len(x) != len(y):
        raise ConfigError(f"{where}: y: {len(y)} targets for {len(x)} samples of x")

    raw_layers = data.get("layers")
    if raw_layers is None:
        raise ConfigError(f"{where}: layers: missing (give at least one [[layers]] table)")
    if not isinstance(raw_layers, list) or not raw_layers:
        raise ConfigError(f"{where}: layers: expected a non-empty list of tables")
    fan_in = x.shape[1]
    specs: list[tuple[int, str, Any, Any]] = []
    for i, raw in enumerate(raw_layers, start=1):
        field = f"layers[{i}]"
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: {field}: expected a table, got {_kind(raw)}")
        extra = sorted(set(raw) - LAYER_KEYS)
        if extra:
            raise ConfigError(f"{where}: {field}.{extra[0]}: unknown field "
                              f"(known: {', '.join(sorted(LAYER_KEYS))})")
        units = raw.get("units")
        if isinstance(units, bool) or not isinstance(units, int) or units < 1:
            raise ConfigError(f"{where}: {field}.units: expected a whole number >= 1, got {units!r}")
        activation = _choice(raw, "activation", ACTIVATIONS, where, prefix=f"{field}.")
        if activation == "softmax" and i != len(raw_layers):
            raise ConfigError(f"{where}: {field}.activation: softmax is only allowed on the last layer")
        specs.append((units, activation, raw.get("weights"), raw.get("biases")))

    sizes = (fan_in, *(s[0] for s in specs))
    message = too_large(sizes, len(x), 1)
    if message:
        raise ConfigError(f"{where}: layers: {message}")

    layers = []
    for i, (units, activation, w, b) in enumerate(specs, start=1):
        field = f"layers[{i}]"
        if w is None:
            weights = glorot_uniform(seed, i, units, fan_in)
        else:
            weights = _matrix(w, units, fan_in, f"{field}.weights", where)
        biases = np.zeros(units) if b is None else _vector(b, units, f"{field}.biases", where)
        layers.append(Layer(units, activation, frozen(weights), frozen(biases)))
        fan_in = units

    outputs = layers[-1].units
    if y.shape[1] != outputs:
        raise ConfigError(f"{where}: y: each target needs {outputs} number(s) (units of the last "
                          f"layer), got {y.shape[1]}")
    needs = LOSSES[loss].needs
    if needs and layers[-1].activation != needs:
        raise ConfigError(f"{where}: loss: {loss} needs a {needs} output layer, "
                          f"but the last layer's activation is {layers[-1].activation}")
    return Network(name=name, learning_rate=lr, loss=loss, x=frozen(x), y=frozen(y),
                   layers=tuple(layers), seed=seed, source=where,
                   description=description)


def _kind(value: Any) -> str:
    return {bool: "true/false", str: "text", dict: "a table", list: "a list"}.get(
        type(value), type(value).__name__)


def _finite(value: Any, field: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: {field}: expected a number, got {_kind(value)} {value!r}")
    if not math.isfinite(value):
        raise ConfigError(f"{where}: {field}: must be a finite number, got {value}")
    return float(value)


def _number(data: dict[str, Any], key: str, where: str) -> float:
    if key not in data:
        raise ConfigError(f"{where}: {key}: missing")
    return _finite(data[key], key, where)


def _choice(data: dict[str, Any], key: str, options: dict[str, Any], where: str, prefix: str = "") -> str:
    value = data.get(key)
    if value is None:
        raise ConfigError(f"{where}: {prefix}{key}: missing (one of {' | '.join(options)})")
    if value not in options:
        raise ConfigError(f"{where}: {prefix}{key}: unknown {key} {value!r} (one of {' | '.join(options)})")
    return value


def _samples(data: dict[str, Any], key: str, where: str) -> tuple[np.ndarray, bool]:
    """x or y as (samples, features), and whether it was given as one flat sample."""
    value = data.get(key)
    if value is None:
        raise ConfigError(f"{where}: {key}: missing")
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{where}: {key}: expected a non-empty list of numbers (or of lists)")
    if all(isinstance(v, list) for v in value):
        width = len(value[0])
        rows = []
        for s, row in enumerate(value, start=1):
            if not row or len(row) != width:
                raise ConfigError(f"{where}: {key}[{s}]: expected {width} number(s) like {key}[1], "
                                  f"got {len(row)}")
            rows.append([_finite(v, f"{key}[{s}][{i}]", where) for i, v in enumerate(row, start=1)])
        return np.array(rows, dtype=np.float64), False
    row = [_finite(v, f"{key}[{i}]", where) for i, v in enumerate(value, start=1)]
    return np.array([row], dtype=np.float64), True


def _vector(value: Any, n: int, field: str, where: str) -> np.ndarray:
    if not isinstance(value, list) or len(value) != n:
        got = f"{len(value)} numbers" if isinstance(value, list) else _kind(value)
        raise ConfigError(f"{where}: {field}: expected a list of {n} number(s) (one per unit), got {got}")
    return np.array([_finite(v, f"{field}[{i}]", where) for i, v in enumerate(value, start=1)])


def _matrix(value: Any, rows: int, cols: int, field: str, where: str) -> np.ndarray:
    shape = f"{rows} row(s) (one per unit) of {cols} number(s) (one per unit before)"
    if not isinstance(value, list) or len(value) != rows:
        got = f"{len(value)} rows" if isinstance(value, list) else _kind(value)
        raise ConfigError(f"{where}: {field}: expected {shape}, got {got}")
    out = []
    for r, row in enumerate(value, start=1):
        if not isinstance(row, list) or len(row) != cols:
            got = f"{len(row)} numbers" if isinstance(row, list) else _kind(row)
            raise ConfigError(f"{where}: {field}[{r}]: expected {cols} number(s), got {got}")
        out.append([_finite(v, f"{field}[{r}][{c}]", where) for c, v in enumerate(row, start=1)])
    return np.array(out, dtype=np.float64)
