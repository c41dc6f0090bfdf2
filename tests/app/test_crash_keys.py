"""Ordinary keys typed quickly, and small terminals, never crash the debugger.

Each test is one class of crash that a burst of keys (posted with no pause between them, as a
terminal delivers them) or a tiny terminal reached: a screen dismissed twice, a page key
before a list is laid out, text wrapped at a width of 0. See tui_backprop/app/textual_fixes.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.content import Content

import tui_backprop.app.app
from tui_backprop.app.app import BackpropApp
from tui_backprop.app.editing import editables
from tui_backprop.app.screens.edit import EditScreen
from tui_backprop.app.screens.help import HelpScreen
from tui_backprop.app.screens.main import MainScreen
from tui_backprop.core import example_names

TINY = [(1, 1), (4, 4), (8, 5), (20, 6), (8, 24), (20, 8)]
"""Terminal sizes at which a modal's text has no room (some leave exactly 0 columns)."""
OPENERS = {"edit": ("w",), "help": ("question_mark",), "palette": ("ctrl+p",),
           "training": ("r",), "gradcheck": ("x",)}
"""Keys that open each modal or drawer panel from the main screen."""


def new_app(trace_of, name: str = "mazur", iterations: int = 1) -> BackpropApp:
    return BackpropApp(trace_of(name, iterations=iterations), examples=example_names())


def assert_alive(app: BackpropApp) -> None:
    """Still running, with no exception kept for re-raising on exit."""
    assert app.is_running
    assert app._exception is None
    assert app.return_code is None


def stack(app: BackpropApp) -> list[str]:
    return [type(screen).__name__ for screen in app.screen_stack]


async def test_two_enters_in_one_burst_apply_one_edit(trace_of, burst) -> None:
    app = new_app(trace_of)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "w")
        await pilot.pause()
        burst(app, "enter")  # choose the highlighted number: the text box gets the focus
        await pilot.pause()
        burst(app, "enter", "enter", "enter")  # apply, then two more before the modal is gone
        await pilot.pause()
        assert_alive(app)
        assert stack(app) == ["MainScreen"]
        assert app.main_screen().is_open("edit-panel")


async def test_dismissing_a_screen_not_on_top_changes_nothing(trace_of) -> None:
    app = new_app(trace_of)
    results: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen()
        assert screen is not None
        edit = EditScreen(editables(screen.trace, screen.focus), "Edit")
        app.push_screen(edit, results.append)
        await pilot.pause()
        app.push_screen(HelpScreen())
        await pilot.pause()
        edit.dismiss(None)  # a stale request: the help screen is on top of it
        await pilot.pause()
        assert stack(app) == ["MainScreen", "EditScreen", "HelpScreen"]
        assert results == []
        app.pop_screen()
        await pilot.pause()
        edit.dismiss(None)  # on top now: it closes, once
        edit.dismiss(None)
        await pilot.pause()
        assert stack(app) == ["MainScreen"]
        assert results == [None]
        assert_alive(app)


async def open_palette_on(app: BackpropApp, pilot, burst, wait_for, query: str) -> None:
    burst(app, "ctrl+p", *query)
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette)
                   and app.screen.query_one(CommandList).option_count > 0,
                   f"the palette to list hits for {query!r}")


async def test_a_palette_command_and_a_second_enter_run_it_once(trace_of, burst, wait_for) -> None:
    app = new_app(trace_of)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_palette_on(app, pilot, burst, wait_for, "7")
        burst(app, "down", "enter", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the palette to close")
        await pilot.pause()
        assert app.main_screen().taken == 7
        assert stack(app) == ["MainScreen"]
        assert_alive(app)


async def test_the_palettes_quit_and_a_second_enter_exit_cleanly(trace_of, burst, wait_for) -> None:
    app = new_app(trace_of)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_palette_on(app, pilot, burst, wait_for, "quit")
        burst(app, "down", "enter", "enter")
        await wait_for(pilot, lambda: not app.is_running, "the app to quit")
    assert app._exception is None
    assert app.return_code == 0


@pytest.mark.parametrize("keys", [("question_mark", "question_mark", "q", "w"),
                                  ("q", "q", "enter", "question_mark", "s")])
async def test_keys_queued_behind_a_quit_do_not_act(trace_of, burst, wait_for, tmp_path,
                                                   keys: tuple[str, ...]) -> None:
    """A quit, then keys that open a screen or save a file, in one burst: the app quits
    cleanly (no screen is mounted while the app tears its screens down) and saves nothing."""
    app = new_app(trace_of)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, *keys)
        await wait_for(pilot, lambda: not app.is_running, "the app to quit")
    assert app._exception is None
    assert app.return_code == 0
    assert list(tmp_path.glob("*.svg")) == []


@pytest.mark.parametrize("opener", ["ctrl+p", "w"])
async def test_page_keys_in_the_burst_that_opens_a_list(trace_of, burst, opener: str) -> None:
    app = new_app(trace_of)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, opener, "pagedown", "pageup", "pagedown", "end", "pageup")
        await pilot.pause()
        assert_alive(app)
        assert stack(app)[-1] in ("CommandPalette", "EditScreen")
        burst(app, "pagedown", "pageup")  # laid out now: the keys move the highlight
        await pilot.pause()
        assert_alive(app)


@pytest.mark.parametrize("opened", list(OPENERS))
@pytest.mark.parametrize("size", [(1, 1), (8, 24)], ids=["1x1", "8x24"])
async def test_every_modal_and_panel_at_tiny_sizes(trace_of, burst, opened: str,
                                                  size: tuple[int, int]) -> None:
    app = new_app(trace_of, iterations=2)
    async with app.run_test(size=size) as pilot:  # opened at a tiny size
        burst(app, *OPENERS[opened])
        await pilot.pause()
        assert_alive(app)
        for other in TINY:  # and resized through every tiny size while open
            await pilot.resize_terminal(*other)
            await pilot.pause()
        burst(app, "down", "pagedown", "enter", "escape")
        await pilot.pause()
        assert_alive(app)
        assert app.export_screenshot()


def test_text_wraps_at_a_width_of_zero() -> None:
    """Nothing fits in no columns: no line is folded, and nothing raises ValueError."""
    assert Content("weight w1 = 0.15").get_height({}, 0) >= 1
    assert len(Text("weight w1 = 0.15").wrap(Console(), 0)) >= 1


class QuitsAtOnce(BackpropApp):
    """Asked to exit while it mounts, before its screens have (a `q` or a SIGTERM that
    arrives during start-up)."""

    CSS_PATH = str(Path(tui_backprop.app.app.__file__).with_name("app.tcss"))

    def on_mount(self) -> None:
        super().on_mount()
        self.exit(return_code=143)


async def test_quitting_before_the_first_screen_mounted(trace_of) -> None:
    app = QuitsAtOnce(trace_of("mazur", iterations=2))
    async with app.run_test(size=(80, 24)):
        pass
    assert app._exception is None
    assert app.return_code == 143


async def test_a_palette_closed_while_it_searches_stays_quiet(trace_of, burst, wait_for) -> None:
    """The search's last step shows or hides the hit list; once the palette is closed (by
    Escape in the burst that typed the query) it has no list, and nothing may fail."""
    app = new_app(trace_of)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_palette_on(app, pilot, burst, wait_for, "7")
        palette = app.screen
        burst(app, "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the palette to close")
        await pilot.pause()
        palette._watch__list_visible()  # what a search still running on it does last
        assert_alive(app)
