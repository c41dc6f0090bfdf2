"""Predict mode's logic: reading answers, the rule for right, each classic mistake's hint,
which steps each mode asks, and the tally (never asking twice)."""

from __future__ import annotations

import pytest

from tui_backprop.core import Phase
from tui_backprop.linemode import LineSession
from tui_backprop.predict import Tally, check, parse_answer, which_steps


@pytest.mark.parametrize(("text", "value"), [
    ("-0.19", -0.19), ("-.189", -0.189), ("-1.89e-1", -0.189), ("\u22120.19", -0.19),
    (" 0.5 ", 0.5), ("+2", 2.0), ("1E-3", 0.001),
])
def test_answers_as_typed(text: str, value: float) -> None:
    assert parse_answer(text) == value


@pytest.mark.parametrize("text", ["", "abc", "nan", "inf", "-infinity", "1e999", "0.1.2", "--1"])
def test_not_an_answer(text: str) -> None:
    with pytest.raises(ValueError, match="number"):
        parse_answer(text)


def test_right_when_it_rounds_to_the_shown_value_or_within_half_a_percent(trace_of) -> None:
    step = trace_of("seed")[6]  # dL/dz2 = -0.18898...
    assert check(trace_of("seed"), step, -0.189, 3).right
    assert check(trace_of("seed"), step, -0.1894, 3).right  # rounds to -0.189
    assert check(trace_of("seed"), step, -0.18985, 3).right  # -0.190 shown, but within 0.5%
    assert not check(trace_of("seed"), step, -0.19, 3).right  # 0.54% off, rounds to -0.190
    assert check(trace_of("seed"), step, -0.19, 2).right  # at 2 decimals -0.19 is shown


# (example, step index, answer, hint): an answer made by each classic mistake.
HINTS = [
    ("seed", 6, 0.189, "sign flipped"),
    ("seed", 6, -0.791, "local derivative left out"),
    ("seed", 6, 0.239, "upstream gradient left out"),
    ("mazur", 20, 0.0554, "a += contribution missed"),  # the sum so far, nothing added
    ("mazur", 20, -0.019, "a += contribution missed"),  # the contribution alone
    ("mazur", 19, 0.0495, "the updated w2[1,1] used instead of the old one"),  # 0.138 × 0.359
    ("seed", 15, 0.328, "the updated w2 used instead of the old one"),  # 0.314 + 0.014
    ("seed", 6, -0.663, "tanh's derivative used instead of sigmoid's"),  # -0.791 × (1 - tanh²)
    ("mazur", 21, 0.0316, "tanh's derivative used instead of sigmoid's"),
    ("tanh-neuron", 6, 0.207, "sigmoid's derivative used instead of tanh's"),
    ("tanh-neuron", 13, -1.55, "the updated w1 used instead of the old one"),  # 0.5 × -3.1
    ("tanh-neuron", 17, 6.781, "the updated b used instead of the old one"),
]


@pytest.mark.parametrize(("example", "index", "answer", "hint"), HINTS)
def test_each_classic_mistake_is_named(trace_of, example, index, answer, hint) -> None:
    trace = trace_of(example)
    verdict = check(trace, trace[index], answer, 3)
    assert not verdict.right and verdict.hint == hint


def test_a_wrong_answer_like_no_mistake_gets_no_hint(trace_of) -> None:
    verdict = check(trace_of("seed"), trace_of("seed")[6], 5.0, 3)
    assert not verdict.right and verdict.hint is None


def test_a_mistake_giving_the_right_value_is_not_a_hint(trace_of) -> None:
    # dL/db2 = dL/dz2 · 1: leaving out the local derivative 1 changes nothing; relu's and
    # linear's derivative at z > 0 are 1 too, so -0.791 for dL/dz2 names the first that fits.
    trace = trace_of("seed")
    assert check(trace, trace[8], -0.189, 3).right
    assert check(trace, trace[6], -0.791, 3).hint == "local derivative left out"


@pytest.mark.parametrize(("mode", "phases"), [
    ("backward", {Phase.BACKWARD}), ("update", {Phase.UPDATE}),
    ("forward", {Phase.FORWARD, Phase.LOSS}), ("all", set(Phase)),
])
def test_which_steps_each_mode_asks(trace_of, mode, phases) -> None:
    trace = trace_of("mazur")
    asked = which_steps(trace, mode)
    assert {trace.phase(i) for i in range(len(trace)) if asked(i)} == phases
    assert all(asked(i) == (trace.phase(i) in phases) for i in range(len(trace)))


def test_tally_counts_answers_not_reveals() -> None:
    tally = Tally()
    tally.record(5, True)
    tally.record(6, False)
    tally.reveal(7)
    assert str(tally) == "1 of 2 right" and tally.seen == {5, 6, 7}


def test_going_back_and_forward_never_asks_twice(trace_of) -> None:
    trace = trace_of("seed")
    session = LineSession(trace, predict=which_steps(trace, "backward"))
    session.handle("n 5")
    assert session.handle("n")[-1].endswith("= 2(0.605 - 1.000) = ?")
    assert session.handle("0.791") == ["wrong: -0.791 (sign flipped); 0 of 1 right",
                                       "  local derivative -0.791, upstream gradient 1.000"]
    assert session.handle("n")[-1].endswith("= ?")
    assert session.handle("?")[0] == "revealed: -0.189 (not counted); 0 of 1 right"
    session.handle("g")
    lines = session.handle("n 7")  # through dL/dy_pred and dL/dz2, both asked before
    assert session.asking is None and len(lines) == 7 and "?" not in "".join(lines)
    assert session.handle("n")[-1].endswith("= ?")  # dL/dw2 was never asked
    assert str(session.tally) == "0 of 1 right"
