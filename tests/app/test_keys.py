"""Every key of the debugger, pressed as a person would (Pilot)."""

from __future__ import annotations

import pytest
from textual.content import Content

from tui_backprop.app.app import BackpropApp
from tui_backprop.app.screens.help import HelpScreen, help_lines
from tui_backprop.app.screens.keys import KEYS
from tui_backprop.app.screens.main import MAX_DECIMALS, SPEEDS, MainScreen


def main(app: BackpropApp) -> MainScreen:
    screen = app.main_screen()
    assert screen is not None
    return screen


@pytest.mark.parametrize("forward,back", [("n", "N"), ("right", "left"), ("space", "p")])
async def test_next_and_previous_step(forward: str, back: str, trace_of) -> None:
    app = BackpropApp(trace_of("seed"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await pilot.press(back)
        assert screen.taken == 0  # nothing before the start
        await pilot.press(forward, forward, forward)
        assert screen.taken == 3
        await pilot.press(back)
        assert screen.taken == 2


async def test_cannot_step_past_the_end_and_dims_the_key(trace_of) -> None:
    trace = trace_of("seed")
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        assert screen.check_action("step", (-1,)) is None
        assert screen.check_action("step", (1,)) is True
        await pilot.press("G", "n")
        assert screen.taken == len(trace)
        assert screen.check_action("step", (1,)) is None
        assert screen.check_action("block", ("phase", 1)) is None
        assert screen.check_action("step", (-1,)) is True


@pytest.mark.parametrize("first,last", [("g", "G"), ("home", "end")])
async def test_first_and_last(first: str, last: str, trace_of) -> None:
    trace = trace_of("mazur")
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(last)
        assert main(app).taken == len(trace)
        await pilot.press(first)
        assert main(app).taken == 0


# Mazur 2-2-2: steps 0-1 unit z1[1]/a1[1], 0-3 layer 1, 0-7 forward, 8 loss,
# 9-13 the backward unit of y_pred[1], 31-42 updates.
MOVES = [
    (0, "o", 2), (2, "o", 4), (9, "o", 14), (14, "O", 9), (2, "O", 0), (1, "O", 0),
    (0, "e", 4), (4, "e", 8), (4, "E", 0), (6, "E", 4),
    (0, "f", 8), (8, "f", 9), (9, "f", 31), (31, "f", 43), (43, "F", 31), (20, "F", 9),
    (0, "i", 43), (43, "I", 0), (43, "o", 43), (0, "O", 0),
]
"""(cursor before, key, cursor after)."""


async def test_step_over_and_out(trace_of) -> None:
    app = BackpropApp(trace_of("mazur"))
    async with app.run_test(size=(80, 24)) as pilot:
        for start, key, end in MOVES:
            main(app).taken = start
            await pilot.press(key)
            assert main(app).taken == end, (start, key)


async def test_iteration_keys_cross_iterations(trace_of) -> None:
    trace = trace_of("mazur", iterations=3)
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i", "i")
        assert main(app).taken == 86
        await pilot.press("n", "I")
        assert main(app).taken == 86
        await pilot.press("I")
        assert main(app).taken == 43


async def test_focus_follows_the_step_and_moves_with_jkhl(trace_of) -> None:
    app = BackpropApp(trace_of("mazur"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        assert screen.focus == (1, 0)
        await pilot.press("n", "n", "n")  # z1[2]
        assert screen.focus == (1, 1)
        await pilot.press("j")
        assert screen.focus == (1, 1)  # already the last unit
        assert screen.check_action("focus_unit", (1,)) is None
        await pilot.press("k")
        assert screen.focus == (1, 0)
        await pilot.press("up")
        assert screen.focus == (1, 0)
        await pilot.press("l", "down")
        assert screen.focus == (2, 1)
        await pilot.press("l")
        assert screen.focus == (2, 1)  # no layer after the output
        await pilot.press("h", "h")
        assert screen.focus == (0, 1)
        await pilot.press("tab", "shift+tab", "shift+tab")
        assert screen.focus == (0, 1)
        await pilot.press("n")  # stepping brings the focus back to the step's node
        assert screen.focus == (1, 1)


async def test_node_breakpoints_and_continue(trace_of) -> None:
    trace = trace_of("mazur")
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await pilot.press("l", "j", "b")  # y_pred[2]: steps 6, 7, 14-18, 40-42
        assert screen.node_breakpoints == {(2, 1)}
        await pilot.press("c")
        assert screen.taken == 7 and trace[screen.taken - 1].node == (2, 1)
        subtitle = Content.from_markup(screen.query_one("#step").border_subtitle)
        assert "● breakpoint" in subtitle.plain
        await pilot.press("c")
        assert screen.taken == 8
        await pilot.press("c")
        assert screen.taken == 15
        await pilot.press("C")
        assert screen.taken == 8
        await pilot.press("C", "C")
        assert screen.taken == 0  # no breakpoint before step 6: back to the start
        await pilot.press("G", "C")
        assert screen.taken == 42
        await pilot.press("g", "l", "j", "b")  # toggles it off again
        assert screen.node_breakpoints == frozenset()
        await pilot.press("c")
        assert screen.taken == len(trace)


async def test_step_breakpoints(trace_of) -> None:
    trace = trace_of("mazur")
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        assert screen.check_action("toggle_step_breakpoint", ()) is None
        screen.taken = 21
        await pilot.press("B")
        assert screen.step_breakpoints == {20}
        await pilot.press("g", "c")
        assert screen.taken == 21
        await pilot.press("c")
        assert screen.taken == len(trace)
        await pilot.press("C")
        assert screen.taken == 21
        await pilot.press("B", "g", "c")
        assert screen.taken == len(trace)


async def test_breakpoints_are_fast_on_mnist(trace_of) -> None:
    trace = trace_of("mnist-mlp")
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        screen.focus = (2, 9)
        await pilot.press("b", "c")
        assert screen.taken == int(trace.touching(2, 9)[0]) + 1
        await pilot.press("c", "c")
        assert trace[screen.taken - 1].node == (2, 9)


async def test_autoplay_steps_and_stops_at_the_end(trace_of, wait_for) -> None:
    trace = trace_of("seed")
    app = BackpropApp(trace, autoplay_interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        seen: list[int] = []
        screen.watch(screen, "taken", lambda taken: seen.append(taken), init=False)
        await pilot.press("a")
        await wait_for(pilot, lambda: not screen.playing, "autoplay to stop")
        assert not screen.playing
        assert screen.taken == len(trace)
        assert seen == list(range(1, len(trace) + 1))  # one step per tick


async def test_autoplay_stops_at_a_breakpoint_and_toggles_off(trace_of, wait_for) -> None:
    app = BackpropApp(trace_of("mazur"), autoplay_interval=0.01)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await pilot.press("l", "b", "a")
        await wait_for(pilot, lambda: not screen.playing, "autoplay to stop")
        assert screen.taken == 5  # z2[1], the first step touching node (2, 0)
        slow = BackpropApp(trace_of("mazur"), autoplay_interval=100)
    async with slow.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        assert main(slow).playing
        assert "▶ 1x" in main(slow).query_one("#header").text
        await pilot.press("a")
        assert not main(slow).playing and main(slow).taken == 0


async def test_autoplay_speed(trace_of) -> None:
    app = BackpropApp(trace_of("seed"), autoplay_interval=100)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        start = screen.speed
        await pilot.press("plus")
        assert SPEEDS[screen.speed] == 2 * SPEEDS[start]
        await pilot.press("minus", "minus")
        assert SPEEDS[screen.speed] == SPEEDS[start] / 2
        await pilot.press(*["minus"] * 10)
        assert screen.speed == 0
        assert screen.check_action("speed", (-1,)) is None
        await pilot.press(*["plus"] * 10)
        assert screen.speed == len(SPEEDS) - 1
        await pilot.press("a")
        assert f"▶ {SPEEDS[-1]:g}x" in screen.query_one("#header").text


async def test_theme_cycles_through_every_registered_theme(trace_of) -> None:
    app = BackpropApp(trace_of("seed"))
    async with app.run_test(size=(80, 24)) as pilot:
        order = app.theme_order()
        assert order[0] == "backprop-dark" == app.theme
        assert {"backprop-light", "backprop-mono", "textual-dark"} <= set(order)
        seen = [app.theme]
        for _ in range(len(order)):
            await pilot.press("t")
            seen.append(app.theme)
        assert seen[:-1] == order and seen[-1] == order[0]


async def test_decimals(trace_of, cells) -> None:
    app = BackpropApp(trace_of("seed"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await pilot.press("n", "d")
        assert screen.decimals == 4
        assert cells(screen.query_one("#forward").text)["z1"] == "1.1000"
        assert screen.query_one("#step").text.splitlines()[-1].strip() == "= 1.1000"
        await pilot.press("D", "D", "D", "D", "D")
        assert screen.decimals == 0
        assert cells(screen.query_one("#forward").text)["z1"] == "1"
        assert screen.check_action("decimals", (-1,)) is None
        await pilot.press(*["d"] * 12)
        assert screen.decimals == MAX_DECIMALS


async def test_help_lists_every_binding_and_closes(trace_of) -> None:
    app = BackpropApp(trace_of("seed"))
    async with app.run_test(size=(80, 24)) as pilot:
        for close in ("escape", "q", "question_mark"):
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            text = str(app.screen.query_one("#help-text").render())
            for binding in KEYS:
                assert binding.tooltip and binding.tooltip in text  # type: ignore[union-attr]
            assert "Ctrl+P" in text
            await pilot.press(close)
            assert isinstance(app.screen, MainScreen)
        keys = [keys for keys, _ in help_lines()]
        assert keys[0] == "n  →  space" and "?" in keys


async def test_every_binding_has_an_id_and_a_letter_first(trace_of) -> None:
    ids = [binding.id for binding in KEYS]  # type: ignore[union-attr]
    assert all(ids) and len(set(ids)) == len(ids)
    for binding in KEYS:
        first = binding.key.split(",")[0]  # type: ignore[union-attr]
        assert len(first) == 1 or first in ("question_mark", "plus", "minus", "colon")


async def test_q_quits(trace_of) -> None:
    app = BackpropApp(trace_of("seed"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_palette_jumps_to_a_step(trace_of, choose_in_palette) -> None:
    app = BackpropApp(trace_of("mazur"))
    async with app.run_test(size=(80, 24)) as pilot:
        await choose_in_palette(pilot, "dL/dz1[2]", ": dL/dz1[2]")
        screen = main(app)
        assert app.screen is screen
        assert screen.trace[screen.taken - 1].target == "dL/dz1[2]"


async def test_palette_jumps_by_number(trace_of, choose_in_palette) -> None:
    app = BackpropApp(trace_of("mnist-mlp"))
    async with app.run_test(size=(80, 24)) as pilot:
        await choose_in_palette(pilot, "150000", "Jump to step 150000:")
        assert main(app).taken == 150000


async def test_palette_chooses_an_example_and_a_theme(trace_of, choose_in_palette) -> None:
    app = BackpropApp(trace_of("seed"), examples=["seed", "mazur"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await pilot.press("n", "n", "l", "b")
        await choose_in_palette(pilot, "Example: mazur", "Example: mazur")
        assert app.trace.network.name == "mazur 2-2-2" == app.title
        assert screen.trace is app.trace and screen.taken == 0
        assert screen.node_breakpoints == frozenset()
        assert "mazur 2-2-2" in screen.query_one("#header").text
        await choose_in_palette(pilot, "Theme: backprop-light", "Theme: backprop-light")
        assert app.theme == "backprop-light"


async def test_autoplay_stops_at_an_input_breakpoint_like_continue(trace_of, wait_for) -> None:
    """An input node is touched by the steps that read it: autoplay and `c` agree on that."""
    trace = trace_of("mazur")
    app = BackpropApp(trace, autoplay_interval=0.01)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await pilot.press("h", "b")
        assert screen.focus == (0, 0)
        await pilot.press("n", "n")  # past z1[1]; the next reader of x[1] is z1[2] (step 3)
        await pilot.press("a")
        await wait_for(pilot, lambda: not screen.playing, "autoplay to stop")
        assert screen.taken == 3 and trace[2].target == "z1[2]"
        assert "breakpoint" in screen.query_one("#step").border_subtitle
        await pilot.press("g", "c")
        assert screen.taken == 1  # continue stops at the same kind of step: z1[1]
