"""`tui-backprop trace --format text|json|markdown` and `examples`."""

from __future__ import annotations

import json
import math

import pytest

import tui_backprop as tb


def test_text_trace_has_one_line_per_step_in_order(cli) -> None:
    out = cli("trace", "--format", "text").out.splitlines()
    steps = [line for line in out if not line.startswith("#")]
    assert len(steps) == 17
    assert steps[0].split()[:3] == ["0", "forward", "z1"]
    assert steps[6].endswith("dL/dz2 = dL/dy_pred · y_pred(1 - y_pred) = (-0.791) × 0.239 = -0.189")
    assert steps[16].split()[:3] == ["16", "update", "b2"]


def test_json_trace_follows_the_contract(cli) -> None:
    doc = json.loads(cli("trace", "--format", "json").out)
    assert doc["format"] == "tui-backprop.trace/1"
    (it,) = doc["iterations"]
    assert it["index"] == 0
    sigmoid = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    y_pred = sigmoid(0.3 * sigmoid(0.5 * 2.0 + 0.1) + 0.2)
    assert math.isclose(it["loss"], (1 - y_pred) ** 2, rel_tol=1e-12)
    (sample,) = it["samples"]
    assert sample["x"] == [2.0] and sample["y"] == [1.0]
    assert [layer["layer"] for layer in sample["layers"]] == [1, 2]
    assert sample["layers"][0]["z"] == [1.1]
    names = [p["name"] for p in it["parameters"]]
    assert names == ["w1", "b1", "w2", "b2"]
    w1, b1 = it["parameters"][:2]
    assert (w1["kind"], w1["layer"], w1["row"], w1["col"]) == ("weight", 1, 0, 0)
    assert (b1["kind"], b1["col"]) == ("bias", None)
    assert math.isclose(w1["updated"], w1["value"] - 0.1 * w1["grad"])
    steps = it["steps"]
    assert [s["index"] for s in steps] == list(range(17))
    assert {k: steps[0][k] for k in ("index", "phase", "target", "formula", "value")} == {
        "index": 0, "phase": "forward", "target": "z1", "formula": "z1 = w1·x + b1", "value": 1.1}
    assert [s["phase"] for s in steps] == ["forward"] * 4 + ["loss"] + ["backward"] * 8 + ["update"] * 4


def test_json_numbers_are_full_float64(cli) -> None:
    doc = json.loads(cli("trace", "--format", "json", "--example", "mazur").out)
    trace = tb.build_trace(tb.example("mazur"))
    assert doc["iterations"][0]["loss"] == trace.results[0].loss
    assert [s["value"] for s in doc["iterations"][0]["steps"]] == [s.value for s in trace]


def test_json_batch_and_iterations(cli) -> None:
    doc = json.loads(cli("trace", "--format", "json", "--example", "xor", "--iterations", "2").out)
    assert len(doc["iterations"]) == 2
    assert len(doc["iterations"][1]["samples"]) == 4
    second = doc["iterations"][1]["steps"]
    assert second[0]["index"] == len(doc["iterations"][0]["steps"])
    first_params = doc["iterations"][0]["parameters"]
    assert [p["value"] for p in doc["iterations"][1]["parameters"]] == [p["updated"] for p in first_params]


def test_markdown_reads_as_a_worked_example(cli) -> None:
    out = cli("trace", "--format", "markdown", "--example", "mazur").out
    assert out.startswith("# Backpropagation step by step: mazur 2\\-2\\-2\n")
    for heading in ("## The forward pass", "## The loss", "## The backward pass", "## The update"):
        assert heading in out
    assert "`dL/dz2[1] = dL/dy_pred[1] · y_pred[1](1 - y_pred[1])`" in out
    assert "= 0.741 × 0.187 = **0.138**" in out
    assert out.index("## The forward pass") < out.index("## The backward pass")


def test_markdown_escapes_the_network_name(cli, tmp_path) -> None:
    cfg = tmp_path / "n.toml"
    cfg.write_text('name = "*bold* [x](y)"\nlearning_rate = 0.1\nloss = "mse"\nx = [1.0]\ny = [0.0]\n'
                   '[[layers]]\nunits = 1\nactivation = "linear"\n')
    out = cli("trace", "--format", "markdown", "--config", str(cfg)).out
    assert out.splitlines()[0] == r"# Backpropagation step by step: \*bold\* \[x\]\(y\)"


def test_output_file_is_written_whole(cli, tmp_path) -> None:
    target = tmp_path / "t.json"
    assert cli("trace", "--format", "json", "-o", str(target)).status == 0
    assert json.loads(target.read_text())["format"] == "tui-backprop.trace/1"
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]


def test_bad_config_leaves_no_output_file(cli, tmp_path) -> None:
    target = tmp_path / "t.json"
    result = cli("trace", "--format", "json", "--config", str(tmp_path / "missing.toml"), "-o", str(target))
    assert result.status == 2 and not target.exists()


def test_examples_lists_name_then_what_it_shows(cli) -> None:
    lines = cli("examples").out.splitlines()
    assert [line.split()[0] for line in lines] == ["seed", "mazur", "xor", "softmax", "mnist-mlp",
                                                   "micrograd-lecture", "tanh-neuron", "cs231n-circuit",
                                                   "cs231n-neuron", "colah"]
    assert all(len(line.split(None, 1)) == 2 for line in lines)


@pytest.mark.parametrize("name", ["seed", "mazur", "xor", "softmax", "mnist-mlp"])
def test_every_example_summarises(cli, name: str) -> None:
    result = cli("summary", "--example", name)
    assert result.status == 0 and "Loss = " in result.out


def test_mnist_trace_text_streams_every_step(cli) -> None:
    out = cli("trace", "--example", "mnist-mlp", "--format", "text").out
    assert out.count("\n") == 205245 + 2


def test_themes_lists_ours_first_one_a_line(cli) -> None:
    names = cli("themes").out.splitlines()
    assert names[0] == "backprop-dark"
    assert {"backprop-light", "backprop-contrast", "backprop-ansi", "backprop-mono"} <= set(names)
    assert "textual-dark" in names and len(names) == len(set(names))


def test_themes_dir_adds_a_theme(cli, tmp_path) -> None:
    (tmp_path / "chalk.toml").write_text('name = "chalk"\nprimary = "#88C0D0"\n')
    assert "chalk" in cli("themes", "--themes-dir", str(tmp_path)).out.splitlines()


def test_unknown_theme_is_refused_before_the_app_starts(cli) -> None:
    result = cli("--theme", "nope")
    assert result.status == 2
    assert result.err.strip() == "tui-backprop: --theme: unknown theme 'nope' (see tui-backprop themes)"
