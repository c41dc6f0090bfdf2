"""The graph layout's fast paths give the drawing the plain ones give: levels by numpy and by
the plain loop, rows sorted as ints and as floats, the spec read directly or through the
trace's plan, name lengths from bytes and from `printable`, the views shaped as the tuples
and dicts the painter reads, and the window's edges found through the incidence runs."""

from __future__ import annotations

import random

import numpy as np
import pytest

import tui_backprop as tb
from tui_backprop.app import graph_ranks, graph_rows
from tui_backprop.app import graph_layout as layout_module
from tui_backprop.app.graph_layout import graph_layout
from tui_backprop.app.graph_paint import GraphMarks, column_widths
from tui_backprop.app.graph_picture import _column_widths, number_widths
from tui_backprop.app.graph_widths import NAME_MAX, label_lengths
from tui_backprop.core.graph.plan import make_plan
from tui_backprop.core.graph.spec import GraphNode, GraphSpec
from tui_backprop.printable import printable


def random_spec(seed: int, ops: int, reach: int) -> GraphSpec:
    """A random valid graph: a few leaves and constants, then `ops` operations whose
    operands are among the last `reach` nodes (small reach: deep; large: wide)."""
    rng = random.Random(seed)
    nodes = [GraphNode(f"x{k}", "input", (), rng.uniform(-2, 2)) for k in range(3)]
    nodes += [GraphNode(f"c{k}", "const", (), rng.choice([0.5, -0.0, 2.0, 1e-7])) for k in range(4)]
    for k in range(ops):
        roll = rng.random()
        if roll < 0.1:
            nodes.append(GraphNode(f"p{k}", "parameter", (), rng.uniform(-1, 1)))
            continue
        pick = lambda: rng.randrange(max(0, len(nodes) - reach), len(nodes))  # noqa: E731
        a = pick()
        if roll < 0.25:
            nodes.append(GraphNode(f"t{k}", "tanh", (a,)))
        else:
            b = a if roll < 0.3 else pick()
            nodes.append(GraphNode(f"v{k} with a long name" if roll > 0.9 else f"v{k}",
                                   rng.choice("+*-"), (a, b)))
    last = max(i for i, node in enumerate(nodes) if node.inputs)
    return GraphSpec(tuple(nodes), last)


SPECS = [random_spec(seed, ops, reach) for seed, ops, reach in
         [(1, 40, 40), (2, 300, 3), (3, 3000, 4), (4, 2000, 2000), (5, 1500, 30)]]


def fresh(spec: GraphSpec):
    layout_module._LAST.clear()
    return graph_layout(spec)


@pytest.mark.parametrize("spec", SPECS)
def test_levels_by_numpy_and_by_the_plain_loop_agree(spec: GraphSpec, monkeypatch: pytest.MonkeyPatch) -> None:
    mixed = fresh(spec)
    monkeypatch.setattr(graph_ranks, "FEW", 10**9)  # the plain loop from the first level
    monkeypatch.setattr(graph_ranks, "REST", 10**9)
    looped = fresh(spec)
    monkeypatch.setattr(graph_ranks, "FEW", 0)  # numpy to the last level
    leveled = fresh(spec)
    assert mixed == looped == leveled
    assert (mixed.column_of >= 0).sum() == sum(node.op != "const" for node in spec.nodes)


@pytest.mark.parametrize("spec", SPECS)
def test_rows_sorted_as_ints_and_as_floats_agree(spec: GraphSpec, monkeypatch: pytest.MonkeyPatch) -> None:
    ints = fresh(spec)
    monkeypatch.setattr(graph_rows, "PAIRS", 0)  # every column by the float mean
    assert fresh(spec) == ints


@pytest.mark.parametrize("spec", SPECS)
def test_the_plan_and_the_spec_give_one_layout(spec: GraphSpec) -> None:
    layout_module._LAST.clear()
    from_plan = graph_layout(spec, make_plan(spec))
    assert fresh(spec) == from_plan
    # Every row of a column once, the columns as the place of each of their nodes says.
    for c, column in enumerate(from_plan.columns):
        assert [from_plan.place[i] for i in column] == [(c, r) for r in range(len(column))]
    assert len(from_plan.place) == sum(from_plan.sizes) == len(list(from_plan.place))


def test_the_views_answer_as_the_dicts_and_tuples_did() -> None:
    spec = SPECS[0]
    layout = fresh(spec)
    const = next(i for i, node in enumerate(spec.nodes) if node.op == "const")
    for missing in (const, -1, len(spec.nodes), "x", None, 1.0):
        assert missing not in layout.place and layout.place.get(missing, "no") == "no"
        with pytest.raises(KeyError):
            layout.place[missing]
    assert list(layout.place) == [i for column in layout.columns for i in column]
    users = [i for i, node in enumerate(spec.nodes)
             if node.inputs and any(spec.nodes[j].op == "const" for j in node.inputs)]
    assert list(layout.constants) == users
    for i in users:
        assert layout.constants[i] == tuple(j for j in spec.nodes[i].inputs if spec.nodes[j].op == "const")
    assert layout.constants.get(0, ()) == () and 0 not in layout.constants
    pairs = [(j, i) for i, node in enumerate(spec.nodes) for k, j in enumerate(node.inputs)
             if spec.nodes[j].op != "const" and j not in node.inputs[:k]]
    assert list(layout.edges) == pairs and len(layout.edges) == len(pairs)
    assert [layout.edges[k] for k in range(len(pairs))] == pairs
    assert layout.columns[-1] == layout.columns[len(layout.columns) - 1]
    assert layout.columns[0:2] == (layout.columns[0], layout.columns[1])


@pytest.mark.parametrize("spec", SPECS)
def test_edges_at_a_window_are_those_touching_it(spec: GraphSpec) -> None:
    layout = fresh(spec)
    edges = list(layout.edges)
    rng = random.Random(7)
    for _ in range(20):
        nodes = rng.sample(range(-2, len(spec.nodes) + 2), min(12, len(spec.nodes)))
        want = [k for k, (j, i) in enumerate(edges) if j in nodes or i in nodes]
        assert layout.edges_at(nodes) == want
    assert layout.edges_at([]) == []


def test_name_lengths_are_those_of_the_printable_names() -> None:
    odd = ["", "a", "x" * 11, "x" * 12, "x" * 40, "a\x00b", "\x1b[2J", "tab\there", "\x7f",
           "é", "\u202eevil", "\ud800", "naïve name", "a\nb"]
    for names in ([], [""], odd, odd[:5], ["plain", "a\x00"], ["x" * 30, "é"]):
        assert label_lengths(names).tolist() == [min(len(printable(s)), NAME_MAX) for s in names]


def test_widths_from_names_match_those_from_labels() -> None:
    """graph_picture measures from the names at once; graph_paint label by label."""
    nodes = [GraphNode("x\x1b", "input", (), 1.5), GraphNode("a very long name indeed", "parameter", (), 2.0),
             GraphNode("k", "const", (), -0.0), GraphNode("m", "const", (), 123456.789),
             GraphNode("p", "*", (0, 2)), GraphNode("q", "+", (3, 4)), GraphNode("r", "*", (2, 3)),
             GraphNode("s", "+", (5, 1)), GraphNode("t", "*", (6, 7))]
    spec = GraphSpec(tuple(nodes), 8)
    trace = tb.build_trace(spec)
    layout = fresh(spec)
    for decimals in (0, 3, 6):
        numbers = number_widths(trace, decimals)
        marks = GraphMarks(value=lambda i: None, grad=lambda i: None, decimals=decimals, numbers=numbers,
                           label=lambda i: printable(spec.nodes[i].name))
        assert _column_widths(trace, marks) == column_widths(spec, layout, marks)
        assert len(numbers) == len(layout.columns)
    assert np.all(layout.row_of[[2, 3]] == -1)
