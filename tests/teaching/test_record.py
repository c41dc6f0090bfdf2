"""`tui-backprop record`: frames read back, the GIF's frame count, the animated SVG's frames."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tui_backprop.record import Press, default_keys, durations, parse_keys
from tui_backprop.record.animation import animated_svg, gif_available
from tui_backprop.record.capture import Frame
from tui_backprop.record.keynames import known_key

needs_gif = pytest.mark.skipif(not gif_available(), reason="cairosvg/Pillow not installed")


def frames_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob("frame-*.svg"))


@needs_gif
def test_record_writes_a_frame_per_key_a_gif_and_an_animated_svg(cli, tmp_path: Path) -> None:
    from PIL import Image

    out = tmp_path / "rec"
    result = cli("record", "--example", "seed", "--keys", "n,n,wait:50,n", "--out", str(out),
                 "--gif", "--svg-animation", str(tmp_path / "demo.svg"), "--gif-width", "400")
    assert result.status == 0, result.err
    assert frames_in(out) == [f"frame-{n:04d}.svg" for n in range(4)]  # the start + 3 keys
    texts = [(out / name).read_text(encoding="utf-8") for name in frames_in(out)]
    assert "step 0 of 17" in texts[0].replace("&#160;", " ")
    # Step 1 of the seed: z1 = w1·x + b1 = 1.100; it is not known before it.
    assert "1.100" in texts[1] and "1.100" not in texts[0]
    assert "step 3 of 17" in texts[3].replace("&#160;", " ")
    with Image.open(out / "recording.gif") as gif:
        assert gif.n_frames == 4
        assert gif.size[0] == 400
    animation = (tmp_path / "demo.svg").read_text(encoding="utf-8")
    ElementTree.fromstring(animation)  # well-formed XML
    assert animation.count('<g class="frame"') == 4
    assert animation.count("@keyframes frame-") == 4
    assert str(out / "recording.gif") in result.out


def test_default_keys_are_the_steps_capped_and_old_frames_go(cli, tmp_path: Path) -> None:
    (tmp_path / "frame-0009.svg").write_text("old", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("kept", encoding="utf-8")
    result = cli("record", "--example", "mazur", "--max-frames", "2", "--out", str(tmp_path),
                 "--size", "100x30")
    assert result.status == 0, result.err
    assert frames_in(tmp_path) == ["frame-0000.svg", "frame-0001.svg", "frame-0002.svg"]
    assert (tmp_path / "notes.txt").exists()
    assert "step 2 of 43" in (tmp_path / "frame-0002.svg").read_text().replace("&#160;", " ")


def test_recordings_repeat_exactly_even_with_the_palette_open(cli, tmp_path: Path) -> None:
    for run in ("a", "b"):
        result = cli("record", "--example", "mazur", "--keys", "n,f,ctrl+p,wait:600,j,u,m",
                     "--out", str(tmp_path / run))
        assert result.status == 0, result.err
    names = frames_in(tmp_path / "a")
    assert len(names) == 7 and names == frames_in(tmp_path / "b")
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert "jum" in (tmp_path / "a" / "frame-0006.svg").read_text(encoding="utf-8")


def test_quitting_ends_the_recording(cli, tmp_path: Path) -> None:
    result = cli("record", "--keys", "n,q,n,n", "--out", str(tmp_path))
    assert result.status == 0, result.err
    assert frames_in(tmp_path) == ["frame-0000.svg", "frame-0001.svg"]


def test_key_scripts() -> None:
    assert parse_keys("wait:100, n ,N,wait:20,wait:30,question_mark") == (
        100, [Press("n"), Press("N", 50), Press("question_mark")])
    assert default_keys(17, 5) == [Press("n")] * 5
    assert default_keys(3, 60) == [Press("n")] * 3
    for bad in ("n,,n", "wait:x", "wait:-1", "wait:999999", "a b"):
        with pytest.raises(ValueError):
            parse_keys(bad)


def test_durations_hold_waits_and_the_last_frame() -> None:
    frames = [Frame(Path("a"), None, 0), Frame(Path("b"), "n", 300), Frame(Path("c"), "n", 0)]
    assert durations(frames, 500) == [500, 800, 2500]


def test_animated_svg_keeps_frames_apart() -> None:
    frame = ('<svg class="rich-terminal" viewBox="0 0 100 50"><style>.terminal-123-r1 {{}}'
             '</style><text class="terminal-123-r1">{}</text></svg>')
    svg = animated_svg([frame.format("A"), frame.format("B")], [100, 300])
    assert 'viewBox="0 0 100 50"' in svg.split("\n", 1)[0]
    assert "terminal-123" not in svg  # content-derived ids renamed per frame
    assert "frame0-r1" in svg and "frame1-r1" in svg
    assert "animation-duration: 0.4s" in svg
    assert "#frame-1 { animation-name: frame-1; opacity: 1; }" in svg  # the still fallback
    # Frame 1 shows from 25% (after frame 0's 100 ms of 400) to the end.
    assert re.search(r"@keyframes frame-1 \{ 0% \{ opacity: 0; \} 25\.0000% \{ opacity: 1; \}", svg)


@pytest.mark.parametrize("args,needle", [
    (["--keys", "n,,n"], "--keys: key 2 is empty"),
    (["--keys", "wait:soon"], "--keys: expected wait:MS"),
    (["--keys", "wait:10"], "--keys: the script presses no key"),
    (["--size", "10x10"], "--size: expected COLSxROWS"),
    (["--frame-ms", "0"], "--frame-ms: expected milliseconds"),
    (["--gif-width", "5"], "--gif-width: expected a width"),
    (["--max-frames", "0"], "--max-frames: expected a whole number"),
    (["--keys", "n,nxt,n"], "--keys: unknown key 'nxt'"),
    (["--keys", "Enter"], "--keys: unknown key 'Enter'"),
    (["--keys", "ctrl+rigth"], "--keys: unknown key 'ctrl+rigth'"),
    (["--keys", "n,n,n", "--max-frames", "2"], "--keys: the script presses 3 keys, more than --max-frames 2"),
    (["--keys", ",".join(["n"] * 61)], "the script presses 61 keys, more than --max-frames 60"),
    (["--theme", "nope"], "--theme: unknown theme 'nope'"),
    (["--example", "nope"], "nope"),
])
def test_bad_record_options_exit_2_with_one_line(cli, tmp_path: Path, args, needle) -> None:
    result = cli("record", "--out", str(tmp_path / "x"), *args)
    assert result.status == 2
    assert needle in result.err and result.err.count("\n") == 1
    assert not (tmp_path / "x").exists()


def test_out_must_be_a_folder(cli, tmp_path: Path) -> None:
    file = tmp_path / "file"
    file.write_text("", encoding="utf-8")
    result = cli("record", "--out", str(file))
    assert result.status == 2 and "is not a folder" in result.err


def test_key_names_are_the_debugger_s_and_textual_s() -> None:
    known = ["n", "N", "?", "ä", "ctrl+p", "enter", "escape", "tab", "shift+tab", "up", "down",
             "left", "right", "home", "end", "pageup", "pagedown", "space", "question_mark",
             "comma", "plus", "minus", "f1", "ctrl+shift+up", "alt+x", "backspace"]
    assert [key for key in known if not known_key(key)] == []
    unknown = ["nxt", "rigth", "Enter", "ENTER", "page_up", "ctrl+", "ctrl+ctrl+p", "foo+n", "\x07"]
    assert [key for key in unknown if known_key(key)] == []


@pytest.mark.parametrize("option", ["--gif", "--svg-animation"])
def test_an_animation_into_a_folder_names_the_folder(cli, tmp_path: Path, option: str) -> None:
    folder = tmp_path / "animations"
    folder.mkdir()
    result = cli("record", "--keys", "n", "--out", str(tmp_path / "x"), option, str(folder))
    assert result.status == 2
    assert result.err.splitlines() == [f"tui-backprop: {option}: {folder}: cannot write: Is a directory"]
    assert not (tmp_path / "x").exists()  # refused before recording anything


def test_frames_and_animations_get_the_umask_s_mode(cli, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        result = cli("record", "--keys", "n", "--out", str(tmp_path / "x"),
                     "--svg-animation", str(tmp_path / "demo.svg"))
    finally:
        os.umask(old)
    assert result.status == 0, result.err
    for path in [*(tmp_path / "x").iterdir(), tmp_path / "demo.svg"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o640, path
