"""The debugger on computation graphs, pressed as a person would (Pilot): every key on every
built-in graph at both sizes, the published numbers at the end, step over/out by node and
formula, focus along the drawing, node breakpoints. (Drawers and exports:
test_graph_drawers.py.)"""

from __future__ import annotations

import re

import pytest

import tui_backprop as tb
from tui_backprop.app.app import BackpropApp
from tui_backprop.app.screens.keys import KEYS
from tui_backprop.app.screens.main import MainScreen
from tui_backprop.app.trace_kinds import GRAPH_LEVELS, layout_of, node_index, place_of
from tui_backprop.core.steps import StepKind

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
