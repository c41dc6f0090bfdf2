"""A Value expression as a GraphSpec: nodes, names, groups, parameters, and bad input."""

from __future__ import annotations

import math
import random
import subprocess
import sys
from pathlib import Path

import pytest

import tui_backprop as tb
from tui_backprop import ConfigError, Value, nn, value_graph
from tui_backprop.value_graph import graph_spec
from tui_backprop.value_names import NAME_LIMIT

ROOT = Path(__file__).resolve().parents[2]


def contract_example() -> tuple[Value, Value, Value]:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    return a, b, (a * b + 10) * -2


def rows(root: Value, **kwargs) -> list[tuple]:
    return [(n.name, n.op, n.inputs, n.value) for n in graph_spec(root, **kwargs).nodes]


def name_of(expr: Value) -> str:
    """The name expr gets when it is not the output (the output is `L`)."""
    return graph_spec(expr.relu()).nodes[-2].name


def test_the_contract_example() -> None:
    a, b, L = contract_example()
    spec = graph_spec(L)
    assert rows(L) == [
        ("a", "parameter", (), 2.0),
        ("b", "parameter", (), -3.0),
        ("a*b", "*", (0, 1), None),
        ("10", "const", (), 10.0),
        ("a*b + 10", "+", (2, 3), None),
        ("-2", "const", (), -2.0),
        ("L", "*", (4, 5), None),
    ]
    assert name_of(L) == "(a*b + 10)*-2"
    labelled = Value(1.0, label="L")
    assert [n.name for n in graph_spec(labelled * 2).nodes] == ["L", "2", "L*2"]
    assert (spec.output, spec.parameters, spec.learning_rate, spec.source) == (6, (0, 1), None, "<python>")


def test_micrograds_composite_ops_are_kept() -> None:
    """-x is x*-1, a - b is a + b*-1, a / b is a * b**-1: the graph micrograd computes."""
    a, b = Value(1.0, label="a"), Value(4.0, label="b")
    assert rows(a - b)[2:] == [("-1", "const", (), -1.0), ("b*-1", "*", (1, 2), None),
                               ("L", "+", (0, 3), None)]
    assert rows(a / b)[2:] == [("-1", "const", (), -1.0), ("b**-1", "**", (1, 2), None),
                               ("L", "*", (0, 3), None)]
    assert (name_of(a - b), name_of(a / b), name_of(-a)) == ("a + b*-1", "a*b**-1", "a*-1")


def test_a_power_has_its_exponent_as_a_const_operand() -> None:
    x = Value(3.0, label="x")
    assert rows(((x * 2) ** 2).relu())[:-1] == [("x", "parameter", (), 3.0), ("2", "const", (), 2.0), ("x*2", "*", (0, 1), None),
                                  ("2#2", "const", (), 2.0), ("(x*2)**2", "**", (2, 3), None)]
    assert rows(x**0.5)[1:] == [("0.5", "const", (), 0.5), ("L", "**", (0, 1), None)]


def test_functions_and_an_operand_used_twice() -> None:
    z = Value(0.5, label="z")
    names = [(n.name, n.op, n.inputs) for n in graph_spec((z * z).tanh().exp().log().sigmoid().relu()).nodes][:-1]
    assert names == [("z", "parameter", ()), ("z*z", "*", (0, 0)), ("tanh(z*z)", "tanh", (1,)),
                     ("exp(tanh(z*z))", "exp", (2,)), ("log(exp(tanh(z*z)))", "log", (3,)),
                     ("v5", "sigmoid", (4,))]


def test_parentheses_follow_the_order_of_operations() -> None:
    a, b, c = (Value(1.0, label=n) for n in "abc")
    assert name_of(a * (b + c)) == "a*(b + c)"
    assert name_of((a + b) + c) == "a + b + c"
    assert name_of(a + (b + c)) == "a + (b + c)"
    assert name_of((a * b) ** 2) == "(a*b)**2"
    assert name_of(a * b**2) == "a*b**2"
    assert name_of((a + -2.0) ** -2) == "(a + -2)**-2"
    assert name_of(a.tanh() * b) == "tanh(a)*b"


def test_duplicate_labels_and_repeated_constants_are_made_unique() -> None:
    w1, w2 = Value(1.0, label="w"), Value(2.0, label="w")
    names = [n.name for n in graph_spec((w1 + 1) * (w2 + 1)).nodes]
    assert names == ["w", "1", "w + 1", "w#2", "1#2", "w#2 + 1", "L"]
    x = Value(1.0, label="x")
    y = x
    for _ in range(300):
        y = y - 1.0
    spec = graph_spec(y)
    assert len({n.name for n in spec.nodes}) == len(spec.nodes)


def test_unlabelled_leaves_and_long_expressions_are_named_by_index() -> None:
    p, q = Value(1.0), Value(2.0)
    expr = p
    for _ in range(6):
        expr = expr * q + p
    names = [n.name for n in graph_spec(expr).nodes]
    assert names[:4] == ["v0", "v1", "v0*v1", "v0*v1 + v0"]
    assert all(len(n) <= NAME_LIMIT for n in names) and any(n.startswith("v") and "*" not in n for n in names[4:])


def test_groups_follow_the_labelled_consumer() -> None:
    x, w, b = Value(0.5, label="x"), Value(2.0, label="w"), Value(0.1, label="b")
    z = x * w + b
    z.label = "z"
    loss = (z.tanh() - 1.0) ** 2
    spec = graph_spec(loss)
    group = {n.name: n.group for n in spec.nodes}
    assert group["x*w"] == "z" and group["z"] == "z"
    assert group["tanh(z)"] == group["tanh(z) + -1"] == group["L"] == "L"
    assert group["x"] is None and group["-1"] is None and group["2"] is None


def test_parameters_default_to_the_leaves_the_program_made() -> None:
    random.seed(1)
    model = nn.MLP(2, [2, 1])
    loss = (model([1.0, -2.0]) - 0.5) ** 2
    spec = graph_spec(loss, learning_rate=0.1)
    made = [n.name for n in spec.nodes if n.op == "parameter"]
    assert sorted(made) == sorted(p.label for p in model.parameters())
    assert {n.op for n in spec.nodes if n.name in ("1", "-2", "-0.5")} == {"const"}
    explicit = graph_spec(loss, learning_rate=0.1, parameters=model.parameters())
    assert [explicit.nodes[i].name for i in explicit.parameters] == [p.label for p in model.parameters()]
    assert explicit.learning_rate == 0.1


def test_explicit_parameters_leave_other_leaves_as_inputs() -> None:
    x, w = Value(3.0, label="x"), Value(2.0, label="w")
    unused = Value(9.0, label="u")
    spec = graph_spec(x * w, parameters=[w, unused])
    assert [(n.name, n.op) for n in spec.nodes[:2]] == [("x", "input"), ("w", "parameter")]
    assert spec.parameters == (1,)
    with pytest.raises(ConfigError, match="parameters\\[0\\].*computed"):
        product = x * w
        graph_spec(product + 1, parameters=[product])
    with pytest.raises(TypeError, match="parameters\\[0\\]"):
        graph_spec(x * w, parameters=[3.0])


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_number_that_is_not_finite_is_refused_by_name(bad: float) -> None:
    x = Value(bad, label="x")
    with pytest.raises(ConfigError, match="<python>: node 'x': expected a finite number"):
        graph_spec(x * 2)
    with pytest.raises(ConfigError, match="constant"):
        graph_spec(Value(1.0) * bad)


def test_bad_input_is_refused_in_one_line() -> None:
    cases = [
        (lambda: graph_spec(Value("2.0", label="s")), "node 's': expected a real number"),
        (lambda: graph_spec(Value(1.0, (Value(1.0),), "cube")), "unknown operation 'cube'"),
        (lambda: graph_spec(Value(1.0, (Value(1.0),), "+")), "'+' takes 2 operand"),
        (lambda: graph_spec(Value(1.0) * 2, learning_rate=-1), "learning_rate: expected a positive"),
        (lambda: graph_spec(Value(1.0) * 2, learning_rate=math.nan), "learning_rate: expected a finite"),
    ]
    for make, message in cases:
        with pytest.raises(ConfigError) as error:
            make()
        assert message in str(error.value) and "\n" not in str(error.value)
    with pytest.raises(TypeError):
        graph_spec(2.0)  # type: ignore[arg-type]


def test_a_graph_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(value_graph, "MAX_NODES", 10)
    y = Value(1.0)
    for _ in range(5):
        y = y * 2.0
    with pytest.raises(ConfigError, match="graph too large: 11 nodes \\(the limit is 10\\)"):
        graph_spec(y)


def test_a_deep_graph_converts_without_recursion() -> None:
    y = Value(1.0, label="x")
    for _ in range(5000):
        y = y + 1
    spec = graph_spec(y)
    assert len(spec.nodes) == 10_001 and spec.output == 10_000


DETERMINISM = """
import random
from tui_backprop import nn
from tui_backprop.value_graph import graph_spec
from tui_backprop.value_names import NAME_LIMIT
random.seed(5)
model = nn.MLP(3, [4, 4, 2])
outs = [model([0.5, -1.0, 2.0]), model([1.0, 0.0, -0.5])]
loss = sum(((o - t) ** 2 for out in outs for o, t in zip(out, [1.0, -1.0])), nn.Value(0.0))
spec = graph_spec(loss)
print(repr(spec))
"""


def test_the_spec_is_the_same_on_every_run() -> None:
    """No hash or address order anywhere: processes with different hash seeds agree."""
    outputs = []
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", DETERMINISM], capture_output=True, text=True, timeout=120,
                              cwd=ROOT, env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT), "PATH": ""})
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and outputs[0].count("GraphNode(") > 100


def test_the_api_loads_no_ui() -> None:
    code = ("import sys, tui_backprop as tb, tui_backprop.nn\n"
            "tb.value_graph.graph_spec((tb.Value(1.0) * 2).tanh())\n"
            "print([m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_graph_trace_builds_the_trace_of_the_spec() -> None:
    trace_module = pytest.importorskip("tui_backprop.core.graph.trace")
    a, b, L = contract_example()
    trace = tb.graph_trace(L, learning_rate=0.01)
    assert isinstance(trace, trace_module.GraphTrace)
    assert trace.spec == graph_spec(L, learning_rate=0.01)


def test_a_graph_made_cyclic_or_odd_by_hand_is_refused_in_one_line() -> None:
    # micrograd's internals are plain attributes: a program can assign them. Whatever it
    # assigns, graph_spec names the node and says why, never a KeyError or TypeError
    # from deep inside.
    a = Value(1.0, label="a")
    b = a * 2
    b.label = "b"
    b._children = (b, a)  # the node is its own operand
    c = Value(1.0, label="c")
    d = c * 2
    e = d + 1
    d._children = (e, c)  # a longer cycle: d needs e, which needs d
    odd = Value(1.0, label="odd") * 2
    odd._op = None  # type: ignore[assignment]
    cases = [
        (b, "node 'b': its operands lead back to itself (a cycle)"),
        (e, "its operands lead back to itself (a cycle)"),
        (Value(10**400, label="big") * 2, "node 'big': expected a finite number, got an integer too large"),
        (Value(1.0, (Value(1.0, label="x"),), "**" + "9" * 5000) , "expected a finite number"),
        (odd, "unknown operation None"),
    ]
    for root, message in cases:
        with pytest.raises(ConfigError) as error:
            graph_spec(root)
        text = str(error.value)
        assert message in text and "\n" not in text and len(text) < 300, text
