"""Predict mode in the debugger, driven as a learner would (Pilot): forward moves stop and ask,
the answer is typed into the bar, Enter checks it, Esc reveals it; the tally, the hints, going
back, the P key and the log file."""

from __future__ import annotations

import json
import os

import pytest

from tui_backprop.app.app import BackpropApp
from tui_backprop.app.screens.main import MainScreen
from tui_backprop.app.widgets.debugger_header import DebuggerHeader
from tui_backprop.app.widgets.predict_bar import PredictBar
from tui_backprop.app.widgets.step_panel import StepPanel
from tui_backprop.predict_log import FIELDS, PredictLog

# The seed: steps 0-3 forward, 4 the loss, 5 dL/dy_pred = -0.791, 6 dL/dz2 = -0.189,
# 7 dL/dw2 = -0.142, ..., 13-16 the updates.
SIZE = (80, 24)


def main(app: BackpropApp) -> MainScreen:
    screen = app.main_screen()
    assert screen is not None
    return screen


def panel(app: BackpropApp) -> list[str]:
    return main(app).query_one(StepPanel).text.splitlines()


def bar(app: BackpropApp) -> str:
    return main(app).query_one(PredictBar).text


def header(app: BackpropApp) -> str:
    return main(app).query_one(DebuggerHeader).text


async def type_answer(pilot, text: str) -> None:
    """Type `text` into the predict bar, a key per character as a terminal sends them, then Enter."""
    names = {".": "full_stop", "-": "minus", "+": "plus", " ": "space"}
    await pilot.press(*(names.get(char, char) for char in text), "enter")


async def test_n_asks_the_first_backward_step_without_showing_its_value(trace_of) -> None:
    app = BackpropApp(trace_of("seed"), predict="backward")
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press(*"nnnnn")  # the forward and loss steps are not asked
        assert screen.taken == 5 and screen.asking is None
        await pilot.press("n")
        assert screen.asking == 5 and screen.taken == 5  # stopped before the step
        assert panel(app) == ["dL/dy_pred = 2(y_pred - y)", "           = 2(0.605 - 1.000)",
                              "           = ?"]
        assert "-0.791" not in panel(app) and "dL/dy_pred = ?" in bar(app)
        assert isinstance(app.focused, type(screen.query_one(PredictBar).answer))


async def test_a_right_answer_takes_the_step_and_counts(trace_of) -> None:
    app = BackpropApp(trace_of("seed"), predict="backward")
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press(*"nnnnnn")
        await type_answer(pilot, "-.791")
        assert screen.taken == 6 and screen.asking is None
        assert panel(app)[0] == "✓ right" and panel(app)[-1].startswith("local derivative")
        assert "predicted 1 of 1 right" in header(app)
        drawn = main(app).query_one(DebuggerHeader).render_line(0).text
        assert "predicted 1 of 1 right" in drawn  # at 80 columns, with narrower separators
        assert "you typed -.791" in bar(app)
        await pilot.press("n")
        await type_answer(pilot, "-1.89e-1")  # the e is part of the answer, not a key
        assert screen.taken == 7 and "predicted 2 of 2 right" in header(app)
        await pilot.press("N")  # the verdict shows until the next move
        assert not any(line.startswith(("✓", "✗")) for line in panel(app))


# (example, steps taken before, mode, answer, hint): an answer made by each classic mistake.
HINTS = [
    ("seed", 6, "backward", "0.189", "sign flipped"),
    ("seed", 6, "backward", "-0.791", "local derivative left out"),
    ("seed", 6, "backward", "0.239", "upstream gradient left out"),
    ("mazur", 20, "backward", "0.0554", "a += contribution missed"),
    ("mazur", 19, "backward", "0.0495", "the updated w2[1,1] used instead of the old one"),
    ("seed", 15, "update", "0.328", "the updated w2 used instead of the old one"),
    ("seed", 6, "backward", "-0.663", "tanh's derivative used instead of sigmoid's"),
    ("tanh-neuron", 6, "backward", "0.207", "sigmoid's derivative used instead of tanh's"),
    ("micrograd-lecture", 4, "backward", "1", "local derivative left out"),
]


@pytest.mark.parametrize(("example", "before", "mode", "answer", "hint"), HINTS)
async def test_a_wrong_answer_shows_the_value_its_factors_and_the_mistake(
        trace_of, example, before, mode, answer, hint) -> None:
    trace = trace_of(example)
    app = BackpropApp(trace, predict=mode)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        screen.taken = before  # set directly: nothing asked on the way
        await pilot.press("n")
        assert screen.asking == before
        await type_answer(pilot, answer)
        assert screen.taken == before + 1 and screen.asking is None
        lines = panel(app)
        assert lines[0] == f"✗ wrong: {hint}"
        step = trace[before]
        value = f"{step.value:.3f}"
        assert any(line.strip() == f"= {value}" for line in lines), lines
        if step.local is not None:
            assert any(line.startswith("local derivative") for line in lines)
        assert hint in bar(app) and f"you typed {answer}" in bar(app)
        assert "predicted 0 of 1 right" in header(app)


async def test_a_wrong_answer_like_no_mistake_has_no_hint(trace_of) -> None:
    app = BackpropApp(trace_of("seed"), predict="backward")
    async with app.run_test(size=SIZE) as pilot:
        main(app).taken = 6
        await pilot.press("n")
        await type_answer(pilot, "5")
        assert panel(app)[0] == "✗ wrong"


async def test_letters_typed_are_the_answer_not_keys(trace_of) -> None:
    app = BackpropApp(trace_of("seed"), predict="backward")
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press(*"nnnnnn")
        await pilot.press(*"qnGfcapx")  # quit, next, last, phase, continue, play, back, check
        assert app.is_running and screen.taken == 5 and screen.asking == 5
        assert not screen.playing and not screen.is_open("gradcheck")
        assert screen.query_one(PredictBar).answer.value == "qnGfcapx"
        await pilot.press("enter")  # not a number: said, still asked, nothing counted
        assert screen.asking == 5 and screen.tally.asked == 0
        assert "not a number" in bar(app)
        await pilot.press("enter")  # an empty answer is asked again, too
        for _ in "qnGfcapx":
            await pilot.press("backspace")
        await pilot.press("enter")
        assert screen.asking == 5 and screen.tally.asked == 0


@pytest.mark.parametrize("reveal", [("escape",), ("question_mark", "enter")])  # ? as line mode
async def test_escape_reveals_without_counting(trace_of, reveal) -> None:
    app = BackpropApp(trace_of("seed"), predict="backward")
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press(*"nnnnnn", *reveal)
        assert screen.taken == 6 and screen.asking is None
        assert panel(app)[0] == "○ revealed, not counted"
        assert "= -0.791" in panel(app)[3]
        assert "predicted 0 of 0 right" in header(app) and 5 in screen.tally.seen
        await pilot.press("q")  # the keys are the debugger's again
        assert not app.is_running


async def test_going_back_and_forward_does_not_ask_twice(trace_of) -> None:
    app = BackpropApp(trace_of("seed"), predict="backward")
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press(*"nnnnnn")
        await type_answer(pilot, "0.791")
        await pilot.press("n", "escape")
        assert screen.taken == 7
        await pilot.press("g", *"nnnnnnn")  # through dL/dy_pred and dL/dz2 again
        assert screen.taken == 7 and screen.asking is None
        await pilot.press("n")
        assert screen.asking == 7  # dL/dw2 was never asked
        assert str(screen.tally) == "0 of 1 right"


async def test_going_back_from_a_question_withdraws_it(trace_of) -> None:
    app = BackpropApp(trace_of("seed"), predict="backward")
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press(*"nnnnnn")
        screen.set_focus(None)  # a click elsewhere: the keys reach the bindings
        await pilot.press("n")  # forward: still asked, the input has the focus again
        assert screen.asking == 5 and screen.taken == 5
        screen.set_focus(None)
        await pilot.press("p")
        assert screen.asking is None and screen.taken == 4 and screen.tally.seen == set()
        await pilot.press("n", "n")
        assert screen.asking == 5


@pytest.mark.parametrize("keys", ["fff", "G", "c", "i", "end"])
async def test_block_moves_continue_and_jumps_stop_at_the_step_to_ask(trace_of, keys) -> None:
    app = BackpropApp(trace_of("mazur"), predict="backward")
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press(*([keys] if keys == "end" else keys))
        assert screen.asking == 9 and screen.taken == 9  # mazur's first backward step
        await pilot.press("escape", "e")  # on to the end of the layer, but asks first
        assert screen.asking == 10 and screen.taken == 10


async def test_autoplay_stops_at_the_step_to_ask(trace_of, wait_for) -> None:
    app = BackpropApp(trace_of("seed"), predict="backward", autoplay_interval=0.01)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press("a")
        await wait_for(pilot, lambda: screen.asking is not None, "autoplay to reach a step to ask")
        assert screen.asking == 5 and screen.taken == 5 and not screen.playing


async def test_p_turns_predict_mode_on_and_off_even_while_asked(trace_of) -> None:
    app = BackpropApp(trace_of("seed"))
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        assert not screen.query(PredictBar) and "predicted" not in header(app)
        await pilot.press(*"nnnn", "P")
        predict_bar = screen.query_one(PredictBar)
        assert predict_bar.display and "predicted 0 of 0 right" in header(app)
        await pilot.press("n", "n")
        assert screen.asking == 5
        await pilot.press("P")  # typed while asked: no number has a P, so it is the key
        assert screen.asking is None and not predict_bar.display and screen.taken == 5
        assert "predicted" not in header(app)
        await pilot.press("n")
        assert screen.taken == 6  # off: n takes the step


async def test_each_answer_is_a_line_of_the_log(trace_of, tmp_path) -> None:
    path = tmp_path / "answers.jsonl"
    app = BackpropApp(trace_of("seed"), predict="backward", predict_log=PredictLog(str(path)),
                      source="seed")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"nnnnnn")
        await type_answer(pilot, "-0.791")
        await pilot.press("n")
        await type_answer(pilot, "-0.791")
        await pilot.press("n", "escape")  # revealed: not an answer, not logged
    lines = [json.loads(line) for line in path.read_text(encoding="ascii").splitlines()]
    assert [tuple(line) for line in lines] == [FIELDS, FIELDS]
    assert [(line["example"], line["step"], line["target"], line["answer"], line["right"], line["hint"])
            for line in lines] == [("seed", 5, "dL/dy_pred", -0.791, True, None),
                                   ("seed", 6, "dL/dz2", -0.791, False, "local derivative left out")]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
async def test_a_log_that_cannot_be_written_says_so_and_the_answers_still_count(trace_of) -> None:
    app = BackpropApp(trace_of("seed"), predict="backward", predict_log=PredictLog("/dev/full"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"nnnnnn")
        await type_answer(pilot, "1")
        await pilot.press("n")
        await type_answer(pilot, "1")
        assert "predicted 0 of 2 right" in header(app)
        said = [str(notice.message) for notice in app._notifications]  # noqa: SLF001
        assert sum("answers are no longer logged" in message for message in said) == 1, said


async def test_a_jump_from_the_palette_stops_at_the_step_to_ask(trace_of, choose_in_palette) -> None:
    app = BackpropApp(trace_of("seed"), predict="backward")
    async with app.run_test(size=SIZE) as pilot:
        await choose_in_palette(pilot, "17", "Jump to step 17")
        await pilot.pause()
        assert main(app).asking == 5 and main(app).taken == 5
