"""Hostile labels shared by the tests of every output: a network name and description that
hold what a terminal obeys (escape sequences, C1, DEL), what reorders text (bidi overrides),
what no encoder takes (a lone surrogate) and what Textual would read as markup."""

from __future__ import annotations

import json
import re
from pathlib import Path

CLEAR = "\x1b[2J"
TITLE = "\x1b]0;pwned\x07"
NAME = f"evil{CLEAR}{TITLE}\x9b31m\x7fX\u202eY\ud800 [@click=app.quit] [/x]"
"""Every kind of fault in one name: CSI, OSC, C1 CSI, DEL, RLO, a lone surrogate, markup."""
DESCRIPTION = f"desc{CLEAR}\nsecond line \u2066\u200f\u061c[b]bold[/b]\ud800"
"""A description that would also split a line."""

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f"
                    "\u202a-\u202e\u2066-\u2069\u2028\u2029]")
"""What must never reach a terminal or a text file raw (newline and tab may, in a document).
Written out here, not imported, so the tests do not share a mistake with the code."""


def unsafe(text: str) -> list[str]:
    """The characters of `text` that must not be shown raw (empty when it is safe)."""
    return UNSAFE.findall(text)


def write_config(folder: Path, name: str = NAME, description: str = DESCRIPTION,
                 file_name: str = "evil.json") -> Path:
    """The seed network as a JSON config named `name` (JSON, because TOML has no surrogates)."""
    path = folder / file_name
    config = {"name": name, "description": description, "learning_rate": 0.5, "loss": "mse",
              "x": [1.0], "y": [0.5],
              "layers": [{"units": 1, "activation": "sigmoid", "weights": [[0.5]], "biases": [0.1]}]}
    # ensure_ascii: the lone surrogate is written as the escape "\ud800", as a user would.
    path.write_text(json.dumps(config, ensure_ascii=True), encoding="utf-8")
    return path
