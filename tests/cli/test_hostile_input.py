"""Hostile configs, in TOML and in JSON: every field given the wrong type, an integer too
big for a float, ragged or empty lists, targets outside what the loss allows, nesting deep
enough to break a parser, files that are not files. Each ends with exit status 2 and
exactly one line on stderr naming the file and the field, and never a traceback."""

from __future__ import annotations

import copy
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tui_backprop.core.config import MAX_CONFIG_BYTES

BASE: dict[str, Any] = {
    "name": "good", "learning_rate": 0.1, "loss": "mse", "seed": 3, "x": [1.0, 2.0], "y": [0.5],
    "layers": [
        {"units": 2, "activation": "tanh", "weights": [[0.1, 0.2], [0.3, 0.4]], "biases": [0.0, 0.1]},
        {"units": 1, "activation": "sigmoid"},
    ],
}
SOFTMAX = {**BASE, "loss": "cross_entropy", "y": [0.25, 0.75],
           "layers": [BASE["layers"][0], {"units": 2, "activation": "softmax"}]}
BCE = {**BASE, "loss": "bce"}
HUGE = 10**400
"""An integer both TOML and JSON read exactly, and no float64 can hold."""


def edit(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """`base` with fields set: layer fields as "L1_units" (layer 1's units)."""
    data = copy.deepcopy(base)
    for key, value in changes.items():
        if key.startswith("L"):
            index, field = key[1:].split("_", 1)
            data["layers"][int(index) - 1][field] = value
        else:
            data[key] = value
    return data


# case: (config data, what the one line must say after the file name)
HOSTILE: dict[str, tuple[dict[str, Any], str]] = {
    "loss a list": (edit(BASE, loss=["mse"]), "loss: unknown loss a list"),
    "loss a table": (edit(BASE, loss={"a": 1}), "loss: unknown loss a table"),
    "activation a list": (edit(BASE, L1_activation=["sigmoid"]), "layers[1].activation: unknown activation a list"),
    "activation a number": (edit(BASE, L2_activation=1.5), "layers[2].activation: unknown activation 1.5"),
    "name a list": (edit(BASE, name=["a"]), "name: expected text, got a list"),
    "description a number": (edit(BASE, description=3), "description: expected text, got 3"),
    "learning_rate huge int": (edit(BASE, learning_rate=HUGE), "learning_rate: expected a finite number, got an integer of about 401 digits"),
    "learning_rate huge negative": (edit(BASE, learning_rate=-HUGE), "learning_rate: expected a finite number"),
    "learning_rate bool": (edit(BASE, learning_rate=True), "learning_rate: expected a number, got true/false"),
    "learning_rate text": (edit(BASE, learning_rate="0.1"), "learning_rate: expected a number, got text '0.1'"),
    "learning_rate a list": (edit(BASE, learning_rate=[0.1]), "learning_rate: expected a number, got a list"),
    "seed float": (edit(BASE, seed=1.5), "seed: expected a whole number >= 0"),
    "seed negative": (edit(BASE, seed=-1), "seed: expected a whole number >= 0"),
    "seed huge": (edit(BASE, seed=HUGE), "seed: expected a whole number >= 0 and <= 18,446,744,073,709,551,615, got an integer of about 401 digits"),
    "seed bool": (edit(BASE, seed=False), "seed: expected a whole number >= 0"),
    "seed text": (edit(BASE, seed="3"), "seed: expected a whole number >= 0"),
    "units zero": (edit(BASE, L1_units=0), "layers[1].units: expected a whole number >= 1"),
    "units float": (edit(BASE, L1_units=2.0), "layers[1].units: expected a whole number >= 1"),
    "units bool": (edit(BASE, L2_units=True), "layers[2].units: expected a whole number >= 1"),
    "units huge": (edit(BASE, L1_units=HUGE), "layers[1].units: expected a whole number >= 1 and <= 1,000,000"),
    "units text": (edit(BASE, L1_units="2"), "layers[1].units: expected a whole number >= 1"),
    "x huge int": (edit(BASE, x=[1.0, HUGE]), "x[2]: expected a finite number"),
    "y huge int": (edit(BASE, y=[-HUGE]), "y[1]: expected a finite number"),
    "weight huge int": (edit(BASE, L1_weights=[[0.1, 0.2], [HUGE, 0.4]]), "layers[1].weights[2][1]: expected a finite number"),
    "bias huge int": (edit(BASE, L1_biases=[0.0, HUGE]), "layers[1].biases[2]: expected a finite number"),
    "x empty": (edit(BASE, x=[]), "x: expected a non-empty list"),
    "x empty sample": (edit(BASE, x=[[]], y=[[0.5]]), "x[1]: expected a non-empty list of numbers"),
    "x ragged": (edit(BASE, x=[[1.0, 2.0], [1.0]], y=[[0.5], [0.5]]), "x[2]: expected 2 number(s) like x[1], got 1"),
    "x nested too far": (edit(BASE, x=[[[1.0], [2.0]]], y=[[0.5]]), "x[1][1]: expected a number, got a list"),
    "y empty sample": (edit(BASE, x=[[1.0, 2.0]], y=[[]]), "y[1]: expected a non-empty list of numbers"),
    "y ragged": (edit(BASE, x=[[1.0, 2.0], [1.0, 2.0]], y=[[0.5], [0.5, 0.1]]), "y[2]: expected 1 number(s) like y[1], got 2"),
    "weights ragged": (edit(BASE, L1_weights=[[0.1, 0.2], [0.3]]), "layers[1].weights[2]: expected 2 number(s), got 1"),
    "weights empty": (edit(BASE, L1_weights=[]), "layers[1].weights: expected 2 row(s)"),
    "biases empty": (edit(BASE, L1_biases=[]), "layers[1].biases: expected a list of 2 number(s) (one per unit), got 0"),
    "layers a table list": (edit(BASE, layers=[[1, 2]]), "layers[1]: expected a table, got a list"),
    "bce target above 1": (edit(BCE, y=[1.5]), "y[1]: bce targets must lie in [0, 1], got 1.5"),
    "bce target below 0": (edit(BCE, x=[[1.0, 2.0], [0.0, 1.0]], y=[[0.5], [-0.25]]), "y[2][1]: bce targets must lie in [0, 1], got -0.25"),
    "cross_entropy target negative": (edit(SOFTMAX, y=[-0.5, 1.5]), "y[1]: cross_entropy targets must lie in [0, 1], got -0.5"),
    "cross_entropy not summing to 1": (edit(SOFTMAX, y=[0.5, 0.6]), "y: cross_entropy targets must sum to 1"),
    "cross_entropy batch row": (edit(SOFTMAX, x=[[1.0, 2.0], [0.0, 1.0]], y=[[0.5, 0.5], [0.0, 0.0]]), "y[2]: cross_entropy targets must sum to 1"),
}


def to_toml(data: dict[str, Any]) -> str:
    """The config as TOML: top-level fields, then [[layers]] tables (enough for HOSTILE)."""
    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(e) for e in v) + "]"
        return "{" + ", ".join(f"{k} = {value(e)}" for k, e in v.items()) + "}"

    lines = [f"{k} = {value(v)}" for k, v in data.items() if k != "layers"]
    for layer in data.get("layers", []):
        if not isinstance(layer, dict):
            return "\n".join(lines) + f"\nlayers = {value(data['layers'])}\n"
        lines += ["", "[[layers]]", *(f"{k} = {value(v)}" for k, v in layer.items())]
    return "\n".join(lines) + "\n"


def check_one_line(result, path: Path, fragment: str) -> None:
    """Exit 2, nothing on stdout, one stderr line: the program, the file, then `fragment`."""
    assert result.status == 2, (result.status, result.err)
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1 and result.err.endswith("\n"), result.err
    assert lines[0].startswith(f"tui-backprop: {path}: "), lines[0]
    assert fragment in lines[0], lines[0]
    assert "Traceback" not in result.err


def test_good_base_configs_load(cli, tmp_path: Path) -> None:
    """The bases of the table are good, so each case fails for the one thing it changes."""
    for i, base in enumerate((BASE, SOFTMAX, BCE)):
        for suffix, text in ((".json", json.dumps(base)), (".toml", to_toml(base))):
            path = tmp_path / f"base{i}{suffix}"
            path.write_text(text, encoding="utf-8")
            assert cli("summary", "--config", str(path)).status == 0


@pytest.mark.parametrize("suffix", [".toml", ".json"])
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_config(cli, tmp_path: Path, case: str, suffix: str) -> None:
    data, fragment = HOSTILE[case]
    path = tmp_path / f"hostile{suffix}"
    path.write_text(json.dumps(data) if suffix == ".json" else to_toml(data), encoding="utf-8")
    for command in (["summary"], ["trace", "--format", "json"], ["gradcheck"]):
        check_one_line(cli(*command, "--config", str(path)), path, fragment)


DEEP = 100_000
"""Levels of nesting: far past any parser's recursion limit."""


@pytest.mark.parametrize("suffix, text", [
    (".toml", "x = " + "[" * DEEP + "]" * DEEP + "\n"),
    (".toml", "x = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n"),
    (".json", '{"x": ' + "[" * DEEP + "]" * DEEP + "}"),
    (".json", '{"x": ' + '{"a": ' * DEEP + "1" + "}" * DEEP + "}"),
], ids=["toml-arrays", "toml-tables", "json-arrays", "json-objects"])
def test_nested_too_deep(cli, tmp_path: Path, suffix: str, text: str) -> None:
    path = tmp_path / f"deep{suffix}"
    path.write_text(text, encoding="utf-8")
    check_one_line(cli("summary", "--config", str(path)), path, "nested too deep")


def test_deep_but_parseable_nesting_is_a_type_error(cli, tmp_path: Path) -> None:
    """TOML's dotted headers nest without recursion; the value is refused by its type."""
    path = tmp_path / "dotted.toml"
    path.write_text(to_toml(BASE).replace("seed = 3\n", "") + "[seed" + ".a" * 3000 + "]\n")
    check_one_line(cli("summary", "--config", str(path)), path, "seed: expected a whole number >= 0")


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_too_big_a_file(cli, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"big{suffix}"
    text = json.dumps(BASE) if suffix == ".json" else to_toml(BASE)
    with path.open("w", encoding="utf-8") as file:
        file.write(text)
        file.write((" " if suffix == ".json" else "#\n") * (MAX_CONFIG_BYTES - len(text) + 1))
    check_one_line(cli("summary", "--config", str(path)), path, "larger than 16 MiB")


def test_the_limit_is_far_above_a_full_mnist_config() -> None:
    """16 MiB holds a 784-128-10 network with every weight written out, many times over."""
    weights = 784 * 128 + 128 * 10
    assert weights * len("-0.0123456789, ") * 4 < MAX_CONFIG_BYTES


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_unread(cli, device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    check_one_line(cli("summary", "--config", device), Path(device), "not a regular file")


def test_directory_is_refused(cli, tmp_path: Path) -> None:
    check_one_line(cli("summary", "--config", str(tmp_path)), tmp_path, "is a directory")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_without_writer_is_refused_not_waited_on(script: str, tmp_path: Path) -> None:
    fifo = tmp_path / "net.toml"
    os.mkfifo(fifo)
    proc = subprocess.run([script, "summary", "--config", str(fifo)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == [f"tui-backprop: {fifo}: not a regular file (a device, "
                                        f"FIFO or socket); give a TOML or JSON config file"]


@pytest.mark.parametrize("name", ["a\nb.toml", "tab\there.json", "esc\x1b[31m.toml"])
def test_control_characters_in_the_path_keep_one_line(cli, tmp_path: Path, name: str) -> None:
    escaped = name.encode("unicode_escape").decode("ascii")
    missing = cli("summary", "--config", str(tmp_path / name))
    assert missing.status == 2 and missing.err == f"tui-backprop: {tmp_path}/{escaped}: no such file\n"
    path = tmp_path / name
    path.write_text(json.dumps(edit(BASE, loss=["mse"])) if name.endswith(".json")
                    else to_toml(edit(BASE, loss=["mse"])), encoding="utf-8")
    result = cli("summary", "--config", str(path))
    check_one_line(result, Path(f"{tmp_path}/{escaped}"), "loss: unknown loss a list")


def test_lone_surrogate_in_a_name_is_shown_not_refused(cli, tmp_path: Path) -> None:
    """A label is kept exactly and shown printable (the labels' rule), never a traceback."""
    path = tmp_path / "s.json"
    path.write_text(json.dumps(BASE).replace('"good"', '"go\\ud800od"'), encoding="ascii")
    for command in (("summary",), ("trace", "--format", "text"), ("trace", "--format", "json")):
        result = cli(*command, "--config", str(path))
        assert result.status == 0 and result.err == ""
    shown = cli("trace", "--format", "text", "--config", str(path)).out
    assert "go\\ud800od" in shown
    assert json.loads(cli("trace", "--format", "json", "--config", str(path)).out)["network"]["name"] == "go\ud800od"


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes: Linux")
def test_undecodable_file_name_runs_every_output(script: str, tmp_path: Path) -> None:
    """The default name comes from the file name; a byte that is not UTF-8 is escaped."""
    path = os.path.join(os.fsencode(tmp_path), b"net\xff.toml")
    with open(path, "w", encoding="utf-8") as file:
        file.write(to_toml({k: v for k, v in BASE.items() if k != "name"}))
    for args in (["summary"], ["trace"], ["trace", "--format", "markdown"], ["trace", "--format", "json"]):
        proc = subprocess.run([script, *args, "--config", path], capture_output=True, timeout=120)
        assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
        assert b"Traceback" not in proc.stdout and proc.stdout


def test_huge_integers_do_not_break_messages(cli, tmp_path: Path) -> None:
    """Python refuses str() of integers past 4300 digits: a message must never need it."""
    path = tmp_path / "n.json"
    path.write_text(json.dumps(edit(BASE, learning_rate=10**4000)), encoding="utf-8")
    check_one_line(cli("summary", "--config", str(path)), path, "learning_rate: expected a finite number")
    path.write_text(json.dumps(BASE).replace("0.1", "1" * 5000, 1), encoding="utf-8")
    check_one_line(cli("summary", "--config", str(path)), path, "not valid JSON")
    toml = tmp_path / "n.toml"
    toml.write_text(to_toml(BASE).replace("learning_rate = 0.1", "learning_rate = " + "1" * 5000))
    check_one_line(cli("summary", "--config", str(toml)), toml, "not valid TOML")
    assert math.isinf(float("1e400"))  # what a TOML/JSON float that big reads as: refused too


def test_iterations_past_the_resource_bound(cli) -> None:
    """The seed at 60,000 iterations is under the step limit, but took 27 s and 854 MB."""
    result = cli("summary", "--example", "seed", "--iterations", "60000")
    assert result.status == 2 and result.out == "" and len(result.err.splitlines()) == 1
    assert result.err.startswith("tui-backprop: example seed: network too large: 1-1-1 with 1 sample(s) "
                                 "x 60,000 iteration(s) would need about 1,123 MB (the limit is 300 MB)\n")


def test_an_output_path_with_a_newline_keeps_one_line(cli, tmp_path: Path) -> None:
    result = cli("summary", "-o", str(tmp_path / "no\nsuch" / "out.txt"))
    assert result.status == 2
    assert result.err == f"tui-backprop: {tmp_path}/no\\nsuch/out.txt: cannot write: No such file or directory\n"


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_an_unknown_key_with_a_newline_keeps_one_line(cli, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"key{suffix}"
    data = {**BASE, "bad\nkey": 1, "layers": [BASE["layers"][0], {**BASE["layers"][1], "x" * 100: 1}]}
    text = json.dumps(data) if suffix == ".json" else to_toml({**data, "bad\nkey": 1}).replace(
        'bad\nkey = 1', '"bad\\nkey" = 1').replace("x" * 100 + " = 1", "")
    path.write_text(text, encoding="utf-8")
    check_one_line(cli("summary", "--config", str(path)), path, "bad\\nkey: unknown field")
    data = {**BASE, "layers": [BASE["layers"][0], {**BASE["layers"][1], "y" * 100: 1}]}
    path.write_text(json.dumps(data), encoding="utf-8")
    check_one_line(cli("summary", "--config", str(path)), path, f"layers[2].{'y' * 40}…: unknown field")
