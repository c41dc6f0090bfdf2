"""Drawing ahead: while the user reads a step, the panels draw the next one in the direction
of the last move; a key then finds its lines ready, and they are the lines it would draw."""

from __future__ import annotations

from tui_backprop.app.app import BackpropApp
from tui_backprop.app.screens.main import MainScreen
from tui_backprop.app.widgets.forward_panel import ForwardPanel
from tui_backprop.app.widgets.gradient_panel import GradientPanel
from tui_backprop.app.widgets.network_diagram import NetworkDiagram

PANELS = ("#diagram", "#forward", "#gradients", "#step")


def main(app: BackpropApp) -> MainScreen:
    screen = app.main_screen()
    assert screen is not None
    return screen


def drawn_ahead(screen: MainScreen) -> bool:
    """The drawing ahead of the last move has run (none is pending)."""
    return screen._ahead is None  # noqa: SLF001


def texts(screen: MainScreen) -> tuple[str, ...]:
    return tuple(screen.query_one(name).text for name in PANELS)  # type: ignore[attr-defined]


async def test_the_next_key_finds_its_lines_drawn(trace_of, monkeypatch, wait_for) -> None:
    app = BackpropApp(trace_of("mazur"))
    made: list[tuple[str, int]] = []  # (what, steps taken at the position drawn)
    for kind in (ForwardPanel, GradientPanel):
        original = kind.sections
        monkeypatch.setattr(kind, "sections", lambda self, view, o=original:
                            made.append(("cells", view.taken)) or o(self, view))
    original_paint = NetworkDiagram.paint
    monkeypatch.setattr(NetworkDiagram, "paint", lambda self, w, h, view=None, o=original_paint:
                        made.append(("paint", (view or self._view).taken)) or o(self, w, h, view))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = main(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: ("paint", 2) in made and ("cells", 2) in made,
                       "step 2 drawn ahead, before its key")
        before = len(made)
        await pilot.press("n")
        assert screen.taken == 2
        assert not [entry for entry in made[before:] if entry[1] == 2]  # the key drew nothing
        await wait_for(pilot, lambda: ("paint", 3) in made, "step 3 drawn ahead")
        await pilot.press("N")  # back to 1: drawn at the key (ahead went forward)
        await wait_for(pilot, lambda: ("cells", 0) in made, "the way back (step 0) drawn ahead")
        before = len(made)
        await pilot.press("N")
        assert screen.taken == 0
        assert not [entry for entry in made[before:] if entry[1] == 0]


async def test_drawn_ahead_is_what_a_fresh_draw_shows(trace_of, monkeypatch, wait_for) -> None:
    """Forward and back through Mazur with time to draw ahead, against an app that never does."""
    trace = trace_of("mazur")
    keys = ["n"] * 14 + ["b", "n", "n", "N", "N", "N", "d", "p", "j", "n", "n", "l", "n"] + ["N"] * 6
    seen: list[tuple[str, ...]] = []
    app = BackpropApp(trace)
    async with app.run_test(size=(120, 40)) as pilot:
        for key in keys:
            await pilot.press(key)
            await wait_for(pilot, lambda: drawn_ahead(main(app)), "the drawing ahead")
            seen.append(texts(main(app)))
    monkeypatch.setattr(MainScreen, "_draw_ahead", lambda self: None)
    fresh = BackpropApp(trace)
    async with fresh.run_test(size=(120, 40)) as pilot:
        for key, shown in zip(keys, seen, strict=True):
            await pilot.press(key)
            assert texts(main(fresh)) == shown, key


async def test_a_new_trace_lets_the_old_one_go(wait_for) -> None:
    """Drawings ahead hold their trace: a reload or an edit forgets them."""
    import gc
    import weakref

    import tui_backprop as tb

    app = BackpropApp(tb.build_trace(tb.example("mazur")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n")
        await wait_for(pilot, lambda: drawn_ahead(main(app)), "the drawing ahead")
        old = weakref.ref(app.trace)
        app.switch_example("seed")
        await pilot.press("n")
        gc.collect()
        assert old() is None


async def test_a_longer_run_loaded_later_gets_its_training_panel(trace_of) -> None:
    import tui_backprop as tb

    app = BackpropApp(trace_of("mazur"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await pilot.press("x")
        screen.load(tb.build_trace(tb.example("mazur"), 3))
        await pilot.pause()
        drawer = screen.query_one("#drawer")
        assert [child.id for child in drawer.children] == ["training", "gradcheck"]
        assert screen.is_open("training") and not screen.is_open("gradcheck")
        assert "iteration 1 of 3" in str(screen.query_one("#training").border_title)


async def test_the_next_key_finds_the_diagram_strips_made(trace_of, monkeypatch, wait_for) -> None:
    """The diagram's strips are made ahead too, and they are the strips a fresh make gives,
    in the theme on show (a theme change makes them again)."""
    from tui_backprop.app.screens.ahead import DrawAhead
    from tui_backprop.app.widgets.lines_widget import LinesWidget

    made: list[int] = []  # lines whose strips were made at a key, not ahead
    ahead = [False]
    original = LinesWidget._make_strip
    monkeypatch.setattr(LinesWidget, "_make_strip", lambda self, line, y, width, style:
                        (made.append(y) if isinstance(self, NetworkDiagram) and not ahead[0] else None)
                        or original(self, line, y, width, style))
    draw_ahead = DrawAhead._draw_ahead

    def drawing_ahead(self) -> None:
        ahead[0] = True
        try:
            draw_ahead(self)
        finally:
            ahead[0] = False
    monkeypatch.setattr(DrawAhead, "_draw_ahead", drawing_ahead)
    app = BackpropApp(trace_of("micrograd-lecture"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        diagram = screen.query_one(NetworkDiagram)
        await pilot.press("n")
        await wait_for(pilot, lambda: drawn_ahead(screen), "step 2 drawn ahead")
        await pilot.pause()
        made.clear()
        await pilot.press("n")
        await pilot.pause()
        assert screen.taken == 2
        assert made == []  # the key's redraw only sent strips made ahead
        width = diagram.size.width
        lines = diagram.lines_for(diagram.size)
        for y, line in enumerate(lines):  # what was kept is what a make gives now
            assert diagram.strip(line, y, width) == original(diagram, line, y, width, diagram.visual_style)
        before = [diagram.strip(line, y, width) for y, line in enumerate(lines)]
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        after = [diagram.strip(line, y, width) for y, line in enumerate(lines)]
        assert after != before  # the new theme's colours, not the kept strips
        assert after == [original(diagram, line, y, width, diagram.visual_style)
                         for y, line in enumerate(lines)]
