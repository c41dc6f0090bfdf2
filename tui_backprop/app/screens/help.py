"""The help screen: every key and what it does, generated from the bindings themselves."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from .keys import KEYS

PALETTE = Binding("ctrl+p", "command_palette", "Palette",
                  tooltip="Command palette: jump to a step, choose an example or a theme")
"""The app's palette key, listed with the screen's own keys."""


def key_names(binding: Binding) -> str:
    """The keys of a binding as a person types them: "n  →  space"."""
    shown = {"right": "→", "left": "←", "up": "↑", "down": "↓", "home": "Home", "end": "End",
             "question_mark": "?", "colon": ":", "plus": "+", "minus": "-", "space": "space",
             "tab": "Tab", "shift+tab": "Shift+Tab", "ctrl+p": "Ctrl+P"}
    return "  ".join(shown.get(key.strip(), key.strip()) for key in binding.key.split(","))


def help_lines() -> list[tuple[str, str]]:
    """(keys, what they do) for every binding, in the order of KEYS."""
    bindings = [b for b in KEYS if isinstance(b, Binding)] + [PALETTE]
    return [(key_names(b), b.tooltip or b.description) for b in bindings]


def help_content() -> Content:
    """The help text: a key column and a description column."""
    rows = help_lines()
    width = max(len(keys) for keys, _ in rows)
    lines = [Content.assemble((keys.ljust(width), "bold $accent"), "  ", text) for keys, text in rows]
    lines.append(Content(""))
    lines.append(Content.styled("Lowercase goes forward, uppercase back (as in gdb). "
                                "Press Escape, q or ? to close.", "$text-muted"))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Lists every key; Escape, q or ? closes it."""

    BINDINGS: ClassVar = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help-close"),
        Binding("j", "scroll(1)", "Down", show=False, id="help-down"),
        Binding("k", "scroll(-1)", "Up", show=False, id="help-up"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "↑/↓ scroll · Esc closes"
            yield Static(help_content(), id="help-text")

    def action_scroll(self, lines: int) -> None:
        """Scroll the list (j/k, like the arrow keys)."""
        self.query_one("#help-body").scroll_relative(y=lines, animate=False)

    def on_mount(self) -> None:
        if getattr(self.app, "exiting", False):
            return  # the app quit before this screen mounted: its children are gone
        # Focused, the list scrolls with the arrow keys and Page Up/Down on small terminals.
        self.query_one("#help-body").focus()
