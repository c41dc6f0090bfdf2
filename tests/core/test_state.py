"""TraceState: what is known at a cursor, on the worked examples."""

from __future__ import annotations

import numpy as np
import pytest

import tui_backprop as tb


@pytest.fixture(scope="module")
def seed() -> tb.Trace:
    return tb.build_trace(tb.example("seed"), iterations=2)


def test_the_start_knows_nothing_and_the_cursor_reveals_one_value_a_step(seed: tb.Trace) -> None:
    slots = seed.slots
    z1, loss, dw1 = slots.slot("z", 0, 1), slots.slot("loss", 0), slots.slot("dw", 0, 1)
    start = seed.state(0)
    assert start.taken == 0 and start.current is None
    assert start.value(z1) is None and not start.changed(z1)
    one = seed.state(1)
    assert one.current.target == "z1" and one.changed(z1)
    assert one.value(z1) == pytest.approx(1.1)
    assert one.value(slots.slot("a", 0, 1)) is None
    five = seed.state(5)
    assert five.value(loss) == pytest.approx(0.156, abs=5e-4) and five.changed(loss)
    assert five.value(z1) == pytest.approx(1.1) and not five.changed(z1)
    assert five.value(dw1) is None
    assert seed.state(12).value(dw1) == pytest.approx(-0.021, abs=5e-4)


def test_values_keeps_the_shape_asked_for(seed: tb.Trace) -> None:
    state = seed.state(3)
    grid = np.array([[seed.slots.slot("z", 0, 1), seed.slots.slot("a", 0, 1)],
                     [seed.slots.slot("z", 0, 2), seed.slots.slot("a", 0, 2)]])
    values = state.values(grid)
    assert values.shape == (2, 2)
    assert np.isnan(values[1, 1]) and not np.isnan(values[1, 0])
    assert state.values([]).shape == (0,)


def test_the_second_iteration_is_unknown_until_it_runs(seed: tb.Trace) -> None:
    second_z1 = seed.slots.slot("z", 1, 1)
    assert seed.state(17).value(second_z1) is None
    assert seed.state(18).value(second_z1) == pytest.approx(
        seed.results[0].layers[0].new_weights[0, 0] * 2.0 + seed.results[0].layers[0].new_biases[0])
    # the first iteration's numbers stay known
    assert seed.state(18).value(seed.slots.slot("w_new", 0, 1)) == seed[13].value


def test_an_accumulated_value_shows_its_running_sum() -> None:
    mazur = tb.build_trace(tb.example("mazur"))
    slot = mazur[19].slot
    assert mazur[20].slot == slot
    assert mazur.state(19).value(slot) is None
    assert mazur.state(20).value(slot) == mazur[19].value
    assert mazur.state(21).value(slot) == mazur[20].value == mazur.results[0].layers[0].da[0, 0]
    assert mazur.state(20).changed(slot) and mazur.state(21).changed(slot) and not mazur.state(22).changed(slot)
