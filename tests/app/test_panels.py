"""What the header and the panels show at many cursor positions of the seed and Mazur nets."""

from __future__ import annotations

import dataclasses

import pytest
from textual.content import Content

import tui_backprop as tb
from tui_backprop.app.app import BackpropApp
from tui_backprop.app.screens.main import MainScreen
from tui_backprop.app.widgets.cells import CHANGED_STYLE, UNKNOWN
from tui_backprop.core import Phase, Trace
from tui_backprop.core.steps import format_number



def screen_of(app: BackpropApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def panel(app: BackpropApp, name: str) -> str:
    return screen_of(app).query_one(f"#{name}").text  # type: ignore[attr-defined]


def expected_cells(trace: Trace, taken: int) -> tuple[dict[str, str], dict[str, str]]:
    """What the forward and gradient panels must show: the latest value each step wrote."""
    forward: dict[str, str] = {}
    gradients: dict[str, str] = {}
    for step in trace:
        shown = format_number(step.value) if step.index < taken else None
        if step.phase is Phase.UPDATE:
            continue
        table = gradients if step.phase is Phase.BACKWARD else forward
        if shown is not None or step.target not in table:
            table[step.target] = shown if shown is not None else UNKNOWN
    return forward, gradients


def updates(trace: Trace, taken: int) -> dict[str, str]:
    """The update cells: "old → new" for each parameter (· until updated)."""
    old = {}
    result = trace.results[0]
    names = trace.names
    for layer_index, layer in enumerate(result.layers, start=1):
        for j in range(layer.weights.shape[0]):
            for k in range(layer.weights.shape[1]):
                old[names.w(layer_index, j, k)] = float(layer.weights[j, k])
            old[names.b(layer_index, j)] = float(layer.biases[j])
    shown = {}
    for step in trace:
        if step.phase is Phase.UPDATE:
            new = format_number(step.value) if step.index < taken else UNKNOWN
            shown[step.target] = f"{format_number(old[step.target])} → {new}"
    return shown


@pytest.mark.parametrize("name", ["seed", "mazur"])
async def test_values_appear_only_after_their_step(name: str, trace_of, cells) -> None:
    trace = trace_of(name)
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        for taken in range(len(trace) + 1):
            if taken:
                await pilot.press("n")
            assert screen.taken == taken
            forward, gradients = expected_cells(trace, taken)
            shown_forward = cells(panel(app, "forward"))
            shown_gradients = cells(panel(app, "gradients"))
            for target, value in forward.items():
                assert shown_forward[target] == value, (taken, target)
            for target, value in gradients.items():
                assert shown_gradients[target] == value, (taken, target)
            in_update = taken and trace[taken - 1].phase is Phase.UPDATE
            for target, value in updates(trace, taken).items():
                if in_update:
                    assert shown_gradients[target] == value, (taken, target)
                else:
                    assert target not in shown_gradients, (taken, target)


@pytest.mark.parametrize("keys", [("g",), ("home",)])
async def test_first_clears_every_value(keys: tuple[str, ...], trace_of, cells) -> None:
    trace = trace_of("mazur")
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G")
        assert UNKNOWN not in cells(panel(app, "forward")).values()
        await pilot.press(*keys)
        assert screen_of(app).taken == 0
        forward = cells(panel(app, "forward"))
        computed = {k: v for k, v in forward.items() if not k.startswith(("x", "y["))}
        assert set(computed.values()) == {UNKNOWN}
        assert set(cells(panel(app, "gradients")).values()) == {UNKNOWN}
        assert "press n to take the first step" in panel(app, "step")


@pytest.mark.parametrize("key", ["G", "end"])
async def test_last_shows_everything(key: str, trace_of, cells) -> None:
    trace = trace_of("seed")
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        forward = cells(panel(app, "forward"))
        gradients = cells(panel(app, "gradients"))
        assert forward == {"x": "2.000", "z1": "1.100", "a1": "0.750", "z2": "0.425",
                           "y_pred": "0.605", "y": "1.000", "loss": "0.156"}
        assert gradients["dL/dy_pred"] == "-0.791"
        assert gradients["dL/dz2"] == "-0.189"
        assert gradients["dL/dw1"] == "-0.021"
        assert gradients["w1"] == "0.500 → 0.502"
        assert gradients["b2"] == "0.200 → 0.219"
        assert UNKNOWN not in " ".join(gradients.values())


async def test_step_panel_explains_the_current_step(trace_of, cells) -> None:
    app = BackpropApp(trace_of("seed"))
    async with app.run_test(size=(80, 24)) as pilot:
        assert "press n to take the first step" in panel(app, "step")
        await pilot.press(*"nnnnnnn")
        lines = [line.strip() for line in panel(app, "step").splitlines()]
        assert lines[0] == "dL/dz2 = dL/dy_pred · y_pred(1 - y_pred)"
        assert lines[1] == "= (-0.791) × 0.239"
        assert lines[2] == "= -0.189"
        assert "local derivative 0.239" in lines[3]
        assert "upstream -0.791" in lines[3]
        assert screen_of(app).query_one("#step").border_title == "Backward step"


async def test_accumulating_step_shows_the_running_sum(trace_of, cells) -> None:
    app = BackpropApp(trace_of("mazur"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen_of(app).taken = 21  # dL/da1[1] += dL/dz2[2] · w2[2,1]
        await pilot.pause()
        text = panel(app, "step")
        assert text.startswith("dL/da1[1] += dL/dz2[2] · w2[2,1]")
        assert "running sum before this term 0.055" in text
        assert cells(panel(app, "gradients"))["dL/da1[1]"] == "0.036"


async def test_header_shows_name_phase_step_and_iteration(trace_of, cells) -> None:
    app = BackpropApp(trace_of("mazur", iterations=2))
    async with app.run_test(size=(80, 24)) as pilot:
        header = screen_of(app).query_one("#header")
        assert "mazur 2-2-2" in header.text
        assert "start" in header.text and "step 0 of 86" in header.text
        assert "iteration 1 of 2" in header.text
        await pilot.press("f", "n")
        assert "loss" in header.text and "step 9 of 86" in header.text
        await pilot.press("i", "n")
        assert "forward" in header.text and "iteration 2 of 2" in header.text


async def test_a_name_with_markup_shows_literally(trace_of, cells) -> None:
    name = "[bold red]x[/] $accent [link=x]"
    network = dataclasses.replace(tb.example("seed"), name=name)
    app = BackpropApp(tb.build_trace(network))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert app.title == name
        assert name in screen_of(app).query_one("#header").text
        # What the widget draws, not only its own record of it.
        drawn = screen_of(app).query_one("#header").render_line(0).text
        assert drawn.startswith(f" {name}│")  # the short form: the name is long here


async def test_changed_value_is_highlighted_and_gradients_coloured_by_sign(trace_of, cells) -> None:
    app = BackpropApp(trace_of("seed"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"nnnnnnn")  # dL/dz2 = -0.189
        rendered = screen_of(app).query_one("#gradients").render()
        assert isinstance(rendered, Content)
        styled = {rendered.plain[s.start:s.end].strip(): str(s.style) for s in rendered.spans}
        assert styled["-0.189"] == CHANGED_STYLE
        assert "reverse" in CHANGED_STYLE  # visible without colour too
        assert styled["-0.791"] == "$bp-grad-negative"
        assert styled[UNKNOWN] == "$bp-unknown"


async def test_batch_panels_say_which_sample(trace_of, cells) -> None:
    trace = trace_of("xor")
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen_of(app).taken = 9  # z1[2] of sample 2 (step 9)
        await pilot.pause()
        forward = screen_of(app).query_one("#forward")
        assert forward.border_subtitle == "sample 2 of 4"
        shown = cells(forward.text)
        assert shown["x[2]"] == "1.000" and shown["z1[2]"] == "0.600"
        assert shown["a1[2]"] == UNKNOWN
        assert screen_of(app).query_one("#step").border_subtitle == "sample 2 of 4"


async def test_wide_layers_collapse_on_mnist(trace_of, cells) -> None:
    trace = trace_of("mnist-mlp")
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        for taken in (0, 1000, 120_000, len(trace)):
            screen_of(app).taken = taken
            await pilot.pause()
            forward, gradients = panel(app, "forward"), panel(app, "gradients")
            assert len(forward.splitlines()) < 40
            assert len(gradients.splitlines()) < 120
            assert "inputs 1–5 of 784" in forward
            assert "weights 1–4 of 784" in gradients
        # The focused unit of a wide layer is on show, with its neighbours.
        screen_of(app).focus = (1, 60)
        await pilot.pause()
        assert "z1[61]" in cells(panel(app, "forward"))
        assert "dL/dz1[61]" in cells(panel(app, "gradients"))


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (40, 12), (10, 5)])
async def test_every_size_renders(size: tuple[int, int], trace_of, cells) -> None:
    app = BackpropApp(trace_of("mazur"))
    async with app.run_test(size=size) as pilot:
        await pilot.press("n", "n", "f", "f", "f")
        assert app.export_screenshot()
        assert screen_of(app).query_one("#step").region.height > 0 or size[1] < 12


def test_panels_scroll_only_when_the_anchor_leaves_the_window() -> None:
    from tui_backprop.app.widgets.cells import scroll_start

    assert scroll_start(total=5, anchor=4, height=10, previous=3) == 0  # everything fits
    assert scroll_start(total=40, anchor=5, height=10, previous=0) == 0
    assert scroll_start(total=40, anchor=8, height=10, previous=0) == 0  # still above "▼"
    assert scroll_start(total=40, anchor=9, height=10, previous=0) == 9 - 10 // 3
    assert scroll_start(total=40, anchor=12, height=10, previous=6) == 6
    assert scroll_start(total=40, anchor=6, height=10, previous=6) == 6 - 10 // 3  # under "▲"
    assert scroll_start(total=40, anchor=39, height=10, previous=30) == 30  # no "▼" at the end


def test_wrapping_stops_at_the_lines_a_panel_shows() -> None:
    # A graph names an operation by its text: a formula's line can be millions of cells.
    # The panel shows a few lines; the rest stays one unwrapped line, not wrapped whole.
    from tui_backprop.app.widgets.step_panel import wrap

    line = Content("x+x " * 1_000_000)
    lines = wrap(line, 40, 4, limit=3)
    assert len(lines) == 3
    assert [part.plain for part in lines[:2]] == [("x+x " * 10).rstrip(), "    " + ("x+x " * 9).rstrip()]
    assert lines[2].cell_length > 3_000_000  # the rest, unwrapped
    assert [part.plain for part in wrap(Content("ab cd ef"), 5, 0)] == ["ab cd", "ef"]
