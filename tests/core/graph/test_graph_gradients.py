"""Random graphs over every operation of the grammar: each leaf's gradient against
central finite differences of the output (which only ever runs the forward pass)."""

from __future__ import annotations

import dataclasses
import os

import numpy as np
from hypothesis import HealthCheck, assume, given, settings, strategies as st

import tui_backprop as tb
from tui_backprop.core.graph.compute import make_plan, run_iteration
from tui_backprop.core.graph.spec import GraphSpec

from graphs import graph

SETTINGS = settings(max_examples=int(os.environ.get("TB_HYPOTHESIS_EXAMPLES", "80")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
LEAVES = ["x0", "x1", "p0", "p1", "p2"]
UNARY = ["-{a}", "exp(tanh({a}))", "log({a}*{a} + 0.5)", "sqrt({a}*{a} + 0.5)", "tanh({a})",
         "sigmoid({a})", "relu({a})", "abs({a})", "sin({a})", "cos({a})", "{a}**2", "{a}**3"]
BINARY = ["{a} + {b}", "{a} - {b}", "{a}*{b}", "{a} / ({b}*{b} + 0.5)",
          "({a}*{a} + 0.5)**tanh({b})", "max({a}, {b})", "min({a}, {b})"]
KINKS = {"relu": lambda a, b: abs(a), "abs": lambda a, b: abs(a),
         "max": lambda a, b: abs(a - b), "min": lambda a, b: abs(a - b)}
"""Distance of the operands from the point where each kinked op has no derivative."""


def expression(names: list[str], depth: int) -> st.SearchStrategy[str]:
    leaf = st.sampled_from(names) | st.sampled_from(["2", "0.5", "-1.5"])
    if depth == 0:
        return st.sampled_from(names)
    sub = expression(names, depth - 1)
    unary = st.tuples(st.sampled_from(UNARY), sub).map(lambda t: t[0].format(a=f"({t[1]})"))
    binary = st.tuples(st.sampled_from(BINARY), sub, sub | leaf).map(
        lambda t: t[0].format(a=f"({t[1]})", b=f"({t[2]})"))
    return unary | binary


@st.composite
def graphs(draw: st.DrawFn) -> GraphSpec:
    values = draw(st.lists(st.floats(-2, 2, allow_nan=False), min_size=5, max_size=5))
    text = "learning_rate = 0.05\n[inputs]\n" + "".join(f"{n} = {v!r}\n" for n, v in zip(LEAVES[:2], values))
    text += "[parameters]\n" + "".join(f"{n} = {v!r}\n" for n, v in zip(LEAVES[2:], values[2:]))
    names, formulas = list(LEAVES), []
    for k in range(draw(st.integers(1, 4))):
        formulas.append(f'n{k} = "{draw(expression(names, draw(st.integers(1, 3))))}"')
        names.append(f"n{k}")
    return graph(text + "[nodes]\n" + "\n".join(formulas) + "\n", "random.toml")


def _output(spec: GraphSpec, leaf: int, value: float) -> float:
    nodes = list(spec.nodes)
    nodes[leaf] = dataclasses.replace(nodes[leaf], value=value)
    changed = dataclasses.replace(spec, nodes=tuple(nodes), learning_rate=None)
    params = np.array([changed.nodes[p].value for p in changed.parameters])
    return float(run_iteration(make_plan(changed), params).values[spec.output])


@SETTINGS
@given(graphs())
def test_gradients_match_central_differences(spec: GraphSpec) -> None:
    try:
        tr = tb.build_trace(spec, 2)
    except tb.NumericError:
        assume(False)
    result = tr.results[0]
    for i, node in enumerate(spec.nodes):
        if node.op in KINKS:
            a = result.values[node.inputs[0]]
            b = result.values[node.inputs[-1]]
            assume(KINKS[node.op](a, b) > 1e-4)
    assume(np.all(np.abs(result.values) < 1e6))
    h = 1e-6
    for i, node in enumerate(spec.nodes):
        if node.op not in ("input", "parameter"):
            continue
        numeric = (_output(spec, i, node.value + h) - _output(spec, i, node.value - h)) / (2 * h)
        analytic = result.grads[i]
        assert abs(analytic - numeric) <= 1e-4 * max(1.0, abs(analytic), abs(numeric)), node.name
    # the running sums end at the gradients, and the update uses them
    last = {}
    for step in tr:
        if step.iteration == 0 and step.kind == tb.StepKind.GRAD:
            last[step.graph_node] = step.value
    for k, v in last.items():
        assert result.grads[k] == v
    params = np.array(spec.parameters)
    np.testing.assert_array_equal(result.new_parameters, result.values[params] - 0.05 * result.grads[params])


def test_the_check_nudges_only_the_forward_pass() -> None:
    # o = x**w at x = 0, w = 1: do/dx = 1 and do/dw = 0. Nudged, x = -h makes the
    # derivative by w (it needs log x) undefined, and w = 1 - h the one by x (0**-h): a
    # check that ran the backward pass at the nudged points read NaN and failed both.
    from tui_backprop.core.graph.gradcheck import check_graph_gradients

    trace = tb.build_trace(graph("[parameters]\nx = 0.0\nw = 1.0\n[nodes]\no = \"x**w\"\n"))
    checks = {check.name: check for check in check_graph_gradients(trace)}
    assert checks["do/dx"].analytic == 1.0 and abs(checks["do/dx"].numeric - 1.0) < 1e-9
    assert checks["do/dw"].analytic == 0.0 and checks["do/dw"].numeric == 0.0
