"""tui_backprop.Value against micrograd 0.1.0 itself: the same numbers, the same surface."""

from __future__ import annotations

import cmath
import math
import micrograd.engine as mg
import pytest
from hypothesis import given, settings, strategies as st

from tui_backprop import Value
from tui_backprop.engine import topological_order


def readme_expression(V: type) -> tuple:
    """micrograd's README example (and its test_more_ops)."""
    a = V(-4.0)
    b = V(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    return a, b, g


def sanity_check(V: type) -> tuple:
    """micrograd's test_sanity_check."""
    x = V(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    return x, y


def test_the_readme_expression_gives_micrograds_numbers() -> None:
    a, b, g = readme_expression(Value)
    assert f"{g.data:.4f}" == "24.7041" and f"{a.grad:.4f}" == "138.8338" and f"{b.grad:.4f}" == "645.5773"
    ma, mb, mgg = readme_expression(mg.Value)
    assert g.data == mgg.data
    assert a.grad == pytest.approx(ma.grad, rel=1e-12) and b.grad == pytest.approx(mb.grad, rel=1e-12)


def test_the_sanity_check_gives_micrograds_numbers() -> None:
    x, y = sanity_check(Value)
    mx, my = sanity_check(mg.Value)
    assert (y.data, x.grad) == (my.data, mx.grad) == (-20.0, 46.0)  # torch's numbers, in micrograd's test


def test_a_fresh_value_is_as_micrograds() -> None:
    v, m = Value(3), mg.Value(3)
    assert (v.data, v.grad, v._op, len(v._prev)) == (m.data, m.grad, m._op, len(m._prev)) == (3, 0, "", 0)
    assert type(v.data) is int and type(v.grad) is int
    assert v._backward() is None
    assert repr(v) == repr(m) == "Value(data=3, grad=0)"


def test_ops_names_and_relu_int_zero() -> None:
    a = Value(-2)
    assert [(a + 1)._op, (a * 2)._op, (a**2)._op, (a**0.5)._op, a.relu()._op] == ["+", "*", "**2", "**0.5", "ReLU"]
    r = a.relu()
    assert r.data == 0 and type(r.data) is int
    r.backward()
    assert a.grad == 0 and r.grad == 1


def test_prev_is_the_set_of_operands_in_operand_order() -> None:
    a, b = Value(1.0), Value(2.0)
    s = b * a
    assert list(s._prev) == [b, a] and s._prev == {a, b} and a in s._prev and len(s._prev) == 2
    assert len((a + a)._prev) == 1 and (a + a)._children == (a, a)  # micrograd's set collapses the pair


def test_an_operand_used_twice_gets_both_contributions() -> None:
    for V in (Value, mg.Value):
        z = V(3.0)
        y = z * z + z
        y.backward()
        assert z.grad == 7.0


def test_backward_twice_accumulates_as_micrograd() -> None:
    ours, theirs = readme_expression(Value), readme_expression(mg.Value)
    ours[2].backward()
    theirs[2].backward()
    assert ours[0].grad == pytest.approx(theirs[0].grad, rel=1e-12)
    assert ours[1].grad == pytest.approx(theirs[1].grad, rel=1e-12)


def test_powers_take_only_numbers() -> None:
    with pytest.raises(TypeError):
        Value(2.0) ** Value(2.0)


def test_a_custom_op_in_micrograds_style_works() -> None:
    """A program may add an op as micrograd's README suggests: a Value and a closure."""
    def cube(v: Value) -> Value:
        out = Value(v.data**3, (v,), "cube")

        def _backward() -> None:
            v.grad += 3 * v.data**2 * out.grad
        out._backward = _backward
        return out

    x = Value(2.0)
    y = cube(x) * 2
    y.backward()
    assert x.grad == 24.0
    assert y._children[0]._backward.__name__ == "_backward"


def test_a_deep_chain_needs_no_recursion() -> None:
    x = Value(0.5)
    y = x
    for _ in range(5000):
        y = y * 1.0 + 0.0  # 10,000 nested operations: micrograd's recursive sort fails here
    y.backward()
    assert x.grad == 1.0


def test_topological_order_is_the_recursive_post_order() -> None:
    """Same order as micrograd's recursive build_topo would give over the ordered operands."""
    def recursive(root: Value) -> list[Value]:
        topo, seen = [], set()

        def build(v: Value) -> None:
            if v not in seen:
                seen.add(v)
                for c in v._children:
                    build(c)
                topo.append(v)
        build(root)
        return topo

    for root in (readme_expression(Value)[2], sanity_check(Value)[1]):
        assert topological_order(root) == recursive(root)


@pytest.mark.parametrize("name", ["tanh", "exp", "log", "sigmoid"])
@pytest.mark.parametrize("x", [-3.0, -0.4, 0.0, 0.7, 2.5])
def test_function_derivatives_match_finite_differences(name: str, x: float) -> None:
    if name == "log" and x <= 0:
        x = -x + 0.3
    v = Value(x)
    y = getattr(v, name)()
    y.backward()
    h = 1e-6
    numeric = (getattr(Value(x + h), name)().data - getattr(Value(x - h), name)().data) / (2 * h)
    assert v.grad == pytest.approx(numeric, rel=1e-6, abs=1e-9)
    assert y._op == name and y.data == pytest.approx({"tanh": math.tanh, "exp": math.exp, "log": math.log,
                                                       "sigmoid": lambda t: 1 / (1 + math.exp(-t))}[name](x))


def test_functions_do_not_overflow_where_the_result_is_finite() -> None:
    assert Value(800.0).tanh().data == 1.0 and Value(-800.0).sigmoid().data == 0.0
    assert Value(800.0).sigmoid().data == 1.0
    with pytest.raises(ValueError, match="not positive"):
        Value(0.0).log()


# Random programs: a pool of values, each step combines members with an operator or a number.
_STEP = st.tuples(
    st.sampled_from(["add", "radd", "sub", "rsub", "mul", "rmul", "div", "rdiv", "neg", "pow", "relu"]),
    st.integers(0, 99), st.integers(0, 99),
    st.sampled_from([-2.5, -1, 0.3, 2, 3.0, 0.1]),
    st.sampled_from([2, 3, -1, 2.0, -2, 1.5]),
)


def run_program(V: type, leaves: list[float], steps: list[tuple]) -> tuple[list, object]:
    pool = [V(x) for x in leaves]
    start = list(pool)
    for op, i, j, k, p in steps:
        a, b = pool[i % len(pool)], pool[j % len(pool)]
        pool.append({"add": lambda: a + b, "radd": lambda: k + a, "sub": lambda: a - b,
                     "rsub": lambda: k - a, "mul": lambda: a * b, "rmul": lambda: k * a,
                     "div": lambda: a / b, "rdiv": lambda: k / a, "neg": lambda: -a,
                     "pow": lambda: a**p, "relu": lambda: a.relu()}[op]())
    out = pool[-1]
    out.backward()
    return start, out


def outcome(V: type, leaves: list[float], steps: list[tuple]) -> tuple:
    try:
        return run_program(V, leaves, steps)
    except (ArithmeticError, TypeError, ValueError) as error:  # e.g. 0**-1: both must fail alike
        return type(error), None


def same(x: complex, y: complex, exact: bool, scale: float) -> bool:
    """Equal bits, or (exact=False) equal to 12 digits. A negative base to a fractional
    power is complex in Python, so in micrograd too: such numbers must agree as well."""
    if exact or not (cmath.isfinite(x) and cmath.isfinite(y)):
        return repr(x) == repr(y)
    return cmath.isclose(x, y, rel_tol=1e-12, abs_tol=1e-12 * scale)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([-1.5, -0.7, 0.0, 0.1, 1, 1.3, 3]), min_size=1, max_size=4),
       st.lists(_STEP, min_size=1, max_size=12))
def test_random_programs_compute_micrograds_numbers(leaves: list[float], steps: list[tuple]) -> None:
    ours, theirs = outcome(Value, leaves, steps), outcome(mg.Value, leaves, steps)
    if ours[1] is None or theirs[1] is None:
        assert ours[0] == theirs[0]
        return
    (start, out), (mstart, mout) = ours, theirs
    assert repr(out.data) == repr(mout.data)
    # Accumulation order differs only where a value feeds several operations (micrograd's set
    # order): in a tree, the gradients are bit-identical too.
    # Where contributions cancel, a different order can leave a few ulps of the largest
    # gradient around, so that is the absolute tolerance.
    consumers: dict[int, int] = {}
    graph = topological_order(out)
    scale = max(abs(v.grad) for v in graph if cmath.isfinite(v.grad))
    for v in graph:
        for c in v._children:
            consumers[id(c)] = consumers.get(id(c), 0) + 1
    tree = all(n == 1 for n in consumers.values())
    for v, m in zip(start, mstart):
        assert same(v.grad, m.grad, tree, scale), (v.grad, m.grad)
