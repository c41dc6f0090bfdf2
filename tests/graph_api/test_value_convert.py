"""The converter's fast path (value_convert) against the checked one (value_graph._convert):
the same spec on every graph the fast path takes, the same plan from its columns as from
its nodes, and every graph out of the ordinary left to the checked path."""

from __future__ import annotations

import dataclasses
import math
import random

import numpy as np
import pytest

from tui_backprop import ConfigError, Value, value_convert, value_graph
from tui_backprop.core.graph.columns import trusted
from tui_backprop.core.graph.plan import make_plan
from tui_backprop.value_names import Namer

PLAN_ARRAYS = ("ops", "code", "arg0", "arg1", "const", "edge_src", "edge_pos", "edge_dst",
               "edge_first", "edge_prev", "parameters")


def fast(root: Value, learning_rate: float | None = None, parameters: list | None = None):
    return value_convert.convert(root, learning_rate, parameters, Namer(), value_graph.MAX_NODES,
                                 value_graph.SOURCE)


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
def test_the_fast_path_gives_the_checked_spec_and_plan(seed: int) -> None:
    rng = random.Random(seed)
    root, parameters = random_graph(rng)
    rate = rng.choice([None, 0.1])
    spec = fast(root, rate, parameters)  # raises Unusual if it left the graph to the checked path
    checked = value_graph._convert(root, rate, parameters)
    assert spec == checked
    assert [n.group for n in spec.nodes] == [n.group for n in checked.nodes]
    assert trusted(spec) is not None and trusted(checked) is None
    same_plan(make_plan(spec), make_plan(checked))


def test_columns_describe_only_their_own_nodes() -> None:
    """An edited copy of a converted spec (as the app's editing makes one) is planned from
    its nodes: the converter's columns are for the nodes it made."""
    x = Value(2.0, label="x")
    spec = value_graph.graph_spec((x * 3).tanh())
    nodes = list(spec.nodes)
    nodes[0] = dataclasses.replace(nodes[0], value=5.0)
    edited = dataclasses.replace(spec, nodes=tuple(nodes))
    assert trusted(spec) is not None and trusted(edited) is None
    assert make_plan(edited).initial[0] == 5.0
    object.__setattr__(edited, "_trusted_columns", trusted(spec))  # columns of other nodes
    assert trusted(edited) is None


def hostile() -> list[tuple[Value, list | None]]:
    """Graphs the fast path must leave to the checked one: each is refused there, or
    unusual enough that only the checked path judges it."""
    a = Value(1.0, label="a")
    b = a * 2
    b._children = (b, a)  # a cycle
    c = Value(1.0, label="c")
    d = c * 2
    e = d + 1
    d._children = (e, c)  # a longer cycle
    odd = Value(1.0, label="odd") * 2
    odd._op = None  # type: ignore[assignment]
    x = Value(3.0, label="x")
    product = x * 2
    return [
        (b, None), (e, None), (odd, None),
        (Value(1.0, (Value(1.0),), "cube"), None),
        (Value(1.0, (Value(1.0),), "+"), None),
        (Value(1.0, (), "+") * 2, None),
        (Value(math.nan, label="x") * 2, None),
        (Value(1.0) * math.inf, None),
        (Value(10**400) * 2, None),
        (Value("2.0") * 2, None),
        (Value(np.float64(2.0)) * 2, None),
        (Value(1.0, (Value(1.0),), "**nan"), None),
        (Value(1.0, (Value(1.0),), "**" + "9" * 5000), None),
        (product + 1, [product]),
        (x * 2, [x, 3.0]),
    ]


@pytest.mark.parametrize("case", range(len(hostile())))
def test_what_is_out_of_the_ordinary_goes_to_the_checked_path(case: int) -> None:
    root, parameters = hostile()[case]
    with pytest.raises(value_convert.Unusual):
        fast(root, None, parameters)
    try:
        expected = value_graph._convert(root, None, parameters)
    except (ConfigError, TypeError) as error:
        with pytest.raises(type(error)) as raised:
            value_graph.graph_spec(root, parameters=parameters)
        assert str(raised.value) == str(error)
    else:  # unusual but valid (a numpy float): the checked path's spec
        assert value_graph.graph_spec(root, parameters=parameters) == expected


def test_a_graph_past_the_limit_goes_to_the_checked_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(value_graph, "MAX_NODES", 10)
    y = Value(1.0) ** 2
    for _ in range(4):
        y = y * 2.0
    with pytest.raises(value_convert.Unusual):
        fast(y)
    with pytest.raises(ConfigError, match="graph too large: 11 nodes"):
        value_graph.graph_spec(y)


def test_parameters_given_as_a_generator_are_read_once() -> None:
    w = Value(2.0, label="w")
    spec = value_graph.graph_spec(w * 3, parameters=(p for p in [w]))
    assert spec.parameters == (0,)
