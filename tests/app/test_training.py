"""Training runs in the app: the loss sparkline and the per-iteration parameter changes."""

from __future__ import annotations

import pytest
from textual.widgets import Sparkline

from tui_backprop.app.app import BackpropApp
from tui_backprop.app.screens.main import MainScreen
from tui_backprop.app.training import largest_change
from tui_backprop.app.widgets.training_panel import TrainingPanel, TrainingTable
from tui_backprop.core.steps import format_number


def main(app: BackpropApp) -> MainScreen:
    screen = app.main_screen()
    assert screen is not None
    return screen


def table_rows(screen: MainScreen) -> dict[str, list[str]]:
    """The table's lines keyed by their first column ("start", "1", "2", ...)."""
    rows = {}
    for line in screen.query_one(TrainingTable).text.splitlines()[1:]:
        words = line.replace("▶", " ").split()
        if words:
            rows[words[0]] = words[1:]
    return rows


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_sparkline_shows_one_point_per_computed_iteration(size, trace_of) -> None:
    trace = trace_of("mazur", iterations=5)
    losses = [trace.state(len(trace)).value(trace.slots.slot("loss", it)) for it in range(5)]
    app = BackpropApp(trace)
    async with app.run_test(size=size) as pilot:
        screen = main(app)
        panel = screen.query_one(TrainingPanel)
        sparkline = panel.query_one(Sparkline)
        assert panel.display  # a training run opens with the panel
        assert panel.losses == [] and "no loss computed yet" in screen.query_one(TrainingTable).text
        await pilot.press("f", "n")  # the forward phase, then the loss step
        assert panel.losses == losses[:1]
        for done in range(1, 5):
            await pilot.press("i")  # to the end of this iteration ...
            assert panel.losses == losses[:done]
            await pilot.press("f", "n")  # ... and through the next one's loss
            assert panel.losses == losses[:done + 1]
            await pilot.pause()
            assert list(sparkline.data or []) == losses[:done + 1]
            assert sparkline.size.width == done + 1  # one bar per iteration
        await pilot.press("I")  # back to the start of iteration 5: its loss is not computed
        assert panel.losses == losses[:4]
        await pilot.press("I")
        assert panel.losses == losses[:3]


async def test_per_iteration_parameter_changes(trace_of) -> None:
    trace = trace_of("mazur", iterations=3)
    app = BackpropApp(trace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = main(app)
        await pilot.press("i")
        screen.focus = (2, 0)  # y_pred[1]: w2[1,1], w2[1,2], b2[1]
        await pilot.pause()
        head = screen.query_one(TrainingTable).text.splitlines()[0].split()
        assert head[-3:] == ["w2[1,1]", "w2[1,2]", "b2[1]"]
        rows = table_rows(screen)
        assert rows["start"] == ["0.400", "0.450", "0.600"]
        after = trace.results[0].layers[1]
        size, name = largest_change(trace, 0)
        assert rows["1"] == [format_number(trace.results[0].loss, 3), format_number(size, 3), name,
                             *(format_number(v, 3) for v in (*after.new_weights[0], after.new_biases[0]))]
        # In the middle of the next update the change is pending and unknown values show ·
        await pilot.press("f", "n", "f", "n", "n")  # forward, loss, backward, two updates
        screen.focus = (2, 0)  # the focus followed the steps
        await pilot.pause()
        rows = table_rows(screen)
        assert rows["2"][1] == "…"
        assert rows["2"][-3:] == ["·", "·", "·"]  # the second layer updates last


async def test_training_key_toggles_the_panel(trace_of) -> None:
    app = BackpropApp(trace_of("seed"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        assert not screen.is_open("training")  # one iteration: closed until asked for
        await pilot.press("r")
        panel = screen.query_one(TrainingPanel)
        assert panel.display
        await pilot.press("G")
        assert len(panel.losses) == 1
        await pilot.press("r")
        assert not panel.display


def test_largest_change_is_the_largest_update_of_any_parameter(trace_of) -> None:
    import numpy as np

    trace = trace_of("xor", iterations=2)
    for it in range(2):
        layers = trace.results[it].layers
        changes = np.concatenate([np.abs(r.new_weights - r.weights).ravel() for r in layers]
                                 + [np.abs(r.new_biases - r.biases) for r in layers])
        size, name = largest_change(trace, it)
        assert size == changes.max()
        layer = int(name[1])
        result = layers[layer - 1]
        values = result.new_biases - result.biases if name.startswith("b") else result.new_weights - result.weights
        assert np.isclose(np.abs(values).max(), size)


async def test_stepping_lays_the_screen_out_only_when_a_size_must_change(trace_of) -> None:
    """A step repaints lines; laying the whole screen out again costs many times that, so it
    happens only where a panel's size must change: here, when a loss appears (the sparkline
    grows a bar). The table keeps its height (the rows to come are reserved, the start line
    is there whatever the focus), and the gradient list (1fr) never asks for a new layout."""
    from textual.widget import Widget

    trace = trace_of("micrograd-lecture", iterations=5)
    app = BackpropApp(trace)
    asked: list[tuple[int, str]] = []
    original = Widget.refresh
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        table = screen.query_one(TrainingTable)
        await pilot.pause()
        height = table.size.height
        per = len(trace) // trace.iterations

        def refresh(self, *regions, layout=False, **kwargs):
            if layout:
                asked.append((screen.taken, type(self).__name__))
            return original(self, *regions, layout=layout, **kwargs)

        Widget.refresh = refresh
        try:
            for _ in range(2 * per):
                await pilot.press("n")
                await pilot.pause()
                assert table.size.height == height
                assert "start" in table.text
        finally:
            Widget.refresh = original
    loss_steps = {it * per + trace.plan.ops.size for it in range(2)}
    assert {taken for taken, _ in asked} <= loss_steps, asked
    assert not any(name in ("GradientPanel", "TrainingTable") for _, name in asked), asked
