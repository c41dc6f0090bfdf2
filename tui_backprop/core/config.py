"""Read a network config (TOML, or JSON of the same structure) into a `Network`.

Every problem becomes a `ConfigError` whose one-line message names the file and the
field, e.g. ``net.toml: layers[2].weights: expected 1 row of 2 numbers, got 3 rows``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from .config_fields import choice, finite, kind, matrix, samples, targets, text, vector, whole
from .config_read import MAX_CONFIG_BYTES, decode, display_path, read_config_text
from .errors import ConfigError
from .graph.spec import GraphSpec
from .limits import MAX_UNITS, too_large
from .network import Layer, Network, frozen, glorot_uniform
from .ops import ACTIVATIONS, LOSSES
from .optim import SGD
from .optim_config import parse_optimizer

TOP_KEYS = {"name", "description", "learning_rate", "optimizer", "loss", "seed", "x", "y", "layers"}
LAYER_KEYS = {"units", "activation", "weights", "biases"}
MAX_SEED = 2**64 - 1
"""Largest seed: numpy's generators take any size, but a bigger one adds nothing."""

__all__ = ["MAX_CONFIG_BYTES", "decode", "load_network", "parse_network"]


def load_network(path: str | Path) -> Network | GraphSpec:
    """Read and validate the config file at `path` (TOML, or JSON if it ends in .json).

    Only a regular file of at most MAX_CONFIG_BYTES is read (see `config_read`).
    """
    path = Path(path)
    where = display_path(path)
    content = read_config_text(path, where)
    return parse_network(decode(content, where, json_first=path.suffix.lower() == ".json"), where)


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
        raise ConfigError(f"{where}: {_key(unknown[0])}: unknown field (known: {', '.join(sorted(TOP_KEYS))})")
    default_name = display_path(Path(where).stem) if where.endswith((".toml", ".json")) else "network"
    name = text(data.get("name", default_name), "name", where)
    description = text(data.get("description", ""), "description", where)
    if "learning_rate" not in data:
        raise ConfigError(f"{where}: learning_rate: missing")
    lr = finite(data["learning_rate"], "learning_rate", where)
    if lr <= 0:
        raise ConfigError(f"{where}: learning_rate: must be > 0, got {lr:g}")
    optimizer = parse_optimizer(data["optimizer"], where) if "optimizer" in data else SGD
    loss = choice(data, "loss", LOSSES, where)
    seed = whole(data.get("seed", 0), "seed", where, 0, MAX_SEED)

    x, single = samples(data, "x", where)
    y, single_y = samples(data, "y", where)
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
            raise ConfigError(f"{where}: {field}: expected a table, got {kind(raw)}")
        extra = sorted(set(raw) - LAYER_KEYS)
        if extra:
            raise ConfigError(f"{where}: {field}.{_key(extra[0])}: unknown field "
                              f"(known: {', '.join(sorted(LAYER_KEYS))})")
        units = whole(raw.get("units"), f"{field}.units", where, 1, MAX_UNITS)
        activation = choice(raw, "activation", ACTIVATIONS, where, prefix=f"{field}.")
        if activation == "softmax" and i != len(raw_layers):
            raise ConfigError(f"{where}: {field}.activation: softmax is only allowed on the last layer")
        specs.append((units, activation, raw.get("weights"), raw.get("biases")))

    sizes = (fan_in, *(s[0] for s in specs))
    message = too_large(sizes, len(x), 1, softmax=specs[-1][1] == "softmax",
                        update_ops=1 + len(optimizer.ops))
    if message:
        raise ConfigError(f"{where}: layers: {message}")

    layers = []
    for i, (units, activation, w, b) in enumerate(specs, start=1):
        field = f"layers[{i}]"
        if w is None:
            weights = glorot_uniform(seed, i, units, fan_in)
        else:
            weights = matrix(w, units, fan_in, f"{field}.weights", where)
        biases = np.zeros(units) if b is None else vector(b, units, f"{field}.biases", where)
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
    targets(y, single, loss, where)
    return Network(name=name, learning_rate=lr, loss=loss, x=frozen(x), y=frozen(y),
                   layers=tuple(layers), seed=seed, source=where,
                   description=description, optimizer=optimizer)


def _key(key: str) -> str:
    """An unknown key as a message shows it: escaped (one line), and cut if long."""
    shown = display_path(key[:40])
    return shown + ("…" if len(key) > 40 else "")
