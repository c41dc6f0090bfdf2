"""The command line on computation graphs (CONTRACT 6.3): summary, trace formats,
gradcheck, and bad graph configs as one line with exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_summary_of_a_graph(cli) -> None:
    result = cli("summary", "--example", "tanh-neuron")
    assert result.status == 0 and result.out == (
        "Forward Pass:\n  n = 0.881\n  o = 0.707\n\n"
        "Backward Pass (Gradients):\n  do/dx1 = -1.500\n  do/dx2 = 0.500\n  do/dw1 = 1.000\n"
        "  do/dw2 = 0.000\n  do/db = 0.500\n\n"
        "Updated Weights:\n  w1: -3.000 -> -3.100\n  w2: 1.000 -> 1.000\n  b: 6.881 -> 6.831\n")
    plain = cli("summary", "--example", "cs231n-circuit", "--decimals", "1")
    assert plain.out == ("Forward Pass:\n  q = 3.0\n  f = -12.0\n\nBackward Pass (Gradients):\n"
                         "  df/dx = -4.0\n  df/dy = -4.0\n  df/dz = 3.0\n")


def test_json_trace_of_a_graph(cli) -> None:
    result = cli("trace", "--example", "colah", "--format", "json", "--iterations", "2")
    doc = json.loads(result.out)
    assert doc["kind"] == "graph" and doc["output"] == "e" and len(doc["iterations"]) == 2
    nodes = doc["iterations"][0]["nodes"]
    assert [n["name"] for n in nodes] == ["a", "b", "c", "1", "d", "e"]
    assert nodes[3] == {"name": "1", "op": "const", "inputs": [], "value": 1.0, "grad": None}
    assert nodes[4] == {"name": "d", "op": "+", "inputs": ["b", "1"], "value": 2.0, "grad": 3.0}
    steps = doc["iterations"][1]["steps"]
    assert steps[-1]["formula"] == "de/db += de/dc · ∂c/∂b" and steps[-1]["previous"] == 3.0
    assert doc["iterations"][0]["parameters"] == []
    trained = json.loads(cli("trace", "--example", "tanh-neuron", "--format", "json").out)
    w1 = trained["iterations"][0]["parameters"][0]
    assert w1["name"] == "w1" and w1["value"] == -3.0 and w1["grad"] == pytest.approx(1.0)
    assert w1["updated"] == -3.0 - 0.1 * w1["grad"]
    mlp = json.loads(cli("trace", "--format", "json").out)
    assert mlp["kind"] == "mlp"


def test_text_and_markdown_of_a_graph(cli) -> None:
    text = cli("trace", "--example", "micrograd-lecture").out
    assert "  backward  dL/da = dL/de · ∂e/∂a = (-2.000) × (-3.000) = 6.000\n" in text
    notes = cli("trace", "--example", "micrograd-lecture", "--format", "markdown").out
    assert notes.startswith("# Backpropagation step by step: micrograd lecture") and "## The update" in notes


def test_gradcheck_of_a_graph(cli) -> None:
    result = cli("gradcheck", "--example", "cs231n-neuron")
    assert result.status == 0 and "all 5 gradients within tolerance" in result.out


def test_bad_graph_config_is_one_line(cli, tmp_path: Path) -> None:
    path = tmp_path / "net.toml"
    path.write_text('[inputs]\nx1 = 1.0\n[nodes]\nn = "x1 + x3"\n')
    result = cli("summary", "--config", str(path))
    assert result.status == 2 and result.err == f"tui-backprop: {path}: nodes.n: unknown name 'x3'\n"
    path.write_text('[inputs]\nx1 = 0.0\n[nodes]\nn = "log(x1)"\n')
    result = cli("trace", "--config", str(path))
    assert result.status == 2 and result.err.count("\n") == 1 and "nodes.n: log of 0" in result.err


def test_the_debugger_opens_on_a_graph(cli, monkeypatch) -> None:
    """The CLI hands a graph's spec to the debugger as it does a network (the app's own
    tests drive it; here it is not run, since tests have no terminal)."""
    import tui_backprop.app as app
    from tui_backprop.core.graph.spec import GraphSpec

    opened = []
    monkeypatch.setattr(app, "run", lambda model, **options: opened.append((model, options)) or 0)
    result = cli("--example", "colah", "--iterations", "2")
    assert result.status == 0 and result.err == ""
    [(model, options)] = opened
    assert isinstance(model, GraphSpec) and model.name == "colah's graph"
    assert options["iterations"] == 2


def test_examples_lists_the_graphs(cli) -> None:
    out = cli("examples").out
    assert "colah" in out and "cs231n-neuron" in out and out.index("mnist-mlp") < out.index("micrograd-lecture")
