"""README.md tells the truth: its keys table is the app's bindings, its commands exist."""

from __future__ import annotations

import re
from pathlib import Path

from tui_backprop.app.screens.keys import KEYS
from tui_backprop.cli import build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SYMBOLS = {"right": "→", "left": "←", "up": "↑", "down": "↓", "home": "Home", "end": "End",
           "plus": "+", "minus": "-", "question_mark": "?", "colon": ":", "tab": "Tab", "shift+tab": "Shift+Tab"}


def test_keys_table_lists_every_binding_with_its_help_text() -> None:
    table = README.split("<!-- keys -->", 1)[1].split("\n\n", 1)[0]
    rows = [line for line in table.strip().splitlines()[2:]]
    expected = [f"| {' '.join(f'`{SYMBOLS.get(k, k)}`' for k in b.key.split(','))} | {b.tooltip} |"
                for b in KEYS]
    assert rows[:len(expected)] == expected
    assert rows[len(expected):] == [
        "| `ctrl+p` | Command palette: jump to a step, choose an example, choose a theme |"]


def test_two_setup_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    assert blocks[0] == "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/tui-backprop"
    assert blocks[1].startswith("python3 -m venv .venv && .venv/bin/pip install -e \".[test]\" && ")
    assert "pytest" in blocks[1]


def test_every_command_in_the_commands_table_exists() -> None:
    parser = build_parser()
    subcommands = set(parser._subparsers._group_actions[0].choices)  # noqa: SLF001
    options = set(parser._option_string_actions)  # noqa: SLF001
    for name in re.findall(r"^\| `tui-backprop ([\w-]+)", README, re.M):
        assert name in (options if name.startswith("-") else subcommands), name
