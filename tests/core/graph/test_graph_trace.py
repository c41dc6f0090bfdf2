"""The graph trace: the order of CONTRACT 6.2, accumulation, state at every cursor,
spans, touching, iterations and numeric trouble."""

from __future__ import annotations

import math

import numpy as np
import pytest

import tui_backprop as tb
from tui_backprop.core.steps import Phase, StepKind as K

from graphs import graph, trace

Z = '[inputs]\nx = 3.0\n[parameters]\nw = 0.5\n[nodes]\nz = "x*w + 2"\ny = "z*z"\nL = "y - x"\n'


def test_the_order_of_steps() -> None:
    tr = trace(Z)
    got = [(s.phase.value, s.formula) for s in tr]
    assert got == [
        ("forward", "x*w = x · w"), ("forward", "z = x*w + 2"), ("forward", "y = z · z"),
        ("forward", "L = y - x"),
        ("backward", "dL/dL"),
        ("backward", "dL/dy = dL/dL · ∂L/∂y"), ("backward", "dL/dx = dL/dL · ∂L/∂x"),
        ("backward", "dL/dz = dL/dy · ∂y/∂z"), ("backward", "dL/dz += dL/dy · ∂y/∂z"),  # z*z: two
        ("backward", "dL/d(x*w) = dL/dz · ∂z/∂(x*w)"),  # the constant 2 gets no step
        ("backward", "dL/dx += dL/d(x*w) · ∂(x*w)/∂x"), ("backward", "dL/dw = dL/d(x*w) · ∂(x*w)/∂w"),
    ]
    z = 3.5
    assert [s.value for s in tr][:4] == [1.5, z, z * z, z * z - 3]
    assert tr[4].explain() == "dL/dL = 1 = 1.000"
    dz = tr[8]
    assert dz.previous == 2 * z * 0.5 * 2 / 2 and dz.value == 2 * z and dz.local == z and dz.upstream == 1.0
    assert dz.explain() == "dL/dz += dL/dy · ∂y/∂z = 3.500 + 1.000 × 3.500 = 7.000"
    assert tr[9].explain() == "dL/d(x*w) = dL/dz · ∂z/∂(x*w) = 7.000 × 1.000 = 7.000"
    assert tr[11].value == 7.0 * 3.0 and tr[10].value == -1.0 + 7.0 * 0.5
    assert tr[4].kind == K.SEED and tr[4].value == 1.0 and tr[4].graph_node == tr.spec.output
    assert tr[10].graph_node == 0 and tr.spec.nodes[tr[10].graph_source].name == "x*w"


def test_update_phase_and_iterations_chain() -> None:
    tr = trace("learning_rate = 0.1\n" + Z, iterations=3)
    assert len(tr) == 3 * 13 and tr.iterations == 3
    update = tr[12]
    assert update.phase == Phase.UPDATE and update.explain() == "w ← w - lr · dL/dw = 0.500 - 0.1 × 21.000 = -1.600"
    second = tr[13]  # x*w in iteration 2 uses the updated w
    assert second.iteration == 1 and second.value == pytest.approx(3.0 * -1.6)
    for it in range(2):
        assert tr.results[it + 1].values[1] == tr.results[it].new_parameters[0]
    no_rate = trace(Z, iterations=2)
    assert len(no_rate) == 24 and no_rate[12].value == no_rate[0].value


def _replay(tr, taken: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(tr.spec.nodes)
    it = tr[taken - 1].iteration if taken else 0
    values, grads = np.full(n, np.nan), np.full(n, np.nan)
    updated = np.full(len(tr.spec.parameters), np.nan)
    params = {p: tr.spec.nodes[p].value for p in tr.spec.parameters}
    for step in tr[:taken]:
        if step.iteration != it:
            if step.kind == K.PARAM_UPDATE:
                params[step.graph_node] = step.value
            continue
        if step.kind == K.OP:
            values[step.graph_node] = step.value
        elif step.kind == K.PARAM_UPDATE:
            updated[list(tr.spec.parameters).index(step.graph_node)] = step.value
        else:
            grads[step.graph_node] = step.value
    for i, node in enumerate(tr.spec.nodes):
        if node.op in ("input", "const"):
            values[i] = node.value
        elif node.op == "parameter":
            values[i] = params[i]
    return values, grads, updated


@pytest.mark.parametrize("name", ["tanh-neuron", "colah", "cs231n-neuron"])
def test_state_at_every_cursor_equals_a_replay(name: str) -> None:
    spec = tb.example(name)
    if spec.learning_rate is None:
        spec = type(spec)(**{**spec.__dict__, "learning_rate": 0.5, "parameters": spec.parameters})
    tr = tb.build_trace(spec, 2)
    for taken in range(len(tr) + 1):
        state = tr.state(taken)
        values, grads, updated = _replay(tr, taken)
        np.testing.assert_array_equal(state.node_values(), values)
        np.testing.assert_array_equal(state.node_grads(), grads)
        np.testing.assert_array_equal(state.updated_parameters(), updated)
        if taken:
            assert state.current.index == taken - 1
            assert state.written()[1] == tr[taken - 1].graph_node


def test_spans() -> None:
    tr = trace(Z)
    assert tr.span(0, "node") == range(0, 1) and tr.span(1, "formula") == range(0, 2)
    assert tr.span(4, "node") == range(4, 5)  # the seed alone
    assert tr.span(5, "node") == range(5, 7)  # both contributions from L
    assert tr.span(7, "node") == range(7, 9)  # z*z: two
    assert tr.span(9, "formula") == range(9, 12)  # z's nodes: z and x*w
    assert tr.span(6, "phase") == range(4, 12) and tr.span(3, "iteration") == range(0, 12)
    with pytest.raises(ValueError):
        tr.span(0, "unit")


def test_node_and_touching() -> None:
    tr = trace(Z)
    x = 0
    names = [n.name for n in tr.spec.nodes]
    assert tr.node(10) == x and tr.node(0) == names.index("x*w")
    assert list(tr.touching(x)) == [0, 3, 6, 10]  # read by x*w and L, gradient steps into x
    assert tr.touches(6, x) and not tr.touches(7, x)
    z = names.index("z")
    assert list(tr.touching(z)) == [1, 2, 7, 8, 9]


def test_an_unused_output_part_still_gets_steps_of_zero() -> None:
    tr = trace('[inputs]\na = 1.0\n[nodes]\nb = "a*2"\nc = "a + 1"\noutput = "b"\n'.replace(
        '[nodes]\nb = "a*2"\nc = "a + 1"\noutput = "b"\n', '[nodes]\nb = "a*2"\nc = "a + 1"\n'))
    assert [s.formula for s in tr if s.kind == K.GRAD] == ["dc/da = dc/dc · ∂c/∂a", "dc/da += dc/db · ∂b/∂a"]
    spec = graph('output = "b"\n[inputs]\na = 1.0\n[nodes]\nb = "a*2"\nc = "a + 1"\n')
    tr = tb.build_trace(spec)
    assert [s.explain() for s in tr if s.kind == K.GRAD] == [
        "db/da = db/dc · ∂c/∂a = 0.000 × 1.000 = 0.000", "db/da += db/db · ∂b/∂a = 0.000 + 1.000 × 2.000 = 2.000"]


NUMERIC = [
    ('[inputs]\nx = 0.0\n[nodes]\ny = "log(x) + 1"\n', "net.toml: nodes.y: log of 0 (log needs a number > 0) in 'log(x)'"),
    ('[inputs]\nx = -1.0\n[nodes]\ny = "sqrt(x)"\n', "net.toml: nodes.y: sqrt of -1 (sqrt needs a number >= 0) in 'y'"),
    ('[inputs]\nx = 0.0\n[nodes]\ny = "1/x"\n', "net.toml: nodes.y: division by zero (1 / 0) in 'y'"),
    ('[inputs]\nx = 1000.0\n[nodes]\ny = "exp(x)"\n', "net.toml: nodes.y: exp(1000) overflows in 'y'"),
    ('[inputs]\nx = 1e300\n[nodes]\ny = "x*x"\n', "net.toml: nodes.y: the value became infinite (an overflow) in 'y'"),
    ('[inputs]\nx = -8.0\n[nodes]\ny = "x**0.5"\n', "net.toml: nodes.y: -8**0.5 is not a real number (a negative base needs a whole exponent) in 'y'"),
    ('[inputs]\nx = 0.0\n[nodes]\ny = "sqrt(x)"\n', "net.toml: nodes.y: the derivative of sqrt at 0 is infinite in 'y'"),
    ('[inputs]\nx = -2.0\nb = 2.0\n[nodes]\ny = "x**b"\n', "net.toml: nodes.y: the derivative of a**b by b, a**b·log(a), needs a > 0, got a = -2 in 'y'"),
    ('[inputs]\nx = 1e200\n[nodes]\ny = "(x*1e200)/1e300"\n', "net.toml: nodes.y: the value became infinite (an overflow) in 'x*1e200'"),
    ('[inputs]\nx = 1e-300\n[nodes]\nz = "1e200*x"\nL = "1e200*z"\n', "net.toml: nodes.z: a gradient became infinite in the backward pass (an overflow) in 'z'"),
    ('learning_rate = 1e300\n[parameters]\nw = 1e10\n[nodes]\ny = "w*w"\n', "net.toml: parameters.w: the update became infinite (try a smaller learning_rate)"),
]


@pytest.mark.parametrize(("text", "message"), NUMERIC, ids=[m.split(": ", 2)[-1][:30] for _, m in NUMERIC])
def test_numeric_trouble_is_one_line_naming_the_formula(text: str, message: str) -> None:
    with pytest.raises(tb.NumericError) as error:
        trace(text)
    assert str(error.value) == message


def test_numeric_trouble_in_a_later_iteration_says_which() -> None:
    text = 'learning_rate = 1.0\n[parameters]\nw = 0.5\n[nodes]\ny = "log(w)"\n'
    with pytest.raises(tb.NumericError, match=r"nodes.y: log of -1.5 .* \(iteration 2\)"):
        trace(text, iterations=2)


def test_too_many_steps_is_refused_before_building() -> None:
    with pytest.raises(tb.ConfigError, match="graph too large: 1000000 iteration"):
        trace(Z, iterations=1_000_000)


def test_a_repeated_constant_shows_as_written_in_formulas() -> None:
    """The second `1` of cs231n's neuron is the node `1#2`; its formula reads `f = 1 / den`."""
    import tui_backprop as tb

    trace = tb.build_trace(tb.example("cs231n-neuron"))
    names = [node.name for node in trace.spec.nodes if node.op == "const"]
    assert names == ["1", "1#2"]
    formulas = [step.formula for step in trace]
    assert "f = 1 / den" in formulas and "den = 1 + ex" in formulas
    assert not any("#" in formula for formula in formulas)
