"""WHERE of a breakpoint: a step target's name, or a glob over names.

`*` matches any run of characters (none too), `?` one character; everything else, square
brackets included, stands for itself, so `a1[*]` is every unit of a1 and `w2[1,*]` every
weight into unit 1 of layer 2 (fnmatch would read `[*]` as a character class).

In a batch, per-sample names carry the sample as a superscript (`a1[2]⁽³⁾`). A pattern
without a sample mark matches every sample's quantity (`a1[*]` is a1 of every sample);
with one (`a1[2]⁽³⁾`, or typed as `a1[2](3)`), only that sample's. `loss` is the batch's
loss; each sample's loss is `loss⁽ˢ⁾`, matched by `loss(*)` or `loss*`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾"
_TO_SUPERSCRIPT = str.maketrans("0123456789()", SUPERSCRIPTS)
_ASCII_SAMPLE = re.compile(r"\((\d+|\*)\)\Z")
_MARK = re.compile(f"[{SUPERSCRIPTS}]+\\Z")
MAX_LENGTH = 200
"""Longest pattern accepted."""


class PatternError(ValueError):
    """A WHERE that cannot name a step."""


@dataclass(frozen=True)
class Pattern:
    """A compiled WHERE."""

    text: str
    """As typed (stripped)."""
    plain: re.Pattern[str]
    """The glob as typed: for a graph's node names, which carry no samples."""
    sampled: re.Pattern[str]
    """The glob with a typed `(3)` read as the sample mark `⁽³⁾`: for a network's names."""
    marked: bool
    """It names a sample: on a network, match names with their sample mark, not without."""


def _glob(where: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch)
                              for ch in where), re.DOTALL)


def parse_pattern(text: str) -> Pattern:
    """Compile WHERE, or raise PatternError with a one-line reason."""
    where = text.strip()
    if not where:
        raise PatternError("a breakpoint needs a step target or a glob before 'if' (e.g. loss, dL/dw*, *)")
    if len(where) > MAX_LENGTH:
        raise PatternError(f"target pattern longer than {MAX_LENGTH} characters")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in where):
        raise PatternError("a target pattern is one line of printable characters")
    sampled = where
    found = _ASCII_SAMPLE.search(where)
    if found and found.start() > 0:
        mark = found.group(1)
        sampled = where[:found.start()] + ("⁽*⁾" if mark == "*" else f"({mark})".translate(_TO_SUPERSCRIPT))
    marked = any(ch in SUPERSCRIPTS for ch in sampled)
    return Pattern(where, _glob(where), _glob(sampled), marked)


def bare_name(name: str) -> str:
    """A name without its sample mark: `a1[2]⁽³⁾` -> `a1[2]`."""
    return _MARK.sub("", name)
