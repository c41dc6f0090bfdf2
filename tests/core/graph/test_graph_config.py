"""Graph configs: parsing formulas into nodes, and every bad input of CONTRACT 6.1 as
one line naming the file and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tui_backprop as tb
from tui_backprop.core.graph.parser import MAX_FORMULA_CHARS

from graphs import graph

HEAD = "[inputs]\nx1 = 2.0\nx2 = 0.0\n[parameters]\nw1 = -3.0\nw2 = 1.0\nb = 0.5\n"


def nodes(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    spec = graph(text)
    names = [n.name for n in spec.nodes]
    return [(n.name, n.op, tuple(names[k] for k in n.inputs)) for n in spec.nodes]


def test_each_operation_is_a_node_named_by_its_text() -> None:
    got = nodes(HEAD + '[nodes]\nn = "x1*w1 + x2*w2 + b"\no = "tanh(n)"\n')
    assert got == [
        ("x1", "input", ()), ("x2", "input", ()), ("w1", "parameter", ()),
        ("w2", "parameter", ()), ("b", "parameter", ()),
        ("x1*w1", "*", ("x1", "w1")), ("x2*w2", "*", ("x2", "w2")),
        ("x1*w1 + x2*w2", "+", ("x1*w1", "x2*w2")), ("n", "+", ("x1*w1 + x2*w2", "b")),
        ("o", "tanh", ("n",)),
    ]
    spec = graph(HEAD + '[nodes]\nn = "x1*w1 + x2*w2 + b"\no = "tanh(n)"\n')
    assert spec.output == len(spec.nodes) - 1 and [spec.nodes[p].name for p in spec.parameters] == ["w1", "w2", "b"]
    assert spec.learning_rate is None and spec.name == "net"
    assert {n.group for n in spec.nodes if n.op not in ("input", "parameter")} == {"n", "o"}


def test_grammar_precedence_constants_and_repeated_text() -> None:
    got = nodes(HEAD + '[nodes]\nm = "-x1**2 + (x1  -  -3.5) / max(w1, 1e-3) - x1*w1 - x1*w1"\n')
    names = [g[0] for g in got[5:]]
    ops = [g[1] for g in got[5:]]
    # ** binds tighter than unary minus; -3.5 is one constant; spaces shown as written (one)
    assert ("x1**2", "**", ("x1", "2")) in got and ("-x1**2", "neg", ("x1**2",)) in got
    assert ("-3.5", "const", ()) in got and ("x1 - -3.5", "-", ("x1", "-3.5")) in got
    assert ("max(w1, 1e-3)", "max", ("w1", "1e-3")) in got
    assert "x1*w1" in names and "x1*w1#2" in names  # the same text twice: two nodes
    assert ops[-1] == "-" and names[-1] == "m"
    spec = graph(HEAD + '[nodes]\nm = "2**3**2"\n')
    assert [n.value for n in spec.nodes if n.op == "const"] == [2.0, 3.0, 2.0]
    assert spec.nodes[-1].inputs[0] == 5  # right-associative: 2**(3**2)


def test_output_can_be_named_and_json_works(tmp_path: Path) -> None:
    data = {"inputs": {"a": 1.0}, "nodes": {"b": "a*2", "c": "b + 1"}, "output": "b",
            "learning_rate": 0.5}
    path = tmp_path / "g.json"
    path.write_text(json.dumps(data))
    spec = tb.load_network(path)
    assert spec.nodes[spec.output].name == "b" and spec.learning_rate == 0.5


BAD = [
    ('[nodes]\nn = "x1 + x3"\n', "net.toml: nodes.n: unknown name 'x3'"),
    ('[nodes]\nn = "x1 +* 2"\n', "net.toml: nodes.n: syntax error at column 5: invalid syntax"),
    ('[nodes]\nn = "(x1 + 2"\n', "net.toml: nodes.n: syntax error at column 1: '(' was never closed"),
    ('[nodes]\nn = "  x1 % 2"\n', "net.toml: nodes.n: syntax error at column 6: unexpected character '%'"),
    ('[nodes]\nn = "x1 // 2"\n', "net.toml: nodes.n: syntax error at column 4: operator '//' is not allowed (+ - * / ** are)"),
    ('[nodes]\nn = "x1.real + 1"\n', "net.toml: nodes.n: syntax error at column 1: attribute access is not allowed in a formula"),
    ('[nodes]\nn = "foo(x1)"\n', "net.toml: nodes.n: unknown function 'foo' (one of exp, log, sqrt, tanh, sigmoid, relu, abs, sin, cos, max, min)"),
    ('[nodes]\nn = "max(x1)"\n', "net.toml: nodes.n: max() takes 2 arguments, got 1"),
    ('[nodes]\nn = "exp(x1, w1)"\n', "net.toml: nodes.n: exp() takes 1 argument, got 2"),
    ('[nodes]\nn = "m + 1"\nm = "x1*2"\n', "net.toml: nodes.n: 'm' is used before it is defined (nodes.m comes later)"),
    ('[nodes]\nn = "n + 1"\n', "net.toml: nodes.n: unknown name 'n'"),
    ('[nodes]\nx1 = "w1 + 1"\n', "net.toml: nodes.x1: 'x1' is defined twice (also in inputs)"),
    ('[nodes]\nn = "x1"\n', "net.toml: nodes.n: a formula needs an operation; 'x1' alone is a name"),
    ('[nodes]\nn = "-2"\n', "net.toml: nodes.n: a formula needs an operation; '-2' alone is a number"),
    ('[nodes]\nn = "+x1"\n', "net.toml: nodes.n: syntax error at column 1: only unary minus is allowed, not '+x1'"),
    ('[nodes]\nn = "x1 < 2"\n', "net.toml: nodes.n: syntax error at column 4: unexpected character '<'"),
    ('[nodes]\nn = "x1 if w1 else 2"\n', "net.toml: nodes.n: syntax error at column 1: if/else is not allowed in a formula"),
    ('[nodes]\nn = "x1 + True"\n', "net.toml: nodes.n: syntax error at column 6: 'True' is not a number"),
    ('[nodes]\nn = "x1 + 2j"\n', "net.toml: nodes.n: syntax error at column 6: '2j' is not a number"),
    ('[nodes]\nn = "x1 + 1e999"\n', "net.toml: nodes.n: number too large at column 6: '1e999'"),
    ('[nodes]\nn = "exp"\n', "net.toml: nodes.n: a formula needs an operation; 'exp' alone is a name"),
    ('[nodes]\nn = "exp + 1"\n', "net.toml: nodes.n: 'exp' is a function: call it, as exp(...)"),
    ('[nodes]\nn = 3\n', "net.toml: nodes.n: expected a formula (text), got a number 3"),
    ('[nodes]\nn = ""\n', "net.toml: nodes.n: empty formula"),
    ('[nodes]\n', "net.toml: nodes: no nodes (give at least one formula, e.g. o = \"tanh(x*w)\")"),
    ('output = "x1"\n[nodes]\nn = "x1*2"\n', "net.toml: output: 'x1' is not a node of [nodes] (it is one of the inputs)"),
    ('output = "zz"\n[nodes]\nn = "x1*2"\n', "net.toml: output: 'zz' is not a node of [nodes] (there is no such node)"),
    ('learning_rate = 0\n[nodes]\nn = "x1*2"\n', "net.toml: learning_rate: must be > 0, got 0"),
    ('learning_rate = true\n[nodes]\nn = "x1*2"\n', "net.toml: learning_rate: expected a number, got True"),
    ('loss = "mse"\n[nodes]\nn = "x1*2"\n', "net.toml: loss: unknown field for a graph (known: name, description, learning_rate, optimizer, output, inputs, parameters, nodes)"),
    ('[[layers]]\nunits = 1\n[nodes]\nn = "x1*2"\n', "net.toml: nodes: a config is a graph ([nodes]) or an MLP ([[layers]]), not both"),
]
BAD_LEAVES = [
    ('[inputs]\nx = true\n[nodes]\nn = "x*2"\n', "net.toml: inputs.x: expected a number, got True"),
    ('[inputs]\nx = "1"\n[nodes]\nn = "x*2"\n', "net.toml: inputs.x: expected a number, got '1'"),
    ('[inputs]\nx = nan\n[nodes]\nn = "x*2"\n', "net.toml: inputs.x: must be a finite number, got nan"),
    ('[parameters]\np = 1' + "0" * 400 + '\n[nodes]\nn = "p*2"\n', "net.toml: parameters.p: must be a finite number, got an integer too large"),
    ('[inputs]\nexp = 1.0\n[nodes]\nn = "exp*2"\n', "net.toml: inputs.exp: 'exp' is a function, not usable as a name"),
    ('[inputs]\nlambda = 1.0\n[nodes]\nn = "lambda*2"\n', "net.toml: inputs.lambda: 'lambda' is a reserved word, not usable as a name"),
    ('[inputs]\n"a b" = 1.0\n[nodes]\nn = "a*2"\n', "net.toml: inputs.a b: 'a b' is not a name (letters, digits and _, not starting with a digit)"),
    ('[inputs]\n"é" = 1.0\n[nodes]\nn = "x*2"\n', "net.toml: inputs.é: 'é' is not a name (letters, digits and _, not starting with a digit)"),
    ('[inputs]\nx = 1.0\n[parameters]\nx = 2.0\n[nodes]\nn = "x*2"\n', "net.toml: parameters.x: 'x' is defined twice (also in inputs)"),
    ('inputs = 3\n[nodes]\nn = "2*3"\n', "net.toml: inputs: expected a table of name = value, got int"),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=[m.split(": ", 2)[-1][:40] for _, m in BAD])
def test_bad_formulas_are_one_line_naming_file_and_field(text: str, message: str) -> None:
    with pytest.raises(tb.ConfigError) as error:
        top, rest = text.split("[nodes]", 1)  # top-level keys must come before any table
        graph(top + HEAD + "[nodes]" + rest)
    assert str(error.value) == message


@pytest.mark.parametrize(("text", "message"), BAD_LEAVES, ids=[m.split(": ", 2)[-1][:40] for _, m in BAD_LEAVES])
def test_bad_leaves(text: str, message: str) -> None:
    with pytest.raises(tb.ConfigError) as error:
        graph(text)
    assert str(error.value) == message


@pytest.mark.parametrize("formula", [
    "(" * 300 + "x1" + ")" * 300,      # the tokenizer's nesting limit
    "-" * 5000 + "x1",                 # deeper than the parser's recursion
    "+".join(["x1"] * 3000),           # a chain as deep as it is long: no recursion in the walk
    "x1 + " * 3000,
    "x1" + "*x1" * (MAX_FORMULA_CHARS // 3 + 1),
    "1" * 5000,
])
def test_hostile_formulas_end_in_one_line_not_a_crash(formula: str) -> None:
    text = HEAD + f'[nodes]\nn = "{formula}"\n'
    try:
        spec = graph(text)
    except tb.ConfigError as error:
        message = str(error)
        assert message.startswith("net.toml: nodes.n: ") and "\n" not in message and len(message) < 200
    else:  # a long chain within the limits is a valid graph
        assert len(spec.nodes) > 3000 and tb.build_trace(spec).results[0].values[-1] == 2.0 * 3000


def test_nothing_in_a_config_runs_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    for formula in (f"__import__('os').system('touch {marker}')", "exp.__class__",
                    "(lambda: 1)()", "[x1 for x1 in x2]"):
        with pytest.raises(tb.ConfigError):
            graph(HEAD + "[nodes]\nn = " + json.dumps(formula) + "\n")
    assert not marker.exists()
