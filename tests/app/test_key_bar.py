"""The key bar: the main keys, dimmed when they would do nothing, at any width; clickable."""

from __future__ import annotations

from tui_backprop.app.app import BackpropApp
from tui_backprop.app.screens.help import HelpScreen
from tui_backprop.app.screens.main import SHOWN, MainScreen
from tui_backprop.app.widgets.key_bar import KeyBar


def main(app: BackpropApp) -> MainScreen:
    screen = app.main_screen()
    assert screen is not None
    return screen


def bar_text(app: BackpropApp) -> str:
    return app.screen.query_one(KeyBar).render().plain


def lit(app: BackpropApp) -> dict[str, bool]:
    bar = main(app).query_one(KeyBar)
    return {binding.description: state for binding, state in zip(SHOWN, bar.lit, strict=True)}


async def test_shows_the_main_keys_one_key_each_and_the_palette(trace_of) -> None:
    app = BackpropApp(trace_of("seed"))
    async with app.run_test(size=(80, 24)):
        text = bar_text(app)
        assert text.startswith("n Next p Prev o Over f Phase")
        assert "n,right" not in text  # aliases belong to the help screen
        assert text.rstrip().endswith("▏^p Palette") and len(text) == 80


async def test_keys_that_would_do_nothing_are_dimmed(trace_of) -> None:
    trace = trace_of("seed")
    app = BackpropApp(trace)
    async with app.run_test(size=(80, 24)) as pilot:
        assert lit(app) == {"Next": True, "Prev": False, "Over": True, "Phase": True,
                            "Break": True, "Cont": True, "Play": True, "Help": True, "Quit": True}
        await pilot.press("n")
        assert lit(app)["Prev"] and lit(app)["Next"]
        await pilot.press("G")
        states = lit(app)
        assert not any(states[name] for name in ("Next", "Over", "Phase", "Cont"))
        assert states["Prev"] and states["Help"] and states["Quit"]
        # A dimmed key is drawn dim; a lit one is not.
        spans = main(app).query_one(KeyBar).render().spans
        dim_text = {bar_text(app)[span.start:span.end] for span in spans
                    if getattr(span.style, "dim", False)}
        assert "n" in dim_text and "Next" in dim_text and "Prev" not in dim_text
        bold_text = {bar_text(app)[span.start:span.end] for span in spans
                     if getattr(span.style, "bold", None)}
        assert "p" in bold_text and "n" not in bold_text  # without colour: lit keys are bold


async def test_narrow_terminals_keep_help_and_quit(trace_of) -> None:
    app = BackpropApp(trace_of("seed"))
    async with app.run_test(size=(40, 12)) as pilot:
        text = bar_text(app)
        assert "? Help" in text and "q Quit" in text and "^p Palette" in text
        assert "a Play" not in text and len(text) == 40
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert "a Play" in bar_text(app)


async def test_a_click_on_a_key_presses_it(trace_of) -> None:
    app = BackpropApp(trace_of("seed"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        text = bar_text(app)
        await pilot.click(KeyBar, offset=(text.index("Next"), 0))
        await pilot.click(KeyBar, offset=(text.index("n Next"), 0))
        assert screen.taken == 2
        await pilot.click(KeyBar, offset=(text.index("Help"), 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_very_narrow_terminals_keep_the_palette_key_on_one_line(trace_of) -> None:
    app = BackpropApp(trace_of("seed"))
    async with app.run_test(size=(24, 8)):
        text = bar_text(app)
        assert len(text) <= 24 and "\n" not in text
        assert "? Help" in text and "q Quit" in text and text.rstrip().endswith("▏^p")
