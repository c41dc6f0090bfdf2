"""In the debugger: s saves a screenshot, the palette exports notes and screenshots, and
--autoplay SPEED --exit-at-end plays to the end and quits (for asciinema)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tui_backprop.app.app import BackpropApp
from tui_backprop.app.notes import notes_markdown
from tui_backprop.app.view import View


def messages(app: BackpropApp) -> list[str]:
    return [notification.message for notification in app._notifications]  # noqa: SLF001


async def test_s_saves_a_screenshot_into_a_created_folder_and_says_where(trace_of, tmp_path: Path) -> None:
    folder = tmp_path / "not" / "there"
    app = BackpropApp(trace_of("seed"), screenshot_dir=folder)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("n", "s")
        await pilot.pause()
        saved = list(folder.glob("*.svg"))
        assert len(saved) == 1 and saved[0].name.startswith("seed-1-1-1_step-1_")
        assert "1.100" in saved[0].read_text(encoding="utf-8")
        assert messages(app) == [str(saved[0])]
        await pilot.press("s")  # a second one in the same second gets its own name
        await pilot.pause()
        assert len(list(folder.glob("*.svg"))) == 2


async def test_a_screenshot_that_cannot_be_written_is_a_message_not_a_crash(trace_of, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    app = BackpropApp(trace_of("seed"), screenshot_dir=blocker / "sub")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert app.is_running
        assert [n.severity for n in app._notifications] == ["error"]  # noqa: SLF001


async def test_palette_exports_notes_and_a_screenshot(trace_of, tmp_path: Path, choose_in_palette,
                                                      wait_for) -> None:
    trace = trace_of("mazur")
    app = BackpropApp(trace, screenshot_dir=tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press(*"n" * 12)
        await choose_in_palette(pilot, "notes (m", "Export notes (markdown)")
        await wait_for(pilot, lambda: list(tmp_path.glob("*.md")), "the notes to be saved")
        notes = list(tmp_path.glob("*.md"))
        assert len(notes) == 1 and messages(app) == [str(notes[0])]
        text = notes[0].read_text(encoding="utf-8")
        step = trace[11]
        assert step.formula in text and step.numbers() in text
        assert "| `x[1]` | 0.050 |" in text and "| `dL/dz2[1]` | 0.138 |" in text
        assert "| `a1[2]` |" in text and "`dL/dw1" not in text  # not known yet
        await choose_in_palette(pilot, "shot (s", "Export screenshot (SVG)")
        await wait_for(pilot, lambda: list(tmp_path.glob("*.svg")), "the screenshot to be saved")
        shots = list(tmp_path.glob("*.svg"))
        assert len(shots) == 1
        shot = shots[0].read_text(encoding="utf-8")
        assert "step&#160;12&#160;of&#160;43" in shot
        assert "screenshot&#160;(SVG)" not in shot  # the palette had closed


def test_notes_at_the_start_and_the_end(trace_of) -> None:
    trace = trace_of("seed")
    start = notes_markdown(View(trace, 0, (1, 0), 3, frozenset(), frozenset()), "x -> a1")
    assert "Nothing computed yet" in start and "x -> a1" in start
    assert "Forward values known" not in start
    end = notes_markdown(View(trace, len(trace), (1, 0), 3, frozenset(), frozenset()), "")
    last = trace[len(trace) - 1]
    assert f"## Step {len(trace)}: {last.target}" in end and last.formula in end
    assert "| `w1 (new)` | 0.502 |" in end and "| `loss` | 0.156 |" in end


async def test_autoplay_exits_at_the_end(trace_of, wait_for) -> None:
    trace = trace_of("seed")
    app = BackpropApp(trace, autoplay=8.0, exit_at_end=True, autoplay_interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen()
        assert screen is not None and screen.playing
        await wait_for(pilot, lambda: app.return_code is not None or not app.is_running,
                       "autoplay to reach the end and quit", timeout=20)
        assert app.return_code == 0
        assert screen.taken == len(trace)
        await pilot.pause()


async def test_autoplay_without_exit_stays_at_the_end(trace_of, wait_for) -> None:
    trace = trace_of("seed")
    app = BackpropApp(trace, autoplay=8.0, autoplay_interval=0.01)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen()
        await wait_for(pilot, lambda: not screen.playing, "autoplay to stop", timeout=20)
        await pilot.pause()
        assert screen.taken == len(trace)
        assert app.is_running and app.return_code is None and not screen.playing


def test_autoplay_options_are_checked(cli) -> None:
    for args, needle in ((["--exit-at-end"], "--exit-at-end needs --autoplay"),
                         (["--autoplay", "3"], "--autoplay: expected a speed among 0.25, 0.5, 1, 2, 4, 8")):
        result = cli(*args)
        assert result.status == 2 and needle in result.err and result.err.count("\n") == 1


async def test_served_to_a_browser_the_screenshot_goes_to_the_browser(trace_of, tmp_path: Path,
                                                                      monkeypatch) -> None:
    delivered: list[tuple[str, str]] = []
    monkeypatch.setattr(BackpropApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(BackpropApp, "deliver_text",
                        lambda self, file, **options: delivered.append((file.read(), options["save_filename"])))
    app = BackpropApp(trace_of("seed"), screenshot_dir=tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("n", "s")
        await pilot.pause()
    assert not list(tmp_path.iterdir())  # nothing written on the server
    [(svg, name)] = delivered
    assert svg.startswith("<svg") and name.startswith("seed-1-1-1_step-1_") and name.endswith(".svg")
    assert messages(app) == [name]


def test_saved_files_get_the_umask_s_mode_and_never_write_through_a_link(tmp_path: Path) -> None:
    from tui_backprop.app.exports import write_new

    elsewhere = tmp_path / "elsewhere.svg"
    (tmp_path / "shot.svg").symlink_to(elsewhere)  # a dangling link where the save would go
    old = os.umask(0o027)
    try:
        saved = write_new(tmp_path, "shot.svg", "<svg/>")
    finally:
        os.umask(old)
    assert saved == tmp_path / "shot-2.svg" and saved.read_text() == "<svg/>"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o640  # not mkstemp's 0600
    assert not elsewhere.exists()
