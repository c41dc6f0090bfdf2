"""Published figures through the Python API: the seed notebook, Matt Mazur's
"A Step by Step Backpropagation Example" and CS231n's sigmoid neuron.

Each figure is compared at the precision it was published with: our value rounded to
that many significant digits must equal the printed figure exactly.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import tui_backprop as tb
from tui_backprop.core.steps import format_number

import reference as ref

SEED_SUMMARY = Path(__file__).resolve().parents[1] / "data" / "seed" / "expected_summary.txt"


def rounded(value: float, published: str) -> str:
    """`value` rounded to as many significant digits as the `published` text shows."""
    digits = len(Decimal(published).as_tuple().digits)
    return str(Decimal(f"{value:.{digits - 1}e}").normalize())


def same_figure(value: float, published: str) -> bool:
    return rounded(value, published) == str(Decimal(published).normalize())


def by_target(trace: tb.Trace) -> dict[str, float]:
    """The final value of each target (the last step writing it)."""
    return {step.target: step.value for step in trace}


# --- the seed notebook ------------------------------------------------------------------

SEED_NAMES = {"z1": "z1", "a1": "a1", "z2": "z2", "y_pred": "y_pred", "Loss": "loss",
              "dLoss/dw2": "dL/dw2", "dLoss/db2": "dL/db2", "dLoss/dw1": "dL/dw1",
              "dLoss/db1": "dL/db1"}


def seed_figures() -> list[tuple[str, str]]:
    """(our target, printed figure) for every number of the seed's expected summary."""
    figures = []
    for line in SEED_SUMMARY.read_text(encoding="utf-8").splitlines():
        for name, number in re.findall(r"([\w/]+) = (-?\d+\.\d+)", line):
            figures.append((SEED_NAMES[name], number))
        update = re.match(r"\s+(\w+): (-?\d+\.\d+) -> (-?\d+\.\d+)", line)
        if update:
            figures.append((f"old {update[1]}", update[2]))
            figures.append((update[1], update[3]))
    return figures


def test_the_seed_summary_has_all_seventeen_figures() -> None:
    assert len(seed_figures()) == 5 + 4 + 8


@pytest.mark.parametrize(("target", "figure"), seed_figures())
def test_seed_figures_through_the_api(target: str, figure: str) -> None:
    trace = tb.build_trace(tb.example("seed"))
    if target.startswith("old "):
        name = target[4:]
        step = next(s for s in trace if s.target == name)
        layer = trace.results[0].layers[step.layer - 1]
        old = layer.weights[0, 0] if name.startswith("w") else layer.biases[0]
        assert format_number(float(old)) == figure
    else:
        assert format_number(by_target(trace)[target]) == figure


def test_seed_config_file_is_the_example() -> None:
    from_file = tb.build_trace(tb.load_network(SEED_SUMMARY.parent / "seed.toml"))
    example = tb.build_trace(tb.example("seed"))
    assert [s.explain(12) for s in from_file] == [s.explain(12) for s in example]


# --- Mazur ------------------------------------------------------------------------------

MAZUR_UPDATED = {  # as printed in the post
    "w1": "0.149780716", "w2": "0.19956143", "w3": "0.24975114", "w4": "0.29950229",
    "w5": "0.35891648", "w6": "0.408666186", "w7": "0.511301270", "w8": "0.561370121",
}
"""Mazur's w1..w4 are layer 1 row by row ([[w1, w2], [w3, w4]]), w5..w8 layer 2.

w2, w3, w4 are printed with 8 significant digits ("Repeating this for w2, w3, and w4"),
so they are compared at 8: at 9 our 0.199561432, 0.249751144 and 0.299502287 carry
the digit the post left out (they round to the printed figures exactly)."""

MAZUR_STEPS = {  # intermediate figures of the post, mapped to our targets
    "a1[1]": "0.593269992", "a1[2]": "0.596884378",                 # out_h1, out_h2
    "y_pred[1]": "0.75136507", "y_pred[2]": "0.772928465",          # out_o1, out_o2
    "dL/dy_pred[1]": "0.74136507",                                  # dE_total/dout_o1
    "dL/dw2[1,1]": "0.082167041",                                   # dE_total/dw5
    "dL/dw1[1,1]": "0.000438568",                                   # dE_total/dw1
    "dL/da1[1]": "0.036350306",                                     # dE_total/dout_h1
}


@pytest.fixture(scope="module")
def mazur() -> tb.Trace:
    return tb.build_trace(tb.example("mazur"))


def test_mazur_total_error(mazur: tb.Trace) -> None:
    assert same_figure(mazur.results[0].loss, "0.298371109")
    assert same_figure(by_target(mazur)["loss"], "0.298371109")


@pytest.mark.parametrize("name", sorted(MAZUR_UPDATED))
def test_mazur_updated_weights(mazur: tb.Trace, name: str) -> None:
    index = int(name[1:]) - 1
    layer, flat = divmod(index, 4)
    row, col = divmod(flat, 2)
    value = float(mazur.results[0].layers[layer].new_weights[row, col])
    published = MAZUR_UPDATED[name]
    assert same_figure(value, published), (rounded(value, published), published)
    # the same number is the value of the update step, and of the state after the last step
    target = mazur.names.w(layer + 1, row, col)
    assert by_target(mazur)[target] == value
    slot = mazur.slots.slot("w_new", 0, layer + 1, row=row, col=col)
    assert mazur.state(len(mazur)).value(slot) == value


def test_mazur_weights_at_nine_digits_differ_only_where_the_post_printed_eight(mazur: tb.Trace) -> None:
    """Documents the one discrepancy at 9 digits: it is the post's rounding, not ours."""
    ours = [*mazur.results[0].layers[0].new_weights.ravel(), *mazur.results[0].layers[1].new_weights.ravel()]
    nine = [f"{v:.8e}" for v in ours]
    printed_nine = [f"{float(MAZUR_UPDATED[f'w{i}']):.8e}" for i in range(1, 9)]
    differing = [f"w{i + 1}" for i, (a, b) in enumerate(zip(nine, printed_nine)) if a != b]
    assert differing == ["w2", "w3", "w4"]
    assert all(len(Decimal(MAZUR_UPDATED[w]).as_tuple().digits) == 8 for w in differing)


@pytest.mark.parametrize("target", sorted(MAZUR_STEPS))
def test_mazur_intermediate_figures(mazur: tb.Trace, target: str) -> None:
    assert same_figure(by_target(mazur)[target], MAZUR_STEPS[target])


def test_mazur_sample_errors_and_hidden_contributions(mazur: tb.Trace) -> None:
    y, a = mazur.network.y[0], mazur.results[0].layers[1].a[0]
    assert same_figure(0.5 * (y[0] - a[0]) ** 2, "0.274811083")   # E_o1
    assert same_figure(0.5 * (y[1] - a[1]) ** 2, "0.023560026")   # E_o2
    first, second = [s for s in mazur if s.target == "dL/da1[1]"]
    assert same_figure(first.value, "0.055399425")                 # dE_o1/dout_h1
    assert same_figure(second.value, "0.036350306")                # dE_o1/dout_h1 + dE_o2/dout_h1
    # Not compared: the post's dE_o2/dout_h1 = -0.019049119; ours is -0.0190491182583
    # (upstream × local = -0.0380982365... × 0.5), so they differ in the 9th digit, most
    # likely a rounding in the post; its sum with 0.055399425, checked above, agrees.
    dz1 = next(s for s in mazur if s.target == "dL/dz1[1]")
    assert same_figure(dz1.local, "0.241300709")                   # dout_h1/dnet_h1


# --- CS231n's sigmoid neuron (Stanford CS231n notes, "Backpropagation, Intuitions") --------

def test_cs231n_sigmoid_neuron() -> None:
    """w = [2, -3, -3], x = [-1, -2]: f = 0.73 and dw = [-0.20, -0.39, 0.20] (2 decimals).

    The notes differentiate f itself, so the loss is chosen to make dL/df = 1:
    half_sse with target y = f - 1 has dL/dy_pred = y_pred - y = 1.
    """
    f = 1.0 / (1.0 + 2.718281828459045 ** -1.0)
    net = ref.network([2, 1], ["sigmoid"], "half_sse", [-1.0, -2.0], [f - 1.0], [[[2.0, -3.0]]], [[-3.0]])
    trace = tb.build_trace(net)
    values = by_target(trace)
    assert values["y_pred"] == pytest.approx(f, rel=1e-15)
    assert format_number(values["y_pred"], 2) == "0.73"
    assert values["dL/dy_pred"] == pytest.approx(1.0, rel=1e-15)
    assert [format_number(values[t], 2) for t in ("dL/dw1[1,1]", "dL/dw1[1,2]", "dL/db1")] == ["-0.20", "-0.39", "0.20"]
