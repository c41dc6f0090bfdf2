"""Loading and validating configs through the Python API: a good config gives the network
it says; every class of bad input raises ConfigError with one line naming file and field."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import tui_backprop as tb
from tui_backprop.core.network import glorot_uniform

GOOD: dict[str, Any] = {
    "name": "good", "learning_rate": 0.1, "loss": "mse", "seed": 3,
    "x": [1.0, 2.0], "y": [0.5],
    "layers": [
        {"units": 2, "activation": "tanh", "weights": [[0.1, 0.2], [0.3, 0.4]], "biases": [0.0, 0.1]},
        {"units": 1, "activation": "sigmoid"},
    ],
}

GOOD_TOML = (Path(__file__).parents[1] / "data" / "good.toml").read_text(encoding="utf-8")
"""The same network as GOOD, as TOML text (shared with the CLI's bad-input tests)."""


def changed(path: str, value: Any) -> dict[str, Any]:
    """GOOD with one field set ("layers.0.units") or deleted (value ...)."""
    data = copy.deepcopy(GOOD)
    *parents, last = path.split(".")
    node: Any = data
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    key = int(last) if isinstance(node, list) else last
    if value is ...:
        del node[key]
    else:
        node[key] = value
    return data


# case: (config data, fragment the message must hold: the field, and what is wrong)
BAD: dict[str, tuple[dict[str, Any], str]] = {
    "unknown top field": (changed("learning_rat", 0.1), "learning_rat: unknown field"),
    "name not text": (changed("name", 3), "name: expected text"),
    "description not text": (changed("description", ["a"]), "description: expected text"),
    "learning_rate missing": (changed("learning_rate", ...), "learning_rate: missing"),
    "learning_rate text": (changed("learning_rate", "fast"), "learning_rate: expected a number"),
    "learning_rate bool": (changed("learning_rate", True), "learning_rate: expected a number"),
    "learning_rate zero": (changed("learning_rate", 0), "learning_rate: must be > 0"),
    "learning_rate negative": (changed("learning_rate", -0.5), "learning_rate: must be > 0"),
    "loss missing": (changed("loss", ...), "loss: missing"),
    "loss unknown": (changed("loss", "hinge"), "loss: unknown loss 'hinge'"),
    "loss not text": (changed("loss", 1), "loss: unknown loss 1"),
    "seed negative": (changed("seed", -1), "seed: expected a whole number >= 0"),
    "seed float": (changed("seed", 1.5), "seed: expected a whole number >= 0"),
    "x missing": (changed("x", ...), "x: missing"),
    "x empty": (changed("x", []), "x: expected a non-empty list"),
    "x not a list": (changed("x", 1.0), "x: expected a non-empty list"),
    "x text entry": (changed("x.1", "two"), "x[2]: expected a number, got text"),
    "x ragged batch": (changed("x", [[1.0, 2.0], [3.0]]), "x[2]: expected 2 number(s)"),
    "x mixed list": (changed("x", [[1.0, 2.0], 3.0]), "x[1]: expected a number, got a list"),
    "y missing": (changed("y", ...), "y: missing"),
    "y batch for one sample": (changed("y", [[0.5]]), "y: give one target list for one sample"),
    "y count": ({**changed("x", [[1.0, 2.0], [0.0, 1.0]]), "y": [[0.5]]}, "y: 1 targets for 2 samples"),
    "y width": (changed("y", [0.5, 0.5]), "y: each target needs 1 number(s)"),
    "layers missing": (changed("layers", ...), "layers: missing"),
    "layers empty": (changed("layers", []), "layers: expected a non-empty list"),
    "layers not a list": (changed("layers", {"units": 1}), "layers: expected a non-empty list"),
    "layer not a table": (changed("layers.1", 5), "layers[2]: expected a table"),
    "layer unknown field": (changed("layers.0.bias", [0.0, 0.0]), "layers[1].bias: unknown field"),
    "units missing": (changed("layers.0.units", ...), "layers[1].units: expected a whole number >= 1"),
    "units zero": (changed("layers.0.units", 0), "layers[1].units: expected a whole number >= 1"),
    "units float": (changed("layers.0.units", 2.0), "layers[1].units: expected a whole number >= 1"),
    "units bool": (changed("layers.1.units", True), "layers[2].units: expected a whole number >= 1"),
    "activation missing": (changed("layers.1.activation", ...), "layers[2].activation: missing"),
    "activation unknown": (changed("layers.0.activation", "gelu"), "layers[1].activation: unknown activation 'gelu'"),
    "softmax hidden": (changed("layers.0.activation", "softmax"), "layers[1].activation: softmax is only allowed on the last layer"),
    "weights rows": (changed("layers.0.weights", [[0.1, 0.2]]), "layers[1].weights: expected 2 row(s)"),
    "weights not a list": (changed("layers.0.weights", 0.5), "layers[1].weights: expected 2 row(s)"),
    "weights row width": (changed("layers.0.weights.1", [0.3]), "layers[1].weights[2]: expected 2 number(s), got 1"),
    "weights row not a list": (changed("layers.0.weights.1", 0.3), "layers[1].weights[2]: expected 2 number(s)"),
    "weights entry text": (changed("layers.0.weights.0", [0.1, "x"]), "layers[1].weights[1][2]: expected a number"),
    "biases length": (changed("layers.0.biases", [0.0]), "layers[1].biases: expected a list of 2"),
    "biases not a list": (changed("layers.0.biases", 0.0), "layers[1].biases: expected a list of 2"),
    "biases entry bool": (changed("layers.0.biases", [0.0, False]), "layers[1].biases[2]: expected a number"),
    "bce without sigmoid": ({**changed("layers.1.activation", "tanh"), "loss": "bce"}, "loss: bce needs a sigmoid output layer"),
    "cross_entropy without softmax": (changed("loss", "cross_entropy"), "loss: cross_entropy needs a softmax output layer"),
    "too large": ({**changed("x", [0.5] * 1000), "layers": [{"units": 3000, "activation": "relu"},
                                                            {"units": 1, "activation": "linear"}]},
                  "layers: network too large: 1000-3000-1 with 1 sample(s) x 1 iteration(s)"),
}

TOML_BAD = {  # what only TOML text can say: non-finite numbers, syntax
    "not toml": ("x = [1.0,", "not valid TOML"),
    "nan learning_rate": (GOOD_TOML.replace("learning_rate = 0.1", "learning_rate = nan"),
                          "learning_rate: expected a finite number"),
    "inf input": (GOOD_TOML.replace("x = [1.0, 2.0]", "x = [1.0, -inf]"), "x[2]: expected a finite number"),
    "nan weight": (GOOD_TOML.replace("[0.3, 0.4]", "[0.3, nan]"), "layers[1].weights[2][2]: expected a finite number"),
    "inf bias": (GOOD_TOML.replace("biases = [0.0, 0.1]", "biases = [inf, 0.1]"), "layers[1].biases[1]: expected a finite number"),
}

JSON_BAD = {
    "not json": ('{"x": [1,', "not valid JSON"),
    "json NaN": (json.dumps(GOOD).replace('"learning_rate": 0.1', '"learning_rate": NaN'), "not valid JSON"),
    "json Infinity": (json.dumps(GOOD).replace("[1.0, 2.0]", "[1.0, Infinity]"), "not valid JSON"),
    "json top-level list": ("[1, 2]", "the config must be a table"),
}


def assert_one_line_naming(error: pytest.ExceptionInfo[tb.ConfigError], path: Path, fragment: str) -> None:
    message = str(error.value)
    assert "\n" not in message, message
    assert message.startswith(f"{path}: "), message
    assert fragment in message, message


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_config_raises_one_line_naming_file_and_field(tmp_path: Path, case: str) -> None:
    data, fragment = BAD[case]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(tb.ConfigError) as error:
        tb.load_network(path)
    assert_one_line_naming(error, path, fragment)


TEXT_BAD = {**{(case, ".toml"): bad for case, bad in TOML_BAD.items()},
            **{(case, ".json"): bad for case, bad in JSON_BAD.items()}}


@pytest.mark.parametrize("case", sorted(TEXT_BAD), ids=lambda case: f"{case[0]}{case[1]}")
def test_bad_config_text(tmp_path: Path, case: tuple[str, str]) -> None:
    text, fragment = TEXT_BAD[case]
    path = tmp_path / f"bad{case[1]}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(tb.ConfigError) as error:
        tb.load_network(path)
    assert_one_line_naming(error, path, fragment)


def test_unreadable_files(tmp_path: Path) -> None:
    cases = [(tmp_path / "missing.toml", "no such file"), (tmp_path, "is a directory")]
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    cases.append((binary, "cannot read"))
    for path, fragment in cases:
        with pytest.raises(tb.ConfigError) as error:
            tb.load_network(path)
        assert_one_line_naming(error, path, fragment)


def test_unknown_example_and_bad_iterations() -> None:
    with pytest.raises(tb.ConfigError, match="unknown example 'nope'"):
        tb.example("nope")
    net = tb.example("seed")
    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(tb.ConfigError, match=r"^example seed: iterations: expected a whole number >= 1"):
            tb.build_trace(net, bad)  # type: ignore[arg-type]


def test_good_config_in_toml_and_json_is_the_same_network(tmp_path: Path) -> None:
    toml_path, json_path = tmp_path / "good.toml", tmp_path / "good.json"
    toml_path.write_text(GOOD_TOML, encoding="utf-8")
    json_path.write_text(json.dumps(GOOD), encoding="utf-8")
    a, b = tb.load_network(toml_path), tb.load_network(json_path)
    for net in (a, b):
        assert (net.name, net.learning_rate, net.loss, net.seed, net.sizes, net.batch_size) == (
            "good", 0.1, "mse", 3, (2, 2, 1), 1)
        assert net.layers[0].activation == "tanh"
        np.testing.assert_array_equal(net.x, [[1.0, 2.0]])
        np.testing.assert_array_equal(net.layers[0].weights, [[0.1, 0.2], [0.3, 0.4]])
        assert not net.layers[0].weights.flags.writeable
    assert a.source == str(toml_path)
    np.testing.assert_array_equal(a.layers[1].weights, b.layers[1].weights)
    assert a.describe() == "2-2-1 tanh/sigmoid, loss mse, lr 0.1, 1 sample"


def test_missing_weights_and_biases_are_the_documented_seeded_init(tmp_path: Path) -> None:
    path = tmp_path / "init.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    net = tb.load_network(path)
    w = net.layers[1].weights
    np.testing.assert_array_equal(w, glorot_uniform(3, 2, 1, 2))
    limit = np.sqrt(6.0 / (2 + 1))  # Glorot uniform: ±sqrt(6 / (fan_in + units))
    np.testing.assert_array_equal(w, np.random.default_rng([3, 2]).uniform(-limit, limit, size=(1, 2)))
    np.testing.assert_array_equal(net.layers[1].biases, [0.0])
    # another seed gives other weights; giving layer 1's weights leaves layer 2's alone
    other = tb.core.parse_network(changed("seed", 4), "other.json")
    assert not np.array_equal(other.layers[1].weights, w)
    no_w1 = tb.core.parse_network(changed("layers.0.weights", ...), "x.json")
    np.testing.assert_array_equal(no_w1.layers[1].weights, w)


def test_a_batch_config(tmp_path: Path) -> None:
    data = {**changed("x", [[1.0, 2.0], [3.0, 4.0], [0.0, 0.0]]), "y": [[0.1], [0.2], [0.3]]}
    net = tb.core.parse_network(data, "batch.json")
    assert net.batch_size == 3
    assert net.describe().endswith("3 samples")


@pytest.mark.parametrize("name", tb.example_names())
def test_every_example_loads(name: str) -> None:
    net = tb.example(name)
    assert net.source == f"example {name}" and net.description
    assert tb.example_names()[0] == "seed"
