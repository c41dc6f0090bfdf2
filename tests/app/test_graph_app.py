"""The debugger on computation graphs, pressed as a person would (Pilot): every key on every
built-in graph at both sizes, the published numbers at the end, step over/out by node and
formula, focus along the drawing, node breakpoints, editing a leaf, the gradient check, the
training panel, exports, and switching between a graph and a network."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input

import tui_backprop as tb
from tui_backprop.app.app import BackpropApp
from tui_backprop.app.screens.edit import EditScreen
from tui_backprop.app.screens.keys import KEYS
from tui_backprop.app.screens.main import MainScreen
from tui_backprop.app.trace_kinds import GRAPH_LEVELS, layout_of, node_index, place_of
from tui_backprop.app.widgets.gradcheck_panel import FAIL, PASS, GradcheckPanel
from tui_backprop.app.widgets.training_panel import TrainingPanel, TrainingTable
from tui_backprop.core.graph.trace import GraphTrace
from tui_backprop.core.steps import Phase, StepKind

GRAPHS = ["micrograd-lecture", "tanh-neuron", "cs231n-circuit", "cs231n-neuron", "colah"]
SIZES = [(80, 24), (120, 40)]

PUBLISHED: dict[str, dict[str, str]] = {
    # name shown in a panel -> the number the lecture or notes print (3 decimals)
    "micrograd-lecture": {"L": "-8.000", "dL/da": "6.000", "dL/db": "-4.000", "dL/dc": "-2.000",
                          "dL/df": "4.000", "dL/de": "-2.000", "dL/dd": "-2.000"},
    "tanh-neuron": {"o": "0.707", "n": "0.881", "do/dw1": "1.000", "do/dx1": "-1.500",
                    "do/dw2": "0.000", "do/dx2": "0.500", "do/db": "0.500"},
    "cs231n-circuit": {"f": "-12.000", "q": "3.000", "df/dx": "-4.000", "df/dy": "-4.000",
                       "df/dz": "3.000"},
    "cs231n-neuron": {"f": "0.731", "df/dx0": "0.393", "df/dx1": "-0.590", "df/dw0": "-0.197",
                      "df/dw1": "-0.393", "df/dw2": "0.197"},
    "colah": {"e": "6.000", "c": "3.000", "d": "2.000", "de/da": "2.000", "de/db": "5.000"},
}


def main(app: BackpropApp) -> MainScreen:
    screen = app.main_screen()
    assert screen is not None
    return screen


def shown(text: str, name: str) -> str | None:
    """The number a panel shows right after `name` (panels put several name-value pairs on
    a line at 80x24), or None if the name is not listed."""
    match = re.search(rf"(?:^|\s){re.escape(name)}\s+(-?\d+\.\d+|·)", text, re.MULTILINE)
    return match.group(1) if match else None


def panel_text(screen: MainScreen, widget_id: str) -> str:
    return screen.query_one(f"#{widget_id}").text  # type: ignore[attr-defined]


def every_key() -> list[str]:
    """The first key of every binding (q last: it quits)."""
    keys = [binding.key.split(",")[0] for binding in KEYS]  # type: ignore[union-attr]
    keys.remove("q")
    return keys


async def back_to_main(pilot, app: BackpropApp) -> None:
    """Close whatever modal a key opened (help, edit, palette), and give the keys back from
    whatever took them on the main screen (the command line, an answer, a panel)."""
    for _ in range(4):
        await pilot.pause()
        if app.screen is main(app) and app.focused is None:
            return
        await pilot.press("escape")
    assert app.screen is main(app) and app.focused is None


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", GRAPHS)
async def test_every_key_works_on_every_graph(name: str, size, trace_of) -> None:
    trace = trace_of(name, iterations=2)
    app = BackpropApp(trace, autoplay_interval=0.01, examples=tb.example_names())
    async with app.run_test(size=size) as pilot:
        screen = main(app)
        for key in [*every_key(), "ctrl+p"]:
            await pilot.press(key)
            await back_to_main(pilot, app)
            assert 0 <= screen.taken <= len(screen.trace) and app.is_running, key
        for key in ("n", "o", "e", "j", "l", "G", "O", "E", "k", "h", "g"):
            await pilot.press(key)
            await back_to_main(pilot, app)  # P turned predict mode on: each move may ask
            assert app.is_running
        assert app.export_screenshot()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", GRAPHS)
async def test_the_end_shows_the_published_numbers(name: str, size, trace_of) -> None:
    trace = trace_of(name)
    app = BackpropApp(trace)
    async with app.run_test(size=size) as pilot:
        screen = main(app)
        await pilot.press("G")
        forward, gradients = panel_text(screen, "forward"), panel_text(screen, "gradients")
        for label, number in PUBLISHED[name].items():
            if "/" in label:
                assert shown(gradients, label) == number, (label, gradients)
            else:
                assert shown(forward, label) == number, (label, forward)
        # At the end of the forward pass the output's value shows on its node (the window
        # of a graph too wide for the room follows the step to it).
        await pilot.press("g", "f")
        out = trace.spec.nodes[trace.spec.output]
        diagram = panel_text(screen, "diagram")
        assert out.name in diagram and f"= {PUBLISHED[name][out.name]}" in diagram, diagram
        await pilot.press("g")
        assert shown(panel_text(screen, "gradients"), next(iter(
            label for label in PUBLISHED[name] if "/" in label))) == "·"


async def test_micrograd_lecture_at_80x24_on_the_diagram(trace_of) -> None:
    trace = trace_of("micrograd-lecture")
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await pilot.press("f")  # the forward pass: L = -8 and no gradient yet
        diagram = panel_text(screen, "diagram")
        assert "= -8.000" in diagram and "∂ 1.000" not in diagram
        await pilot.press("G")
        diagram = panel_text(screen, "diagram")
        for grad in ("∂ 6.000", "∂ -4.000", "∂ -2.000", "∂ 4.000", "∂ 1.000"):
            assert grad in diagram, (grad, diagram)
        step = panel_text(screen, "step")
        assert trace[len(trace) - 1].target in step


async def test_step_over_finishes_a_node_and_step_out_a_formula(trace_of) -> None:
    trace = trace_of("tanh-neuron")  # n = x1*w1 + x2*w2 + b is one formula of 4 operations
    assert GRAPH_LEVELS == {"unit": "node", "layer": "formula"}
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        positions = [0]
        while screen.taken < len(trace):
            before = screen.taken
            await pilot.press("o")
            node = trace.span(before, "node")
            assert screen.taken == node.stop, before
            written = {trace.node(i) for i in node if trace[i].kind is not StepKind.GRAD}
            owners = {int(trace.table.source[i]) for i in node if trace[i].kind is StepKind.GRAD}
            assert len(written | owners) == 1  # one node's work: its op, or its gradient's flow
            positions.append(screen.taken)
        for expected in reversed(positions[:-1]):
            await pilot.press("O")
            assert screen.taken == expected
        # Step out: the whole formula n (four operations), then o's tanh, then the seed...
        await pilot.press("e")
        assert screen.taken == 4 and trace[3].target == "n"
        assert {trace.spec.nodes[trace.node(i)].group for i in range(4)} == {"n"}
        await pilot.press("e")
        assert screen.taken == 5 and trace[4].target == "o"
        while screen.taken < len(trace):
            before = screen.taken
            await pilot.press("e")
            assert screen.taken == trace.span(before, "formula").stop > before
        await pilot.press("E")
        assert screen.taken == trace.span(len(trace) - 1, "formula").start


async def test_focus_moves_along_the_graph_nodes(trace_of) -> None:
    trace = trace_of("cs231n-neuron")
    layout = layout_of(trace)
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        assert screen.focus == place_of(trace, 0)  # the first step's node: a = w0*x0
        assert trace.spec.nodes[node_index(trace, screen.focus)].name == "a"
        await pilot.press("h", "h", "h")
        assert screen.focus[0] == 0
        visited = {node_index(trace, screen.focus)}
        for _ in range(len(layout.columns)):
            for _ in range(max(layout.sizes)):
                await pilot.press("j")
                visited.add(node_index(trace, screen.focus))
            for _ in range(max(layout.sizes)):
                await pilot.press("k")
            await pilot.press("l")
            visited.add(node_index(trace, screen.focus))
        drawn = {i for column in layout.columns for i in column}
        assert visited == drawn  # every drawn node (no constant) can be focused
        assert screen.focus[0] == len(layout.columns) - 1
        assert trace.spec.nodes[node_index(trace, screen.focus)].name == "f"
        await pilot.press("l")
        assert screen.focus[0] == len(layout.columns) - 1  # nothing right of the output
        diagram = panel_text(screen, "diagram")
        assert "▸f" in diagram or "●f" in diagram  # the focus mark is drawn at the node
        await pilot.press("n")  # a step brings the focus back to its node
        assert screen.focus == place_of(trace, 0)


@pytest.mark.parametrize("name", GRAPHS)
async def test_a_node_breakpoint_stops_continue_and_autoplay_at_every_touching_step(name, trace_of) -> None:
    trace = trace_of(name)
    spec = trace.spec
    # The first parameter (or input): read forward, gets gradients, is updated.
    leaf = (spec.parameters or tuple(i for i, n in enumerate(spec.nodes) if n.op == "input"))[0]
    place = layout_of(trace).place[leaf]
    # Independently of trace.touching: the steps that read the leaf, write its gradient or
    # update it (the cursor stands just after each).
    expected = [i + 1 for i in range(len(trace))
                if trace.node(i) == leaf
                or (trace[i].kind is StepKind.OP and leaf in spec.nodes[trace.node(i)].inputs)]
    assert len(expected) >= 2
    app = BackpropApp(trace, autoplay_interval=0.01)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        screen.focus = place
        await pilot.press("b")
        assert screen.node_breakpoints == {place}
        assert "●" in panel_text(screen, "diagram")
        stops = []
        while screen.taken < len(trace):
            await pilot.press("c")
            stops.append(screen.taken)
        assert stops == expected + ([len(trace)] if expected[-1] != len(trace) else [])
        back = []
        while screen.taken > 0:
            await pilot.press("C")
            back.append(screen.taken)
        assert back == [t for t in reversed(expected) if t < len(trace)] + [0]
        # Autoplay stops at the first touching step too.
        await pilot.press("g", "a")
        for _ in range(200):
            await pilot.pause(0.02)
            if not screen.playing:
                break
        assert screen.taken == expected[0]


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
