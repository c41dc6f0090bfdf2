"""Conditional breakpoints and watches in the debugger: the `:` command line, the palette,
the breakpoints panel, c/C and autoplay stopping, the step panel naming the breakpoint."""

from __future__ import annotations

import dataclasses

import pytest

import tui_backprop as tb
from tui_backprop.app.app import BackpropApp
from tui_backprop.app.widgets.step_panel import StepPanel
from tui_backprop.core.breakpoints import parse_breakpoint


def loss_rising_trace():
    return tb.build_trace(dataclasses.replace(tb.example("xor"), learning_rate=50.0), 6)


async def type_command(pilot, text: str) -> None:
    await pilot.press("colon", *[{" ": "space"}.get(ch, ch) for ch in text], "enter")


async def test_command_line_adds_a_breakpoint_and_c_C_stop_at_its_steps(wait_for) -> None:
    trace = loss_rising_trace()
    stops = parse_breakpoint("loss if value > previous").matches(trace).tolist()
    assert len(stops) >= 2
    app = BackpropApp(trace)
    async with app.run_test(size=(100, 34)) as pilot:
        screen = app.main_screen()
        await type_command(pilot, "break loss if value > previous")
        assert [e.breakpoint.text for e in screen.debugging.entries] == ["loss if value > previous"]
        assert not screen.query_one("#command-bar").display and app.focused is None
        await pilot.press("c")
        assert screen.taken == stops[0] + 1
        panel = screen.query_one(StepPanel)
        assert "break 1: loss if value > previous" in str(panel.border_subtitle)
        await pilot.press("c")
        assert screen.taken == stops[1] + 1
        await pilot.press("C")
        assert screen.taken == stops[0] + 1
        await pilot.press("n")
        assert "break 1" not in str(panel.border_subtitle)


async def test_a_bad_command_says_why_in_one_line_and_the_app_keeps_running() -> None:
    app = BackpropApp(tb.build_trace(tb.example("mazur")))
    async with app.run_test(size=(100, 34)) as pilot:
        screen = app.main_screen()
        await type_command(pilot, "break loss if valeu > 0")
        error = screen.query_one("#command-error")
        assert error.display and screen.query_one("#command-bar").display
        text = str(error.render())
        assert "column 9: unknown name 'valeu'" in text and "\n" not in text
        assert screen.debugging.entries == []
        await pilot.press("escape")  # Esc closes; the keys are the debugger's again
        assert not screen.query_one("#command-bar").display
        await pilot.press("n")
        assert screen.taken == 1
        for bad in ("frobnicate", "delete 7", "delete x", "watch nothing"):
            await type_command(pilot, bad)
            assert screen.query_one("#command-error").display, bad
            await pilot.press("escape")
        assert app.is_running


async def test_autoplay_stops_at_a_conditional_breakpoint(wait_for) -> None:
    trace = loss_rising_trace()
    first = int(parse_breakpoint("loss if value > previous").matches(trace)[0])
    app = BackpropApp(trace, breakpoints=[parse_breakpoint("loss if value > previous")],
                      autoplay_interval=0.001)
    async with app.run_test(size=(100, 34)) as pilot:
        screen = app.main_screen()
        await pilot.press("a")
        await wait_for(pilot, lambda: not screen.playing, "autoplay to stop")
        assert screen.taken == first + 1
        assert "break 1" in str(screen.query_one(StepPanel).border_subtitle)


async def test_the_panel_lists_toggles_and_deletes_breakpoints() -> None:
    trace = loss_rising_trace()
    app = BackpropApp(trace, breakpoints=[parse_breakpoint("loss if value > previous"),
                                          parse_breakpoint("dL/dw* if value * previous < 0")])
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.main_screen()
        await pilot.press("v")
        panel = screen.query_one("#breakpoints")
        assert panel.display and app.focused is panel
        lines = panel.text.splitlines()
        assert "1 ● loss if value > previous" in lines[0] and "2 ● dL/dw*" in lines[1]
        await pilot.press("space")  # disables breakpoint 1
        assert [e.enabled for e in screen.debugging.entries] == [False, True]
        assert "1 ○ loss" in panel.text
        await pilot.press("escape", "c")  # only breakpoint 2 stops now
        flips = parse_breakpoint("dL/dw* if value * previous < 0").matches(trace)
        assert screen.taken == int(flips[0]) + 1
        await pilot.press("v", "j", "x")  # delete breakpoint 2
        assert [e.number for e in screen.debugging.entries] == [1]
        await pilot.press("escape", "V")
        assert not panel.display


async def test_palette_add_breakpoint_opens_the_command_line(wait_for, choose_in_palette) -> None:
    app = BackpropApp(tb.build_trace(tb.example("mazur")))
    async with app.run_test(size=(100, 34)) as pilot:
        screen = app.main_screen()
        await choose_in_palette(pilot, "add breakpoint", "Add breakpoint")
        line = screen.query_one("#command-input")
        await wait_for(pilot, lambda: app.focused is line, "the command line to get the keys")
        assert line.value == "break "
        await pilot.press("l", "o", "s", "s", "enter")
        assert [e.breakpoint.text for e in screen.debugging.entries] == ["loss"]


async def test_watches_show_value_and_history_over_iterations(trace_of) -> None:
    trace = trace_of("xor", iterations=5)
    updates = [s.index for s in trace if s.target == "w1[1,1]"]
    app = BackpropApp(trace, watches=["w1[1,1]"])
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.main_screen()
        await pilot.pause()
        panel = screen.query_one("#watches")
        assert panel.display
        assert panel.text.split() == ["w1[1,1]", "·"]
        screen.taken = updates[2] + 1
        await pilot.pause()
        name, value, bars = panel.text.split()
        assert value == f"{trace[updates[2]].value:.3f}" and len(bars) == 3
        await pilot.press("G")
        assert len(panel.text.split()[2]) == 5  # one bar per iteration
        await pilot.press("g", "n", "m")  # watch the first step's quantity
        assert screen.debugging.watches == ["w1[1,1]", trace[0].target]
        await pilot.press("M")
        assert not panel.display


@pytest.mark.parametrize("size", [(80, 24)])
async def test_command_line_fits_a_small_terminal(size) -> None:
    app = BackpropApp(tb.build_trace(tb.example("seed")))
    async with app.run_test(size=size) as pilot:
        await pilot.press("colon")
        bar = app.main_screen().query_one("#command-bar")
        assert bar.display and bar.region.bottom <= size[1]
