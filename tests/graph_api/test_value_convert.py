"""The converter (value_convert) against a reference written here the simple way (a
recursive post-order, then node by node): the same spec on random graphs, the same plan
from its columns as from its nodes; and each fault of a hand-edited graph refused with
its one-line message, never an exception from inside the graph."""

from __future__ import annotations

import dataclasses
import math
import random

import numpy as np
import pytest

from tui_backprop import ConfigError, Value, value_graph
from tui_backprop.core.graph.columns import trusted
from tui_backprop.core.graph.plan import make_plan
from tui_backprop.core.graph.spec import GraphNode, GraphSpec
from tui_backprop.engine import _Const
from tui_backprop.value_graph import graph_spec
from tui_backprop.value_names import Namer

PLAN_ARRAYS = ("ops", "code", "arg0", "arg1", "const", "edge_src", "edge_pos", "edge_dst",
               "edge_first", "edge_prev", "parameters")
OPS = {"+": "+", "*": "*", "ReLU": "relu", "tanh": "tanh", "exp": "exp", "log": "log", "sigmoid": "sigmoid"}


def reference(root: Value, learning_rate: float | None, parameters: list[Value] | None) -> GraphSpec:
    """The spec as value_graph's module doc describes it, for a valid graph."""
    order: list[Value] = []
    seen: set[Value] = set()

    def visit(v: Value) -> None:  # micrograd's build_topo
        if v not in seen:
            seen.add(v)
            for child in v._children:
                visit(child)
            order.append(v)

    visit(root)
    if parameters is None:
        params = [v for v in order if not v._children and type(v) is not _Const]
    else:
        params = list(dict.fromkeys(p for p in parameters if p in seen))
    namer, rows, own, index = Namer(), [], [], {}
    for v in order:
        if v._children:
            inputs = tuple(index[c] for c in v._children)
            op = "**" if v._op.startswith("**") else OPS[v._op]
            if op == "**":
                k = float(v._op[2:])
                rows.append((namer.constant(k), "const", (), k))
                own.append(None)
                inputs += (len(rows) - 1,)
            if v.label or (v is root and not namer.taken("L")):
                name = namer.label(v.label or "L")
            else:
                name = namer.operation(op, inputs)
            rows.append((name, op, inputs, None))
            own.append(name if v.label or v is root else None)
        elif type(v) is _Const and v not in params:
            rows.append((namer.label(v.label) if v.label else namer.constant(float(v.data)), "const", (), float(v.data)))
            own.append(None)
        else:
            name = namer.label(v.label) if v.label else namer.anonymous()
            rows.append((name, "parameter" if v in params else "input", (), float(v.data)))
            own.append(None)
        index[v] = len(rows) - 1
    first_consumer: dict[int, int] = {}
    for i, row in enumerate(rows):
        for j in row[2]:
            first_consumer.setdefault(j, i)

    def group(i: int) -> str | None:  # an unlabelled operation: its first consumer's
        return None if not rows[i][2] else own[i] or group(first_consumer[i])

    nodes = tuple(GraphNode(*row, group(i)) for i, row in enumerate(rows))
    return GraphSpec(nodes=nodes, output=index[root], parameters=tuple(index[p] for p in params),
                     learning_rate=learning_rate, name=nodes[index[root]].name, source="<python>")


def random_graph(rng: random.Random) -> tuple[Value, list[Value] | None]:
    """A graph of every op micrograd has, with labels that collide (also with `L`), repeated
    constants, operands used twice, relu's int 0, and a parameter list that may name leaves
    twice, constants, or values the root does not use."""
    names = ["", "", "a", "w", "L", "x1", "-1", "v3", "a*w"]
    leaves = [Value(rng.choice([rng.uniform(-2, 2), 1, 0.0]), label=rng.choice(names))
              for _ in range(rng.randint(1, 5))]
    made = list(leaves)
    for _ in range(rng.randint(1, 40)):
        x, y = rng.choice(made), rng.choice(made)
        pick = rng.randrange(10)
        v = [lambda: x + y, lambda: x * y, lambda: x * rng.choice([2, -1.5, 0.5]), lambda: x.tanh(),
             lambda: x.sigmoid(), lambda: x.relu(), lambda: (x.tanh() + 2) ** rng.choice([2, -1, 0.5]),
             lambda: x - y, lambda: (x * 0.1).exp(), lambda: (x * x + 1).log()][pick]()
        if rng.random() < 0.2:
            v.label = rng.choice(names[2:])
        made.append(v)
    root = made[-1] if rng.random() < 0.5 else made[-1] + sum(made[:-1], Value(0.0))
    if rng.random() < 0.4:
        return root, None
    pool = leaves + [Value(3.0), made[0]]
    return root, [rng.choice(pool) for _ in range(rng.randint(0, 6)) if not rng.choice(pool)._children]


def same_plan(a, b) -> None:
    for name in PLAN_ARRAYS:
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and np.array_equal(x, y), name
    assert a.initial == b.initial and a.backward_edges == b.backward_edges
    assert a.forward_plan == b.forward_plan


@pytest.mark.parametrize("seed", range(60))
def test_the_spec_is_the_reference_one_and_its_columns_plan_as_its_nodes(seed: int) -> None:
    rng = random.Random(seed)
    root, parameters = random_graph(rng)
    rate = rng.choice([None, 0.1])
    spec = graph_spec(root, rate, parameters)
    expected = reference(root, rate, parameters)
    assert spec == expected
    assert [n.group for n in spec.nodes] == [n.group for n in expected.nodes]
    from_nodes = dataclasses.replace(spec)  # a copy has no columns: planned from its nodes
    assert trusted(spec) is not None and trusted(from_nodes) is None
    same_plan(make_plan(spec), make_plan(from_nodes))


def test_columns_describe_only_their_own_nodes() -> None:
    """An edited copy of a converted spec (as the app's editing makes one) is planned from
    its nodes: the converter's columns are for the nodes it made."""
    x = Value(2.0, label="x")
    spec = graph_spec((x * 3).tanh())
    nodes = list(spec.nodes)
    nodes[0] = dataclasses.replace(nodes[0], value=5.0)
    edited = dataclasses.replace(spec, nodes=tuple(nodes))
    assert trusted(spec) is not None and trusted(edited) is None
    assert make_plan(edited).initial[0] == 5.0
    object.__setattr__(edited, "_trusted_columns", trusted(spec))  # columns of other nodes
    assert trusted(edited) is None


def edited(attribute: str, value: object) -> Value:
    """`Value(1.0, label='a') * 2` with one attribute assigned by hand."""
    v = Value(1.0, label="a") * 2
    setattr(v, attribute, value)
    return v


class Unhashable(Value):
    __hash__ = None  # type: ignore[assignment]


class RaisingLabel(Value):
    @property  # type: ignore[override]
    def label(self) -> str:
        raise ValueError("no label here")

    @label.setter
    def label(self, text: str) -> None:
        pass


def hostile() -> list[tuple[Value, list | None, str]]:
    """Graphs with one fault each, and the message that names it."""
    a = Value(1.0, label="a")
    b = a * 2
    b._children = (b, a)  # a cycle
    c = Value(1.0, label="c")
    d = c * 2
    e = d + 1
    d._children = (e, c)  # a longer cycle
    x = Value(3.0, label="x")
    product = x * 2
    huge = "**" + "9" * 5000
    cut = repr(huge)[:37] + "..."  # a message stays one short line
    known = "(known: '+', '*', 'ReLU', 'tanh', 'exp', 'log', 'sigmoid', '**k')"
    return [
        (b, None, "node '*': its operands lead back to itself (a cycle)"),
        (e, None, "node '*': its operands lead back to itself (a cycle)"),
        (edited("_op", None), None, f"node None: unknown operation None {known}"),
        (edited("_op", ["+"]), None, f"node ['+']: unknown operation ['+'] {known}"),
        (Value(1.0, (Value(1.0),), "cube"), None, f"node 'cube': unknown operation 'cube' {known}"),
        (Value(1.0, (Value(1.0),), "+"), None, "node '+': '+' takes 2 operand(s), got 1"),
        (Value(1.0, (), "+") * 2, None, "node '+': '+' takes 2 operand(s), got 0"),
        (Value(1.0, (Value(1.0), Value(2.0)), "**2"), None, "node '**2': '**2' takes 1 operand(s), got 2"),
        (Value(math.nan, label="x") * 2, None, "node 'x': expected a finite number, got nan"),
        (Value(1.0) + Value(math.inf), None, "node 'v1': expected a finite number, got inf"),
        (Value(1.0) * math.inf, None, "constant inf: expected a finite number, got inf"),
        (edited("data", math.nan), None, "node 'L': expected a finite number, got nan"),
        (Value(10**400) * 2, None, "node 'v0': expected a finite number, got an integer too large"),
        (Value("2.0") * 2, None, "node 'v0': expected a real number, got str '2.0'"),
        (Value(1.0, (Value(1.0),), "**x"), None, "node '**x': unknown operation '**x'"),
        (Value(1.0, (Value(1.0),), "**nan", label="p"), None, "node 'p' ('**nan'): expected a finite number, got nan"),
        (Value(1.0, (Value(1.0),), huge), None, f"node {cut} ({cut}): expected a finite number, got inf"),
        (product + 1, [product], "parameters[0]: Value(data=6.0, grad=0) is computed ('*'), "
                                 "not a leaf the update can change"),
        (edited("_children", 5), None, "node '*': its operands (_children) are int 5, not a tuple of Values"),
        (edited("_children", None), None, "node '*': its operands (_children) are NoneType None, not a tuple of Values"),
        (edited("_children", "ab"), None, "node '*': its operands (_children) are str 'ab', not a tuple of Values"),
        (edited("_children", (Value(1.0), 3)), None, "node '*': operand 2 is int 3, not a Value"),
        (edited("_children", (Value(1.0), [3])), None, "node '*': operand 2 is list [3], not a Value"),
        (edited("label", 5), None, "node '*': label: expected a str, got int 5"),
        (Value(1.0, label=["w"]) * 2, None, "node 1.0: label: expected a str, got list ['w']"),
        (Unhashable(1.0) * 2, None, "node '*': cannot be read (TypeError: \"unhashable type: 'Unhashable'\")"),
        (RaisingLabel(1.0) * 2, None, "a RaisingLabel: cannot be read (ValueError: 'no label here')"),
    ]


@pytest.mark.parametrize("case", range(len(hostile())))
def test_a_fault_is_refused_in_one_line_naming_it(case: int) -> None:
    root, parameters, message = hostile()[case]
    with pytest.raises(ConfigError) as raised:
        graph_spec(root, parameters=parameters)
    assert str(raised.value) == f"<python>: {message}"


def test_a_parameter_that_is_not_a_value_is_a_type_error() -> None:
    x = Value(3.0, label="x")
    with pytest.raises(TypeError, match=r"^parameters\[1\]: expected a Value, got float$"):
        graph_spec(x * 2, parameters=[x, 3.0])
    with pytest.raises(TypeError):
        graph_spec(x * 2, parameters=5)  # type: ignore[arg-type]


def test_a_list_of_operands_and_a_numpy_float_are_read_as_they_are() -> None:
    """Not the ordinary case, but a graph: converted as the tuple and the float would be."""
    x = Value(np.float64(2.0), label="x")
    listed = x * 2
    listed._children = list(listed._children)
    assert graph_spec(listed) == graph_spec(Value(2.0, label="x") * 2)


def test_parameters_given_as_a_generator_are_read_once() -> None:
    w = Value(2.0, label="w")
    spec = value_graph.graph_spec(w * 3, parameters=(p for p in [w]))
    assert spec.parameters == (0,)
