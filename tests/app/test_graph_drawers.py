"""The debugger's drawers and exports on a computation graph: editing a leaf or a constant,
the gradient check of every leaf, the training panel over iterations, the screenshot and
notes, switching between a graph and a network, a graph without an update phase.
(Keys, numbers and navigation: test_graph_app.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input

import tui_backprop as tb
from test_graph_app import GRAPHS, SIZES, main, panel_text, shown
from tui_backprop.app.app import BackpropApp
from tui_backprop.app.screens.edit import EditScreen
from tui_backprop.app.trace_kinds import layout_of, place_of
from tui_backprop.app.widgets.gradcheck_panel import FAIL, PASS, GradcheckPanel
from tui_backprop.app.widgets.training_panel import TrainingPanel, TrainingTable
from tui_backprop.core.graph.trace import GraphTrace
from tui_backprop.core.steps import Phase


async def test_editing_a_leaf_rebuilds_the_trace_and_lists_differences(trace_of) -> None:
    old = trace_of("micrograd-lecture")
    a = next(i for i, node in enumerate(old.spec.nodes) if node.name == "a")
    app = BackpropApp(old)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await pilot.press("f")  # the forward pass is done: L = -8
        taken = screen.taken
        screen.focus = layout_of(old).place[a]
        await pilot.press("w")
        modal = app.screen
        assert isinstance(modal, EditScreen)
        assert [choice.name for choice in modal.choices] == ["a"]
        assert float(modal.query_one(Input).value) == 2.0  # the current value, to overwrite
        modal.query_one(Input).value = "3"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.taken == taken
        new = screen.trace
        assert isinstance(new, GraphTrace) and new is not old and app.trace is new
        assert new.spec.nodes[a].value == 3.0 and old.spec.nodes[a].value == 2.0
        # L = (3·-3 + 10)·-2 = -2
        assert shown(panel_text(screen, "forward"), "L") == "-2.000"
        panel = screen.query_one("#edit-panel")
        assert panel.display and panel.count >= 3  # type: ignore[attr-defined]
        text = panel.text  # type: ignore[attr-defined]
        for name in ("e", "d", "L"):
            assert re.search(rf"(?:^|\s){name}\s", text), (name, text)
        await pilot.press("W")
        assert not screen.is_open("edit-panel")
        # An operation node offers the leaves it reads.
        e = next(i for i, node in enumerate(new.spec.nodes) if node.name == "e")
        screen.focus = layout_of(new).place[e]
        await pilot.press("w")
        assert [choice.name for choice in app.screen.choices] == ["a", "b"]  # type: ignore[attr-defined]
        await pilot.press("escape")


async def test_editing_a_constant_of_an_operation(trace_of) -> None:
    trace = trace_of("colah")  # d = b + 1: the constant 1 can be edited at d
    d = next(i for i, node in enumerate(trace.spec.nodes) if node.name == "d")
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        screen.focus = layout_of(trace).place[d]
        await pilot.press("w")
        modal = app.screen
        assert isinstance(modal, EditScreen)
        kinds = [choice.kind for choice in modal.choices]
        assert kinds == ["input", "constant"]
        await pilot.press("down", "enter")
        modal.query_one(Input).value = "2"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("G")
        # e = (a + b)(b + 2) = 3·3 = 9; de/db = 3 + 3 = 6
        assert shown(panel_text(screen, "forward"), "e") == "9.000"
        assert shown(panel_text(screen, "gradients"), "de/db") == "6.000"


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", GRAPHS)
async def test_gradient_check_passes_every_leaf(name, size, trace_of) -> None:
    trace = trace_of(name)
    leaves = {trace.grad_name(i) for i, node in enumerate(trace.spec.nodes)
              if node.op in ("input", "parameter")}
    app = BackpropApp(trace)
    async with app.run_test(size=size) as pilot:
        screen = main(app)
        await pilot.press("x")
        panel = screen.query_one(GradcheckPanel)
        assert panel.display
        assert {check.name for check in panel.checks} == leaves
        assert panel.text.count(PASS) == len(leaves) and FAIL not in panel.text
        assert f"{len(leaves)} of {len(leaves)} pass" in str(panel.border_subtitle)
        await pilot.press("x")
        assert not panel.display


async def test_training_panel_follows_the_output_over_three_iterations(trace_of) -> None:
    trace = trace_of("micrograd-lecture", iterations=3)
    spec = trace.spec
    outputs = [float(result.values[spec.output]) for result in trace.results]
    assert outputs[0] == -8.0 and outputs[1] < outputs[0]  # gradient descent lowers L
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await pilot.press("r") if not screen.is_open("training") else None
        panel = screen.query_one(TrainingPanel)
        assert panel.display
        assert panel.losses == []
        await pilot.press("f")
        assert panel.losses == pytest.approx(outputs[:1])
        await pilot.press("G")
        assert panel.losses == pytest.approx(outputs)
        table = screen.query_one(TrainingTable).text
        assert "-8.000" in table
        await pilot.press("r")
        assert not panel.display


async def test_screenshot_and_notes_of_a_graph(trace_of, tmp_path: Path) -> None:
    trace = trace_of("micrograd-lecture")
    app = BackpropApp(trace, screenshot_dir=tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = main(app)
        await pilot.press("f", "n", "n", "s")
        await pilot.pause()
        shots = list(tmp_path.glob("*.svg"))
        assert len(shots) == 1 and shots[0].name.startswith("micrograd-lecture_step-5_")
        assert "dL/dL" in shots[0].read_text(encoding="utf-8").replace("&#160;", " ")
        await pilot.press("ctrl+p", *"notes (m")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        notes = list(tmp_path.glob("*.md"))
        assert len(notes) == 1
        text = notes[0].read_text(encoding="utf-8")
        step = trace[screen.taken - 1]
        assert step.formula in text and step.numbers() in text
        assert "## The graph" in text
        assert "| `L` | -8.000 |" in text and "| `dL/dd` | -2.000 |" in text
        assert "`dL/da`" not in text  # not known yet


async def test_switching_between_a_graph_and_a_network_both_ways(trace_of) -> None:
    app = BackpropApp(trace_of("mazur"), examples=tb.example_names())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await pilot.press("n", "n", "l", "j", "b", "x", "r")
        for name in ("micrograd-lecture", "mazur", "colah", "cs231n-neuron", "seed"):
            await pilot.press("ctrl+p", *f"Example: {name}")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is screen and screen.trace is app.trace
            assert screen.taken == 0 and screen.node_breakpoints == frozenset()
            assert app.title == (app.trace.spec.name if isinstance(app.trace, GraphTrace)
                                 else app.trace.network.name)
            assert app.title in panel_text(screen, "header")
            assert screen.focus == place_of(app.trace, 0)
            await pilot.press("G", "j", "l", "b", "g", "c")
            assert 0 < screen.taken <= len(app.trace)
            diagram = panel_text(screen, "diagram")
            assert ("Graph" in str(screen.query_one("#diagram").border_title)) == \
                isinstance(app.trace, GraphTrace), diagram
        # the drawers follow the switch without a crash
        assert app.export_screenshot()


async def test_a_graph_without_learning_rate_has_no_update_phase(trace_of) -> None:
    trace = trace_of("colah")
    assert all(trace.phase(i) is not Phase.UPDATE for i in range(len(trace)))
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await pilot.press("f", "f")
        assert screen.taken == len(trace)
        assert "updates:" not in panel_text(screen, "gradients")
