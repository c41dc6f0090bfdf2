"""Bad input of every class: exit status 2, one line on stderr naming the file and field,
no traceback, nothing on stdout."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

GOOD = (Path(__file__).parents[1] / "data" / "good.toml").read_text(encoding="utf-8")
"""A config that loads (tests/data/good.toml); each case below breaks one thing of it."""

CASES = {
    "not_toml": ("x = [1.0,", "not valid TOML"),
    "missing_lr": (GOOD.replace("learning_rate = 0.1\n", ""), "learning_rate: missing"),
    "lr_text": (GOOD.replace("learning_rate = 0.1", 'learning_rate = "fast"'), "learning_rate: expected a number"),
    "lr_negative": (GOOD.replace("learning_rate = 0.1", "learning_rate = -1"), "learning_rate: must be > 0"),
    "lr_nan": (GOOD.replace("learning_rate = 0.1", "learning_rate = nan"), "learning_rate: expected a finite number"),
    "x_inf": (GOOD.replace("x = [1.0, 2.0]", "x = [1.0, inf]"), "x[2]: expected a finite number"),
    "x_bool": (GOOD.replace("x = [1.0, 2.0]", "x = [1.0, true]"), "x[2]: expected a number"),
    "unknown_loss": (GOOD.replace('"mse"', '"hinge"'), "loss: unknown loss 'hinge'"),
    "unknown_activation": (GOOD.replace('"tanh"', '"gelu"'), "layers[1].activation: unknown activation 'gelu'"),
    "weights_shape": (GOOD.replace("[[0.1, 0.2], [0.3, 0.4]]", "[[0.1, 0.2, 0.3], [0.3, 0.4, 0.5]]"),
                      "layers[1].weights[1]: expected 2 number(s), got 3 numbers"),
    "weights_rows": (GOOD.replace("[[0.1, 0.2], [0.3, 0.4]]", "[[0.1, 0.2]]"), "layers[1].weights: expected 2 row(s)"),
    "biases_len": (GOOD.replace("biases = [0.0, 0.1]", "biases = [0.0]"), "layers[1].biases: expected a list of 2"),
    "y_width": (GOOD.replace("y = [0.5]", "y = [0.5, 0.5]"), "y: each target needs 1 number(s)"),
    "units_zero": (GOOD.replace("units = 2", "units = 0"), "layers[1].units: expected a whole number >= 1"),
    "softmax_hidden": (GOOD.replace('"tanh"', '"softmax"'), "layers[1].activation: softmax is only allowed on the last layer"),
    "ce_without_softmax": (GOOD.replace('"mse"', '"cross_entropy"'), "loss: cross_entropy needs a softmax output layer"),
    "bce_without_sigmoid": (GOOD.replace('"mse"', '"bce"').replace('"sigmoid"', '"tanh"'), "loss: bce needs a sigmoid output layer"),
    "no_layers": (GOOD.split("[[layers]]")[0], "layers: missing"),
    "unknown_field": (GOOD.replace('name = "good"', 'name = "good"\nlearning_rat = 0.1'), "learning_rat: unknown field"),
    "batch_mismatch": (GOOD.replace("x = [1.0, 2.0]", "x = [[1.0, 2.0], [3.0, 4.0]]").replace("y = [0.5]", "y = [[0.5]]"),
                       "y: 1 targets for 2 samples"),
    "ragged_batch": (GOOD.replace("x = [1.0, 2.0]", "x = [[1.0, 2.0], [3.0]]").replace("y = [0.5]", "y = [[0.5], [0.1]]"),
                     "x[2]: expected 2 number(s)"),
    "too_large": (GOOD.replace("units = 2", "units = 5000").replace("weights = [[0.1, 0.2], [0.3, 0.4]]\n", "")
                  .replace("biases = [0.0, 0.1]\n", "").replace("x = [1.0, 2.0]", "x = [" + ", ".join(["1.0"] * 1000) + "]"),
                  "network too large"),
    "overflow": (GOOD.replace("x = [1.0, 2.0]", "x = [1e308, 1e308]").replace("weights = [[0.1, 0.2], [0.3, 0.4]]", "weights = [[10.0, 10.0], [10.0, 10.0]]")
                 .replace('"tanh"', '"linear"'), "became"),
}


def _check(result, path: Path, fragment: str) -> None:
    assert result.status == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert str(path) in lines[0] and fragment in lines[0], lines[0]
    assert "Traceback" not in result.err


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_config_is_one_clear_line(cli, tmp_path: Path, case: str) -> None:
    text, fragment = CASES[case]
    path = tmp_path / f"{case}.toml"
    path.write_text(text)
    for command in (["summary"], ["trace", "--format", "json"]):
        _check(cli(*command, "--config", str(path)), path, fragment)


def test_missing_file(cli, tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    _check(cli("summary", "--config", str(path)), path, "no such file")


def test_directory_instead_of_file(cli, tmp_path: Path) -> None:
    _check(cli("summary", "--config", str(tmp_path)), tmp_path, "is a directory")


def test_bad_json(cli, tmp_path: Path) -> None:
    path = tmp_path / "n.json"
    path.write_text('{"learning_rate": 0.1, ')
    _check(cli("summary", "--config", str(path)), path, "not valid JSON")


def test_json_config_works_like_toml(cli, tmp_path: Path) -> None:
    path = tmp_path / "n.json"
    path.write_text('{"learning_rate": 0.1, "loss": "mse", "x": [2.0], "y": [1.0], "layers": ['
                    '{"units": 1, "activation": "sigmoid", "weights": [[0.5]], "biases": [0.1]},'
                    '{"units": 1, "activation": "sigmoid", "weights": [[0.3]], "biases": [0.2]}]}')
    assert cli("summary", "--config", str(path)).out == cli("summary").out


def test_unknown_example(cli) -> None:
    result = cli("summary", "--example", "nope")
    assert result.status == 2 and "--example: unknown example 'nope'" in result.err


@pytest.mark.parametrize("args, fragment", [
    (["trace", "--format", "pdf"], "invalid choice"),
    (["summary", "--iterations", "0"], "expected a whole number >= 1"),
    (["--bogus"], "unrecognized arguments"),
    (["summary", "--config", "a", "--example", "seed"], "not allowed with argument"),
])
def test_usage_errors_are_one_line(cli, args: list[str], fragment: str) -> None:
    result = cli(*args)
    assert result.status == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0]


def test_too_many_iterations_refused_up_front(cli) -> None:
    result = cli("summary", "--example", "mnist-mlp", "--iterations", "100")
    assert result.status == 2 and "network too large" in result.err and "example mnist-mlp" in result.err


def test_console_script_exit_status_and_no_traceback(script: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("learning_rate = 'x'")
    proc = subprocess.run([script, "summary", "--config", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [f"tui-backprop: {path}: learning_rate: expected a number, got text 'x'"]


def test_broken_pipe_is_quiet(script: str) -> None:
    proc = subprocess.run(f"'{script}' trace --example mnist-mlp | head -n 3", shell=True,
                          capture_output=True, text=True)
    assert proc.stdout.count("\n") == 3 and "Traceback" not in proc.stderr and proc.stderr == ""
