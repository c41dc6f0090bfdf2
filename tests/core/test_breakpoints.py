"""Conditional breakpoints in the core: the grammar and its errors, the glob, the vectorised
matching (against a brute force over Step objects), the recipes, and watches."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

import tui_backprop as tb
from tui_backprop.core import parse_network
from tui_backprop.core.breakpoints import BreakpointError, parse_breakpoint
from tui_backprop.core.breakpoints.watch import WatchError, find_watch, sparkline
from tui_backprop.core.config import decode


def net(layers, lr=0.1, x=(1.0,), y=(0.5,)):
    return parse_network({"learning_rate": lr, "loss": "mse", "x": list(x), "y": list(y),
                          "layers": layers})


def sig(w, b=0.0):
    return {"units": 1, "activation": "sigmoid", "weights": [[w]], "biases": [b]}


def lin(w):
    return {"units": 1, "activation": "linear", "weights": [[w]], "biases": [0.0]}


# The grammar ---------------------------------------------------------------------------

@pytest.mark.parametrize("spec, text", [
    ("loss", "loss"),
    ("  dL/dw*  ", "dL/dw*"),
    ("loss if value > previous", "loss if value > previous"),
    ("dL/dw* if abs(value) < 1e-4", "dL/dw* if abs(value) < 1e-4"),
    ("a1[*] if value == 0", "a1[*] if value == 0"),
    ("* if 0 < value <= 1 and not (local != upstream) or step >= 3", None),
    ("* if -value / 2 + 3 * previous - iteration >= 1", None),
    ("loss if(value > previous)", "loss if (value > previous)"),
])
def test_good_breakpoints_parse_and_read_back(spec, text) -> None:
    bp = parse_breakpoint(spec)
    assert bp.text == (text or " ".join(spec.split()))


@pytest.mark.parametrize("spec, column, says", [
    ("loss if valeu > 0", 9, "unknown name 'valeu'"),
    ("loss if value", 9, "must compare"),
    ("loss if value = 0", 15, "'=' assigns"),
    ("loss if value ** 2 > 1", 9, "'**' is not allowed"),
    ("loss if value % 2 > 1", 9, "'%' is not allowed"),
    ("loss if value > 0 & step > 1", 17, "use and"),
    ("loss if __import__('os').system('x') > 0", 9, "abs()"),
    ("loss if abs(value, 2) > 0", 9, "abs() takes one number"),
    ("loss if value.real > 0", 9, "attribute"),
    ("loss if value > 'a'", 17, "not a number"),
    ("loss if value > True", 17, "not a number"),
    ("loss if (value > 1", 9, "never closed"),
    ("loss if value > 1)", 18, "without its '('"),
    ("loss if value >", 16, "ends too early"),
    ("loss if value > 0 and 1", 23, "must compare"),
    ("loss if abs(value > 1) > 0", 13, "comparison where a number"),
    ("loss if value if value else 0", 9, "not allowed"),
    ("loss if value in (1, 2)", 9, "'in' is not a comparison"),
    ("loss if", 8, "empty condition"),
    ("if value > 0", None, "before 'if'"),
    ("", None, "needs a step target"),
    ("a\nb", None, "one line"),
    ("loss if " + "(" * 240 + "value" + ")" * 240 + " > 0", None, "too deeply nested"),
    ("loss if " + "value + " * 200 + "1 > 0", None, "longer than"),
])
def test_bad_breakpoints_are_one_line_errors_naming_the_column(spec, column, says) -> None:
    with pytest.raises(BreakpointError) as caught:
        parse_breakpoint(spec)
    message = str(caught.value)
    assert "\n" not in message and says in message
    if column is not None:
        assert message.startswith(f"column {column}:")


# Evaluation ------------------------------------------------------------------------------

def brute_force(trace, spec: str, where) -> list[int]:
    """Which steps a breakpoint should stop at, evaluated on Step objects one by one."""
    names = {"abs": abs}
    per = len(trace) // trace.iterations
    condition = spec.partition(" if ")[2]
    out = []
    for step in trace:
        if not where(step.target):
            continue
        env = {"value": step.value, "local": step.local, "upstream": step.upstream,
               "iteration": step.iteration + 1, "step": step.index + 1,
               "previous": trace[step.index - per].value if step.iteration else None}
        if not condition:
            out.append(step.index)
            continue
        if any(env[n] is None for n in env if n in condition):
            continue
        try:
            if eval(condition, names, env):  # the test's own oracle, on its own literal text
                out.append(step.index)
        except ZeroDivisionError:
            pass
    return out


def strip(name: str) -> str:
    return name.rstrip("⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")


@pytest.mark.parametrize("example", ["mazur", "xor", "softmax"])
@pytest.mark.parametrize("spec, where", [
    ("dL/dw*", lambda t: t.startswith("dL/dw")),
    ("* if abs(value) < 0.05", lambda t: True),
    ("* if value * previous < 0", lambda t: True),
    ("* if local > 0.2 and upstream < 0", lambda t: True),
    ("dL/d* if value / local > 1", lambda t: t.startswith("dL/d")),
    ("loss if value > previous - 0.01", lambda t: t == "loss"),
    ("a1[*] if iteration == 2 or step < 5", lambda t: strip(t).startswith("a1[") and t[:1] == "a"),
    ("w? if value > 0", lambda t: len(t) == 2 and t[0] == "w"),
])
def test_matches_agree_with_evaluating_every_step(example, spec, where, trace_of) -> None:
    trace = trace_of(example, iterations=3)
    got = parse_breakpoint(spec).matches(trace)
    assert got.tolist() == brute_force(trace, spec, where)
    for index in got[:5].tolist():
        assert parse_breakpoint(spec).hit(trace, index)


def test_a_condition_needing_previous_is_false_in_the_first_iteration(trace_of) -> None:
    trace = trace_of("mazur", iterations=2)
    first = [i for i in range(len(trace)) if trace[i].iteration == 0]
    for spec in ("* if not (value > previous)", "* if value == value or previous > 0"):
        hits = set(parse_breakpoint(spec).matches(trace).tolist())
        assert hits and not hits & set(first), spec


def test_division_by_zero_is_false(trace_of) -> None:
    trace = trace_of("seed", iterations=1)
    assert len(parse_breakpoint("* if not (value / 0 > 1)").matches(trace)) == 0
    assert len(parse_breakpoint("* if not (value / (step - step) < 1)").matches(trace)) == 0


def test_the_glob_reads_brackets_as_themselves_and_samples_as_optional(trace_of) -> None:
    xor = trace_of("xor")
    targets = lambda spec: {xor[i].target for i in parse_breakpoint(spec).matches(xor)}
    assert targets("a1[*]") == {f"a1[{j}]⁽{s}⁾" for j in (1, 2) for s in "¹²³⁴"}
    assert targets("a1[2](3)") == {"a1[2]⁽³⁾"} == targets("a1[2]⁽³⁾")
    assert targets("loss") == {"loss"}  # the batch's loss, not each sample's
    assert targets("loss(*)") == {f"loss⁽{s}⁾" for s in "¹²³⁴"}
    assert targets("w1[1,?]") == {"w1[1,1]", "w1[1,2]"}
    assert targets("a1[1") == set() and targets("nothing") == set()
    assert len(parse_breakpoint("*").matches(xor)) == len(xor)


def test_graph_targets_are_node_and_gradient_names() -> None:
    spec = parse_network(decode("learning_rate = 0.01\n[inputs]\nx = 2.0\n[parameters]\nw = -3.0\n"
                                "[nodes]\nn = \"x*w\"\nL = \"n*n\"\n",
                                "g.toml"), "g.toml")
    trace = tb.build_trace(spec, 3)
    for text in ("dL/d* if value * previous < 0", "x*w", "* if local != 0", "w if value > previous"):
        got = parse_breakpoint(text).matches(trace).tolist()
        pattern = text.partition(" if ")[0]
        where = (lambda t, p=pattern: t.startswith(p[:-1])) if pattern.endswith("*") else (
            lambda t, p=pattern: t == p)
        assert got == brute_force(trace, text, where), text


def test_a_big_trace_is_matched_without_building_steps(trace_of, monkeypatch) -> None:
    trace = trace_of("mnist-mlp")
    import tui_backprop.core.trace as trace_module

    monkeypatch.setattr(trace_module, "make_step", lambda *a: pytest.fail("built a Step"))
    weights = parse_breakpoint("dL/dw* if abs(value) > 0").matches(trace)
    assert len(parse_breakpoint("dL/dw*").matches(trace)) == 784 * 128 + 128 * 10
    assert 0 < len(weights) <= 784 * 128 + 128 * 10
    assert np.all(np.diff(weights) > 0)


# The recipes -------------------------------------------------------------------------------

def high_rate_xor():
    return dataclasses.replace(tb.example("xor"), learning_rate=50.0)


RELU_DEAD = [{"units": 2, "activation": "relu", "weights": [[1.0], [-1.0]], "biases": [0.0, -0.5]},
             {"units": 1, "activation": "linear", "weights": [[1.0, 1.0]], "biases": [0.0]}]
RELU_ALIVE = [{"units": 2, "activation": "relu", "weights": [[1.0], [2.0]], "biases": [0.1, 0.1]},
              {"units": 1, "activation": "linear", "weights": [[1.0, 1.0]], "biases": [0.0]}]

RECIPES = {
    "vanishing gradients": ("dL/dw* if abs(value) < 1e-4",
                            lambda: net([sig(20.0), sig(20.0), sig(20.0)]), lambda: net([sig(0.5), sig(0.5)])),
    "exploding gradients": ("dL/dw* if abs(value) > 100",
                            lambda: net([lin(10.0)] * 3, lr=1e-6, y=(0.0,)), lambda: net([lin(0.5)] * 2)),
    "dead ReLU": ("a1[*] if value == 0", lambda: net(RELU_DEAD), lambda: net(RELU_ALIVE)),
    "loss going up": ("loss if value > previous", high_rate_xor, lambda: tb.example("xor")),
    "sign flip": ("dL/dw* if value * previous < 0",
                  lambda: net([lin(1.0)], lr=1.5, y=(0.0,)), lambda: net([lin(1.0)], lr=0.1, y=(0.0,))),
}


@pytest.mark.parametrize("recipe", RECIPES)
def test_each_recipe_fires_where_it_should_and_never_where_it_should_not(recipe) -> None:
    spec, firing, quiet = RECIPES[recipe]
    bp = parse_breakpoint(spec)
    trace = tb.build_trace(firing(), 5)
    hits = bp.matches(trace)
    assert len(hits) > 0
    per = len(trace) // 5
    for index in hits.tolist():
        step = trace[index]
        value, previous = step.value, trace[index - per].value if step.iteration else math.nan
        assert {
            "vanishing gradients": step.target.startswith("dL/dw") and abs(value) < 1e-4,
            "exploding gradients": step.target.startswith("dL/dw") and abs(value) > 100,
            "dead ReLU": step.target.startswith("a1[") and value == 0,
            "loss going up": step.target == "loss" and value > previous,
            "sign flip": step.target.startswith("dL/dw") and value * previous < 0,
        }[recipe]
    assert len(bp.matches(tb.build_trace(quiet(), 5))) == 0


# Watches ------------------------------------------------------------------------------------

def test_a_watch_follows_one_weight_over_iterations(trace_of) -> None:
    trace = trace_of("xor", iterations=5)
    watch = find_watch(trace, "w1[1,1]")
    updates = [s.index for s in trace if s.target == "w1[1,1]"]
    assert watch.steps.tolist() == updates and len(updates) == 5
    assert watch.value(trace, 0) is None and watch.history(trace, 0) == []
    assert watch.value(trace, updates[0]) is None  # its step not taken yet
    assert watch.value(trace, updates[0] + 1) == trace[updates[0]].value
    assert watch.history(trace, updates[2] + 1) == [trace[i].value for i in updates[:3]]
    assert watch.history(trace, len(trace)) == [trace[i].value for i in updates]


def test_watch_names_samples_and_errors(trace_of) -> None:
    trace = trace_of("xor", iterations=2)
    assert find_watch(trace, "a1[1](2)").name == "a1[1]⁽²⁾"
    every = find_watch(trace, "a1[1]")  # every sample's, the last written on show
    assert len(every.steps) == 4 * 2
    assert find_watch(trace, "loss").steps.tolist() == [s.index for s in trace if s.target == "loss"]
    with pytest.raises(WatchError, match="no step writes 'nope'"):
        find_watch(trace, "nope")


def test_sparkline_scales_from_lowest_to_highest() -> None:
    assert sparkline([1.0, 2.0, 3.0], 10) == "▁▅█"
    assert sparkline([2.0, 2.0], 10) == "▄▄"
    assert sparkline(list(range(20)), 4) == "▁▃▆█"
    assert sparkline([], 5) == ""
