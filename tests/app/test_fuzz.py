"""A thousand random key presses and resizes never crash the app or lose the cursor."""

from __future__ import annotations

import random

import pytest
from textual import events

from tui_backprop.app.app import BackpropApp
from tui_backprop.app.screens.keys import KEYS

CHARACTERS = {"space": " ", "question_mark": "?", "plus": "+", "minus": "-", "escape": "\x1b",
              "enter": "\r", "tab": "\t"}
"""The character a terminal sends for the named keys that have one."""


def fuzz_keys() -> list[str]:
    """Every key the screen binds except q (quitting ends the run), plus a few unbound ones."""
    keys = [key for binding in KEYS for key in binding.key.split(",")]  # type: ignore[union-attr]
    return [key for key in keys if key != "q"] + ["escape", "enter", "x", "Z", "pageup", "f1"]


@pytest.mark.parametrize("name,seed", [("mazur", 1), ("xor", 2), ("cs231n-neuron", 3)])
async def test_random_keys_and_resizes(name: str, seed: int, trace_of) -> None:
    trace = trace_of(name, iterations=2)
    rng = random.Random(seed)
    keys = fuzz_keys()
    app = BackpropApp(trace, autoplay_interval=0.02)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen()
        assert screen is not None
        for press in range(500):
            if rng.random() < 0.03:
                await pilot.resize_terminal(rng.randint(10, 160), rng.randint(5, 50))
            else:
                key = rng.choice(keys)
                char = CHARACTERS.get(key, key if len(key) == 1 else None)
                # Posted like a terminal's input: many keys may queue up before a redraw.
                app.post_message(events.Key(key, char))
            if press % 25 == 0:
                await pilot.pause()
                assert 0 <= screen.taken <= len(trace)
                assert app.is_running
        await pilot.pause()
        assert 0 <= screen.taken <= len(trace)
        assert app.export_screenshot()
    assert app.return_code in (None, 0)
