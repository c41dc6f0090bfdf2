"""printable(): every character a terminal would obey, reorder by, or fail to encode is shown
as an escape; everything else (accents, Greek, arrows, markup brackets) is left alone."""

from __future__ import annotations

import json

import pytest

from hostile import NAME, unsafe
from tui_backprop.app.diagram_canvas import Canvas
from tui_backprop.printable import json_safe, printable, safe_stem

CASES = [
    ("\x1b[2J", "\\x1b[2J"),  # CSI: clears the screen
    ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),  # OSC: retitles the terminal
    ("\x9b31m", "\\x9b31m"),  # C1 CSI
    ("a\x7fb", "a\\x7fb"),  # DEL
    ("\x00\x08\x85", "\\x00\\x08\\x85"),  # NUL, backspace, NEL
    ("a\nb\tc\rd", "a\\nb\\tc\\rd"),  # one line, always
    ("\u202eevil", "\\u202eevil"),  # right-to-left override
    ("\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"),
    ("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),  # isolates
    ("\u200e\u200f\u061c", "\\u200e\\u200f\\u061c"),  # marks
    ("\u2028\u2029", "\\u2028\\u2029"),  # line and paragraph separators
    ("x\ud800y\udfff", "x\\ud800y\\udfff"),  # lone surrogates (JSON allows them)
]


@pytest.mark.parametrize(("raw", "shown"), CASES)
def test_unsafe_characters_are_shown_as_escapes(raw: str, shown: str) -> None:
    assert printable(raw) == shown
    assert not unsafe(shown)
    shown.encode("utf-8")  # a lone surrogate no longer stops the encoder
    assert printable(shown) == shown  # twice is once


@pytest.mark.parametrize("text", ["seed 1-1-1", "dL/dz2 = dL/dy_pred · y_pred(1 - y_pred)",
                                  "w2[1,2] ← w2[1,2] - lr · dL/dw2[1,2]", "z1⁽²⁾", "Mazur's σ net",
                                  "[@click=app.quit] [/x] $accent", "C:\\nets\\x.toml", "日本語 ✓ 😀"])
def test_ordinary_text_is_left_as_it_is(text: str) -> None:
    assert printable(text) == text


def test_json_keeps_the_exact_string_as_escapes() -> None:
    dumped = json_safe(json.dumps({"name": NAME, "n": "\n"}, ensure_ascii=False, indent=1))
    assert not unsafe(dumped.replace("\n", ""))
    dumped.encode("utf-8")
    assert json.loads(dumped) == {"name": NAME, "n": "\n"}


@pytest.mark.parametrize("label", [NAME, "../../etc/passwd", "a/b\\c", ".hidden", "\ud800", "", "\x1b"])
def test_file_name_stems_are_safe(label: str) -> None:
    stem = safe_stem(label)
    assert stem and not unsafe(stem)
    assert all(ch.isalnum() or ch in "-_" for ch in stem), stem
    stem.encode("utf-8")
    assert len(safe_stem("x" * 1000)) <= 80


def test_the_diagram_canvas_draws_any_label_printable() -> None:
    # Every label of the network diagram is put on the canvas: node names from a config too.
    canvas = Canvas(40, 1)
    written = canvas.put(0, 0, "a\x1b[2J\u202eb")
    assert canvas.text() == "a\\x1b[2J\\u202eb" and written == len("a\\x1b[2J\\u202eb")
