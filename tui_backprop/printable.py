"""Labels made safe to show: control characters, lone surrogates and bidi overrides made visible.

Names, descriptions, file names and theme names come from files the user did not necessarily
write. Shown raw, `ESC [2J` blanks the screen, an OSC sequence retitles the terminal, a C1
byte starts a sequence of its own, U+202E reverses the text around it, and a lone surrogate
(JSON allows "\\ud800") cannot be encoded at all and crashes the writer. Every place a label
meets a terminal, a text file or an SVG goes through `printable`, which also keeps it on one
line; the stored data keeps the exact string. JSON output keeps it too, escaped
(`json_safe`). Nothing here imports Textual or Rich: the core's exports use it.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Bidirectional marks, embeddings, overrides and isolates: they reorder the text on show."""
_UNSAFE_INLINE = f"\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029{_BIDI}"
"""C0 (with tab and newline), DEL, C1, surrogates, line/paragraph separators, bidi controls."""

_INLINE = re.compile(f"[{_UNSAFE_INLINE}]")
_JSON = re.compile(f"[\x7f-\x9f\ud800-\udfff\u2028\u2029{_BIDI}]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _SHORT.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def printable(text: str) -> str:
    """`text` as one line that is safe to show: "\\x1b", "\\n", "\\u202e", "\\ud800" in place
    of the characters. Backslashes stay as they are (Windows paths read as they are), so the
    result is for people to read, not to parse back; applying it twice changes nothing."""
    if text.isprintable():  # the usual case, in C: every character escaped is unprintable
        return text
    return _INLINE.sub(_visible, text)


def json_safe(dumped: str) -> str:
    """JSON text (from json.dumps with ensure_ascii=False) with the characters a terminal or
    an encoder would trip on written as \\uXXXX escapes: decoding gives the exact string back.

    json.dumps already escapes C0 inside strings, so a raw C0 left is structure (whitespace),
    and the characters replaced here can only be inside strings.
    """
    return _JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def safe_stem(text: str, fallback: str = "network", limit: int = 80) -> str:
    """A file-name stem from a label: letters, digits, '-' and '_' only, anything else as '-'
    (so no path separator, dot, control character or surrogate), at most `limit` characters."""
    # A lone surrogate is not alphanumeric, so it becomes '-' like any other symbol.
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text[:limit]).strip("-")
    return stem or fallback
