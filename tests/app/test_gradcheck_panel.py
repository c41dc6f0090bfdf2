"""The gradient check panel (x): every parameter, small relative errors, computed once per trace;
and every teaching panel open at a tiny size does not crash."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tui_backprop.app.app import BackpropApp
from tui_backprop.app.screens.edit import EditScreen
from tui_backprop.app.screens.main import MainScreen
from tui_backprop.app.widgets.edit_panel import EditPanel
from tui_backprop.app.widgets.gradcheck_panel import FAIL, PAGE, PASS, TOLERANCE, GradcheckPanel, check_row
from tui_backprop.app.widgets.training_panel import TrainingPanel
from tui_backprop.core.gradcheck import ParameterCheck


def main(app: BackpropApp) -> MainScreen:
    screen = app.main_screen()
    assert screen is not None
    return screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_lists_every_parameter_of_mazur_with_small_errors(size, trace_of) -> None:
    trace = trace_of("mazur")
    names = trace.names
    expected = {names.w(layer, j, k) for layer in (1, 2) for j in (0, 1) for k in (0, 1)}
    expected |= {names.b(layer, j) for layer in (1, 2) for j in (0, 1)}
    app = BackpropApp(trace)
    async with app.run_test(size=size) as pilot:
        screen = main(app)
        assert not screen.is_open("gradcheck") and screen.drawer_panel("gradcheck") is None
        await pilot.press("x")
        panel = screen.query_one(GradcheckPanel)
        assert panel.display and screen.is_open("gradcheck")
        assert {check.name for check in panel.checks} == expected and len(panel.checks) == 12
        assert all(check.relative_error < 1e-6 for check in panel.checks)
        assert panel.text.count(PASS) == 12 and FAIL not in panel.text
        assert "12 of 12 pass" in str(panel.border_subtitle)
        for check in panel.checks:
            assert check.name in panel.text
        await pilot.press("x")
        assert not panel.display


async def test_computed_once_per_trace_not_per_key(trace_of) -> None:
    app = BackpropApp(trace_of("mazur"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await pilot.press("x", "n", "n", "j", "x", "x", "G", "g")
        panel = screen.query_one(GradcheckPanel)
        assert panel.runs == 1
        # An edit makes a new trace: its gradients are checked afresh.
        screen.focus = (2, 0)
        await pilot.press("w", "enter")
        assert isinstance(app.screen, EditScreen)
        app.screen.query_one(Input).value = "0.9"
        await pilot.press("enter")
        await pilot.pause()
        assert panel.runs == 2
        assert [c.name for c in panel.checks if c.name == "w2[1,1]"] == ["w2[1,1]"]


async def test_a_page_of_mnist_parameters_from_every_layer(trace_of) -> None:
    trace = trace_of("mnist-mlp")
    app = BackpropApp(trace)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        panel = main(app).query_one(GradcheckPanel)
        assert len(panel.checks) == PAGE
        assert {check.layer for check in panel.checks} == {1, 2}
        assert all(check.relative_error <= TOLERANCE for check in panel.checks)
        assert f"{PAGE} of {trace.network.parameter_count:,} parameters" in str(panel.border_title)


def test_a_failure_is_marked_without_colour() -> None:
    bad = check_row(ParameterCheck("w1", 1, 0, 0, analytic=1.0, numeric=2.0), 9)
    good = check_row(ParameterCheck("w1", 1, 0, 0, analytic=1.0, numeric=1.0), 9)
    assert bad.plain.endswith(FAIL) and "5.0e-01" in bad.plain
    assert good.plain.endswith(PASS)
    assert any("reverse" in str(span.style) for span in bad.spans)


async def test_every_teaching_panel_open_survives_tiny_and_large_sizes(trace_of) -> None:
    app = BackpropApp(trace_of("xor", iterations=3))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await pilot.press("f", "n", "x")
        screen.focus = (1, 0)
        await pilot.press("w", "enter")
        app.screen.query_one(Input).value = "2"
        await pilot.press("enter")
        assert screen.query_one(EditPanel).display and screen.query_one(TrainingPanel).display
        assert screen.has_class("-drawer-many")
        for width, height in [(40, 12), (20, 6), (120, 40), (40, 12)]:
            await pilot.resize_terminal(width, height)
            await pilot.press("n", "i", "j", "x", "x", "N")
            await pilot.pause()
        assert screen.query_one(GradcheckPanel).checks
        await pilot.press("w")  # the edit modal at 40x12 too
        await pilot.press("escape")
        assert app.screen is screen


async def test_drawer_panels_are_built_when_first_opened_and_keep_their_order(trace_of) -> None:
    app = BackpropApp(trace_of("mazur"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = main(app)
        drawer = screen.query_one("#drawer")
        assert not drawer.children  # start-up builds none of them
        await pilot.press("x", "r")
        screen.focus = (1, 0)
        await pilot.press("w", "enter")
        app.screen.query_one(Input).value = "2"
        await pilot.press("enter")
        await pilot.pause()
        assert [child.id for child in drawer.children] == ["edit-panel", "training", "gradcheck"]
        assert all(screen.is_open(child.id) for child in drawer.children)
        await pilot.press("x")
        assert not screen.is_open("gradcheck") and screen.drawer_panel("gradcheck") is not None
        assert screen.has_class("-drawer-many")
        await pilot.press("r")
        assert not screen.has_class("-drawer-many")
