"""Random bursts of keys and resizes never crash the app or lose the cursor.

Keys are posted as a terminal delivers them: a burst of several with no pause between, so
keys queue up behind the one that opens or closes a modal. Each burst is drawn from the keys
of the screen on top (the debugger, the edit modal, the help, the command palette), and
resizes reach the tiniest terminals with any of them open. The app must never end with an
exception; the palette's Quit may end a run, and then a new one starts.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.command import CommandPalette

from tui_backprop.app.app import BackpropApp
from tui_backprop.app.screens.edit import EditScreen
from tui_backprop.app.screens.help import HelpScreen
from tui_backprop.app.screens.keys import KEYS
from tui_backprop.app.screens.main import MainScreen

pytestmark = pytest.mark.slow

BURSTS = 160
"""Bursts per example (about 700 keys)."""
TINY = [(1, 1), (4, 4), (8, 5), (20, 6)]
"""The smallest terminals, each reached with every modal open."""
COMMON = ["enter", "escape", "ctrl+p", "pageup", "pagedown", "tab", "up", "down", "f1"]
"""Keys every burst may hold, whatever is on top."""
EDIT_KEYS = ["home", "end", "backspace", "left", "right", "0", "5", "full_stop", "minus", "e", "x"]
"""The edit modal's list and text box: choose, type a number (or not one), apply, cancel."""
HELP_KEYS = ["j", "k", "q", "question_mark", "home", "end"]
"""The help screen's keys (q and ? close it)."""
PALETTE_KEYS = ["backspace", "end", "home", *"12357aeijmopstx"]
"""Typing into the palette: step numbers and letters of every command, Quit's too."""


def main_keys() -> list[str]:
    """Every key the debugger binds except q (quitting ends the run), plus unbound ones."""
    keys = [key for binding in KEYS for key in binding.key.split(",")]  # type: ignore[union-attr]
    return [key for key in keys if key != "q"] + ["x", "Z"]


OPENERS: dict[str, type] = {"w": EditScreen, "enter": EditScreen, "question_mark": HelpScreen,
                            "ctrl+p": CommandPalette}
"""Keys of the debugger that open a modal, and the modal."""


def keys_for(kind: type) -> list[str]:
    """The keys a burst is drawn from while a screen of this kind is on top."""
    if issubclass(kind, EditScreen):
        return COMMON + EDIT_KEYS
    if issubclass(kind, HelpScreen):
        return COMMON + HELP_KEYS
    if issubclass(kind, CommandPalette):
        return COMMON + PALETTE_KEYS
    return COMMON + main_keys()


def draw_burst(rng: random.Random, on_top: type) -> list[str]:
    """One to eight keys for the screen on top; often a modal's opener and then keys for
    that modal, typed before it has even been drawn."""
    keys: list[str] = []
    if on_top is MainScreen and rng.random() < 0.4:
        opener = rng.choice(list(OPENERS))
        keys.append(opener)
        on_top = OPENERS[opener]
    pool = keys_for(on_top)
    return keys + [rng.choice(pool) for _ in range(rng.randint(1, 8 - len(keys)))]


def new_app(trace, folder: Path) -> BackpropApp:
    app = BackpropApp(trace, autoplay_interval=0.02, examples=["seed", "mazur", "xor"])
    # The palette's own Screenshot command saves in the downloads folder: keep it in tmp.
    deliver = app.deliver_screenshot
    app.deliver_screenshot = lambda *args, **kwargs: deliver(path=str(folder))  # type: ignore[method-assign]
    return app


@pytest.mark.parametrize("name,seed", [("mazur", 1), ("softmax", 2), ("cs231n-neuron", 3)])
async def test_random_bursts_and_resizes(name: str, seed: int, trace_of, burst, tmp_path) -> None:
    trace = trace_of(name, iterations=2)
    rng = random.Random(seed)
    bursts = runs = 0
    opened: set[str] = set()
    while bursts < BURSTS:
        runs += 1
        app = new_app(trace, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            while bursts < BURSTS and app.is_running:
                bursts += 1
                opened.add(type(app.screen).__name__)
                if rng.random() < 0.12:
                    tiny = rng.random() < 0.6
                    size = rng.choice(TINY) if tiny else (rng.randint(10, 160), rng.randint(5, 50))
                    await pilot.resize_terminal(*size)
                burst(app, *draw_burst(rng, type(app.screen)))
                await pilot.pause()
                screen = app.main_screen()
                assert screen is not None
                assert 0 <= screen.taken <= len(screen.trace)
            if app.is_running:
                assert app.export_screenshot()
        assert app._exception is None, f"run {runs} ended with {app._exception!r}"
        assert app.return_code in (None, 0)
    # The bursts reached every modal, not only the debugger.
    assert {"MainScreen", "EditScreen", "HelpScreen", "CommandPalette"} <= opened, opened
