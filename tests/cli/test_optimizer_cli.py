"""`optimizer = ...` in configs and `--optimizer NAME`: good ones run, every bad field is
exit status 2 with one line naming it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

MLP = """learning_rate = 0.5
loss = "mse"
x = [1.0, 0.5]
y = [1.0]
{optimizer}
[[layers]]
units = 2
activation = "tanh"
[[layers]]
units = 1
activation = "sigmoid"
"""
GRAPH = """learning_rate = 0.1
{optimizer}
[inputs]
x = 2.0
[parameters]
w = 1.0
[nodes]
L = "w*x"
"""

BAD = [
    ('optimizer = "rmsprop"', "optimizer: unknown optimizer"),
    ("optimizer = 3", "optimizer: expected an optimizer name or a table"),
    ('optimizer = { momentum = 0.9 }', "optimizer.kind: missing"),
    ('optimizer = { kind = "lion" }', "optimizer.kind: unknown optimizer"),
    ('optimizer = { kind = "adam", momentum = 0.9 }', "optimizer.momentum: not a field of adam"),
    ('optimizer = { kind = "adam", lr = 0.1 }', "optimizer.lr: not a field of adam"),
    ('optimizer = { kind = "sgd", nesterov = true }', "optimizer.nesterov: not a field of sgd"),
    ('optimizer = { kind = "adam", betas = [0.9] }', "optimizer.betas: expected a list of 2 numbers"),
    ('optimizer = { kind = "adam", betas = [0.9, 1.0] }', "optimizer.betas[2]: must be >= 0 and < 1"),
    ('optimizer = { kind = "adam", betas = [0.9, "x"] }', "optimizer.betas[2]: expected a number"),
    ('optimizer = { kind = "adamw", eps = -1e-8 }', "optimizer.eps: must be >= 0"),
    ('optimizer = { kind = "adamw", weight_decay = -0.1 }', "optimizer.weight_decay: must be >= 0"),
    ('optimizer = { kind = "adamw", weight_decay = nan }', "optimizer.weight_decay: expected a finite number"),
    ('optimizer = { kind = "momentum", momentum = 0 }', "optimizer.momentum: must be > 0"),
    ('optimizer = { kind = "momentum", dampening = 2 }', "optimizer.dampening: must be from 0 to 1"),
    ('optimizer = { kind = "momentum", nesterov = 1 }', "optimizer.nesterov: expected true or false"),
    ('optimizer = { kind = "momentum", dampening = 0.5, nesterov = true }',
     "optimizer.nesterov: Nesterov momentum needs zero dampening"),
]


@pytest.mark.parametrize("template", [MLP, GRAPH], ids=["mlp", "graph"])
@pytest.mark.parametrize("line, message", BAD, ids=[b[1] for b in BAD])
def test_bad_optimizer_fields(cli, tmp_path: Path, template: str, line: str, message: str) -> None:
    path = tmp_path / "net.toml"
    path.write_text(template.format(optimizer=line))
    result = cli("summary", "--config", str(path))
    assert result.status == 2 and result.out == ""
    assert result.err.count("\n") == 1 and f"net.toml: {message}" in result.err


def test_a_graph_without_learning_rate_takes_no_optimizer(cli, tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text(GRAPH.format(optimizer='optimizer = "adam"').replace("learning_rate = 0.1\n", ""))
    result = cli("summary", "--config", str(path))
    assert result.status == 2 and "g.toml: optimizer: needs a learning_rate" in result.err
    path.write_text(GRAPH.format(optimizer="").replace("learning_rate = 0.1\n", ""))
    result = cli("summary", "--config", str(path), "--optimizer", "adam")
    assert result.status == 2 and result.err.count("\n") == 1 and "--optimizer" in result.err


@pytest.mark.parametrize("template", [MLP, GRAPH], ids=["mlp", "graph"])
def test_the_command_line_overrides_the_config(cli, tmp_path: Path, template: str) -> None:
    path = tmp_path / "net.toml"
    path.write_text(template.format(optimizer='optimizer = { kind = "momentum", momentum = 0.5 }'))
    own = json.loads(cli("trace", "--format", "json", "--config", str(path)).out)
    assert own["optimizer"] == {"kind": "momentum", "momentum": 0.5, "dampening": 0.0,
                                "nesterov": False, "weight_decay": 0.0}
    over = json.loads(cli("trace", "--format", "json", "--config", str(path), "--optimizer", "adamw").out)
    assert over["optimizer"] == {"kind": "adamw", "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.01}
    kinds = {s["kind"] for s in over["iterations"][0]["steps"]}
    assert {"decoupled_decay", "first_moment", "second_moment", "first_correction",
            "second_correction"} <= kinds
    assert set(over["iterations"][0]["parameters"][0]["optimizer"]) == {"decoupled", "m", "v", "m_hat", "v_hat"}
    plain = json.loads(cli("trace", "--format", "json", "--config", str(path), "--optimizer", "sgd").out)
    assert "optimizer" not in plain and "optimizer" not in plain["iterations"][0]["parameters"][0]


def test_the_issue_recipe(cli) -> None:
    """`trace --example xor --iterations 50 --optimizer adam`, and its summary."""
    result = cli("trace", "--example", "xor", "--iterations", "50", "--optimizer", "adam")
    assert result.status == 0
    lines = result.out.splitlines()
    assert any("m̂[w1[1,1]] = m[w1[1,1]] / (1 - β1^t)" in line and "0.9^50" in line for line in lines)
    summary = cli("summary", "--example", "xor", "--iterations", "50", "--optimizer", "adam")
    assert summary.status == 0 and "Optimizer State (adam, step 50):" in summary.out
    assert "Optimizer State" not in cli("summary", "--example", "xor").out
