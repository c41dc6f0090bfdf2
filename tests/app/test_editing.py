"""Editing a weight, bias, input or target in the app: the trace is rebuilt, the cursor stays,
what changed is listed, and bad values are refused inside the modal."""

from __future__ import annotations

import numpy as np
import pytest
from textual.widgets import Input, OptionList

import tui_backprop as tb
from tui_backprop.app.app import BackpropApp
from tui_backprop.app.editing import apply_edit, editables, parse_value
from tui_backprop.app.screens.edit import EditScreen
from tui_backprop.app.screens.main import MainScreen
from tui_backprop.app.widgets.edit_panel import EditPanel
from tui_backprop.core.steps import format_number


def main(app: BackpropApp) -> MainScreen:
    screen = app.main_screen()
    assert screen is not None
    return screen


async def open_edit(pilot, screen: MainScreen, focus: tuple[int, int], choice: int = 0) -> EditScreen:
    """Focus a node, press w, highlight a choice and press Enter: the value field is focused."""
    screen.focus = focus
    await pilot.press("w")
    modal = pilot.app.screen
    assert isinstance(modal, EditScreen)
    if len(modal.choices) > 1:  # a single number goes straight to the value field
        await pilot.press(*["down"] * choice, "enter")
    assert modal.query_one(OptionList).highlighted == choice
    assert pilot.app.focused is modal.query_one(Input)
    return modal


async def submit(pilot, modal: EditScreen, text: str) -> None:
    modal.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_editing_a_weight_changes_downstream_values_and_keeps_the_cursor(size, trace_of, cells) -> None:
    old = trace_of("mazur")
    app = BackpropApp(old)
    async with app.run_test(size=size) as pilot:
        screen = main(app)
        screen.taken = 12  # in the backward pass: dL/dz2[1] and its weights' gradients
        modal = await open_edit(pilot, screen, (2, 0))
        assert modal.chosen.name == "w2[1,1]"
        assert modal.query_one(Input).value == "0.4"  # the current value, ready to overwrite
        await submit(pilot, modal, "0.9")
        assert app.screen is screen
        assert screen.taken == 12 and screen.focus == (2, 0)
        new = screen.trace
        assert new is not old and app.trace is new
        assert new.network.layers[1].weights[0, 0] == 0.9
        assert old.network.layers[1].weights[0, 0] == 0.4  # the old network is untouched
        # Downstream of w2[1,1]: z2[1], y_pred[1], the loss and the backward values.
        state = new.state(12)
        shown = cells(screen.query_one("#forward").text)
        z = state.value(new.slots.slot("z", 0, 2, 0, 0))
        assert shown["z2[1]"] == format_number(z, 3)
        assert z != old.state(12).value(old.slots.slot("z", 0, 2, 0, 0))
        panel = screen.query_one(EditPanel)
        assert panel.display
        changed = [d.name for d in panel.differences]
        assert changed[:3] == ["z2[1]", "y_pred[1]", "loss"]
        assert "z1[1]" not in changed and "z2[2]" not in changed  # upstream and the other unit
        assert "Δ z2[1]" in panel.text and "you set w2[1,1] 0.400 → 0.900" in panel.text
        # Stepping on compares the two traces at the new position too.
        await pilot.press("G")
        assert "w2[1,1] updated" in [d.name for d in panel.differences]
        await pilot.press("W")
        assert not panel.display
        assert screen.trace is new  # closing the comparison keeps the edit


async def test_editing_an_input_and_a_bias(trace_of) -> None:
    app = BackpropApp(trace_of("mazur"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        screen.taken = 4
        modal = await open_edit(pilot, screen, (0, 1))  # x[2]: one choice, one sample
        await submit(pilot, modal, "-0.25")
        assert screen.trace.network.x[0, 1] == -0.25
        assert screen.taken == 4 and screen.focus == (0, 1)
        modal = await open_edit(pilot, screen, (1, 1), choice=2)  # w1[2,1], w1[2,2], b1[2]
        assert modal.chosen.name == "b1[2]"
        await submit(pilot, modal, "1e-3")
        assert screen.trace.network.layers[0].biases[1] == 0.001
        assert screen.trace.network.x[0, 1] == -0.25  # both edits hold


@pytest.mark.parametrize("text,message", [
    ("abc", "not a number"), ("nan", "not a finite number"), ("1e999", "not a finite number"),
    ("inf", "not a finite number"), ("", "type a number"), ("0.5.1", "not a number"),
])
async def test_a_bad_value_is_refused_with_a_message(text: str, message: str, trace_of) -> None:
    old = trace_of("mazur")
    app = BackpropApp(old)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        modal = await open_edit(pilot, screen, (2, 0))
        await submit(pilot, modal, text)
        assert app.screen is modal  # still open, so the value can be corrected
        assert message in modal.message and modal.message.startswith("✗")
        assert screen.trace is old
        await submit(pilot, modal, "0.7")  # corrected: accepted
        assert app.screen is screen and screen.trace.network.layers[1].weights[0, 0] == 0.7


async def test_escape_cancels(trace_of) -> None:
    old = trace_of("seed")
    app = BackpropApp(old)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await open_edit(pilot, screen, (1, 0))
        await pilot.press("escape")
        assert app.screen is screen and screen.trace is old
        assert not screen.is_open("edit-panel")


async def test_an_edit_that_overflows_keeps_the_old_trace_and_notifies(trace_of, monkeypatch) -> None:
    old = trace_of("mazur")
    app = BackpropApp(old)
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: said.append((message, kw.get("severity"))))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        screen.taken = 20
        modal = await open_edit(pilot, screen, (2, 0), choice=3)  # the target y[1]
        assert modal.chosen.kind == "target"
        await submit(pilot, modal, "1e308")  # a finite number, but the loss overflows
        assert app.screen is screen
        assert screen.trace is old and app.trace is old and screen.taken == 20
        assert not screen.is_open("edit-panel")
        assert len(said) == 1
        message, severity = said[0]
        assert severity == "error" and "y[1]" in message and "infinite" in message


def test_parse_value_accepts_ordinary_numbers() -> None:
    assert parse_value(" -2 ") == -2.0
    assert parse_value("1e-3") == 0.001
    assert parse_value("−0.5") == -0.5  # the minus sign the step panel prints
    for bad in ("abc", "nan", "-inf", "1e999", "   ", "0x10"):
        with pytest.raises(ValueError):
            parse_value(bad)


def test_editables_and_apply_edit_keep_records_immutable(trace_of) -> None:
    xor = trace_of("xor")
    inputs = editables(xor, (0, 0))
    assert [e.name for e in inputs] == ["x[1]⁽¹⁾", "x[1]⁽²⁾", "x[1]⁽³⁾", "x[1]⁽⁴⁾"]
    outputs = editables(xor, (2, 0))
    assert [e.kind for e in outputs] == ["weight", "weight", "bias"] + ["target"] * 4
    net = apply_edit(xor.network, inputs[2], 0.75)
    assert net.x[2, 0] == 0.75 and xor.network.x[2, 0] != 0.75
    assert not net.x.flags.writeable
    assert np.array_equal(np.delete(net.x.ravel(), 4), np.delete(xor.network.x.ravel(), 4))
    net = apply_edit(xor.network, outputs[-1], 0.5)
    assert net.y[3, 0] == 0.5 and not net.y.flags.writeable
    assert net.layers is not xor.network.layers or net.y is not xor.network.y
    tb.build_trace(net)  # a valid network


async def test_a_large_edit_lists_the_changes_around_the_current_step(trace_of) -> None:
    from tui_backprop.app.widgets.edit_panel import LIMIT

    trace = trace_of("mnist-mlp")
    app = BackpropApp(trace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = main(app)
        screen.taken = len(trace) // 2  # in the backward pass, thousands of gradients in
        screen.focus = (1, 3)
        await pilot.press("w", "end", "enter")  # End: the last choice
        modal = app.screen
        assert isinstance(modal, EditScreen)
        assert len(modal.choices) == 785  # 784 weights and the bias
        assert modal.chosen.name == "b1[4]"
        await submit(pilot, modal, "3")
        panel = screen.query_one(EditPanel)
        assert panel.count > LIMIT and len(panel.differences) == LIMIT
        from tui_backprop.app.edit_diff import differences

        every = [d.slot for d in differences(trace, screen.trace, screen.taken, 0)]
        assert len(every) == panel.count
        listed = [d.slot for d in panel.differences]
        written = trace[screen.taken - 1].slot
        if written in every:  # the current step's value is listed ...
            assert written in listed
        else:  # ... else the latest changes
            assert listed == every[-LIMIT:]
        # At the last term of dL/da1[100] (changed: every dL/dz2 changed) it is listed.
        slot = screen.trace.slots.slot("da", 0, 1, 0, 99)
        screen.taken = int(np.flatnonzero(screen.trace.table.slot == slot)[-1]) + 1
        await pilot.pause()
        assert panel.count > LIMIT and slot in [d.slot for d in panel.differences]
        assert "earlier and" in panel.text and "changes not listed" in panel.text


def test_differences_are_exactly_the_values_that_differ(trace_of) -> None:
    from tui_backprop.app.edit_diff import differences

    old = trace_of("xor")
    new = tb.build_trace(apply_edit(old.network, editables(old, (1, 1))[0], -1.5))
    for taken in (0, 7, 40, len(old) // 2, len(old)):
        every = np.arange(old.slots.total)
        a, b = old.state(taken).values(every), new.state(taken).values(every)
        expected = {int(s) for s in every[~np.isnan(a) & (a != b)]}
        found = differences(old, new, taken, 0)
        assert {d.slot for d in found} == expected
        firsts = [int(np.flatnonzero(new.table.slot == d.slot)[0]) for d in found]
        assert firsts == sorted(firsts)  # in the order the steps first wrote them


async def test_an_edit_open_while_another_example_comes_on_show_is_not_applied(trace_of) -> None:
    # A palette command queued before `w` can switch the example under the open edit: its
    # choices (softmax's unit 3) do not exist in the new network (xor's one output).
    app = BackpropApp(trace_of("softmax"), examples=["xor"])
    async with app.run_test(size=(100, 34)) as pilot:
        screen = main(app)
        modal = await open_edit(pilot, screen, (2, 2), choice=0)
        app.switch_example("xor")
        xor = screen.trace
        await submit(pilot, modal, "0.5")
        assert app.is_running and screen.trace is xor
        assert xor.network.layers[1].weights.shape == (1, 2)


@pytest.mark.parametrize("keys", [("enter", "enter"), ("enter", "escape")])
async def test_keys_faster_than_the_modal_closes_apply_the_edit_once(keys, trace_of) -> None:
    """A single-number modal (a graph's leaf) gets keys a fast typist or a paste sends before
    it has closed: a second Enter or an Escape must not pop the debugger screen too."""
    from textual import events

    app = BackpropApp(trace_of("colah"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        screen.focus = (0, 0)  # the leaf a: one number, straight to typing
        await pilot.press("w")
        assert isinstance(app.screen, EditScreen) and len(app.screen.choices) == 1
        app.screen.query_one(Input).value = "3"
        for key in keys:
            app.post_message(events.Key(key, {"enter": "\r", "escape": "\x1b"}[key]))
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app.screen is screen
        if keys == ("enter", "enter"):
            assert screen.trace.spec.nodes[0].value == 3.0  # applied, once
        # (Escape is a binding: it may act before the Enter's Submitted message; either way
        # the modal closes once.)
