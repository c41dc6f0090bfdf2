"""`tui-backprop gradcheck`: analytic vs central-difference gradients, exit 1 past tolerance."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import tui_backprop as tb
from tui_backprop.core.gradcheck import batch_loss, check_gradients


@pytest.mark.parametrize("name", ["seed", "mazur", "xor", "softmax"])
def test_examples_pass_the_check(cli, name: str) -> None:
    result = cli("gradcheck", "--example", name)
    assert result.status == 0
    assert "gradients within tolerance 1e-05" in result.out


def test_report_lists_every_parameter_with_both_gradients(cli) -> None:
    lines = cli("gradcheck").out.splitlines()
    rows = [line.split() for line in lines if line[:2] in ("w1", "b1", "w2", "b2")]
    assert [r[0] for r in rows] == ["w1", "b1", "w2", "b2"]
    w1 = rows[0]
    assert float(w1[1]) == pytest.approx(-0.0212460387, rel=1e-8)
    assert float(w1[2]) == pytest.approx(float(w1[1]), rel=1e-6)


def test_tolerance_below_the_error_exits_1(cli) -> None:
    result = cli("gradcheck", "--example", "mazur", "--tolerance", "1e-12")
    assert result.status == 1
    assert "FAIL" in result.out and "exceed the tolerance 1e-12" in result.out


def test_large_network_is_sampled_evenly_unless_all(cli) -> None:
    result = cli("gradcheck", "--example", "mnist-mlp", "--limit", "40")
    assert result.status == 0
    assert "checking 40 of 101,770 parameters" in result.out
    assert "w1[1,1]" in result.out and "b2[10]" in result.out  # first and last parameter


def test_every_iteration_is_checked(cli) -> None:
    out = cli("gradcheck", "--iterations", "2").out
    assert "iteration 2 of 2" in out and "all 8 gradients within tolerance" in out


@pytest.mark.parametrize("args", [["--tolerance", "0"], ["--tolerance", "x"], ["--limit", "0"]])
def test_bad_options(cli, args: list[str]) -> None:
    result = cli("gradcheck", *args)
    assert result.status == 2 and len(result.err.strip().splitlines()) == 1


def test_a_wrong_gradient_is_caught() -> None:
    """The check must be able to fail: corrupt one analytic gradient by 1% and see it flagged."""
    trace = tb.build_trace(tb.example("mazur"))
    result = trace.results[0]
    layer = result.layers[1]
    running = layer.dw_running.copy()
    running[-1, 0, 1] *= 1.01
    corrupted = dataclasses.replace(layer, dw_running=running)
    trace.results = (dataclasses.replace(result, layers=(result.layers[0], corrupted)),)
    flagged = [c.name for c in check_gradients(trace) if c.relative_error > 1e-5]
    assert flagged == ["w2[1,2]"]


def test_batch_loss_matches_the_trace() -> None:
    trace = tb.build_trace(tb.example("xor"))
    ws = [layer.weights[None] for layer in trace.network.layers]
    bs = [layer.biases[None] for layer in trace.network.layers]
    assert batch_loss(trace.network, ws, bs)[0] == pytest.approx(trace.results[0].loss, rel=1e-14)
    assert np.isfinite(trace.results[0].loss)


INFINITE_NUMERIC = """learning_rate = 1e-9
loss = "bce"
x = [1e6]
y = [0.0]

[[layers]]
units = 1
activation = "sigmoid"
weights = [[3.65e-5]]
biases = [0.0]
"""
"""z = 36.5, but w1 + h makes z = 37.5, where sigmoid rounds to 1 and the bce loss to inf."""


def test_an_infinite_numeric_gradient_fails_and_is_named(cli, tmp_path) -> None:
    path = tmp_path / "inf.toml"
    path.write_text(INFINITE_NUMERIC)
    result = cli("gradcheck", "--config", str(path))
    assert result.status == 1
    row = next(line for line in result.out.splitlines() if line.startswith("w1 "))
    assert row.split()[2:] == ["inf", "inf", "FAIL", "(numeric", "gradient", "inf)"]
    assert "not finite (first: w1, numeric gradient inf)" in result.out
    assert "nan" not in result.out


@pytest.mark.parametrize("analytic, numeric, says", [
    (1.0, float("inf"), "numeric gradient inf"),
    (1.0, float("nan"), "numeric gradient nan"),
    (float("-inf"), 1.0, "analytic gradient -inf"),
])
def test_a_non_finite_gradient_is_a_failure_whatever_the_tolerance(monkeypatch, analytic, numeric, says) -> None:
    """A NaN relative error compares as within any tolerance: it must count as a failure."""
    from tui_backprop.core.gradcheck import ParameterCheck
    from tui_backprop.export import gradcheck_report as report

    checks = [ParameterCheck("w1", 1, 0, 0, 0.5, 0.5), ParameterCheck("b1", 1, 0, None, analytic, numeric)]
    monkeypatch.setattr(report, "check_gradients", lambda trace, it, limit: checks)
    assert checks[1].relative_error == float("inf") and checks[1].not_finite == says
    lines, failures = report.gradcheck_report(tb.build_trace(tb.example("seed")), 1e-5, None)
    text = "".join(lines)
    assert [c.name for c in failures] == ["b1"]
    assert f"FAIL ({says})" in text and "within tolerance" not in text
    assert f"1 of 2 gradients exceed the tolerance 1e-05; 1 not finite (first: b1, {says})" in text
