"""The predict bar: one line above the key bar while predict mode is on.

Asking, it holds the question's target (`dL/dz2 = ?`), the input the learner types the
value into, and how to answer; otherwise one line of text: the verdict of the last answer,
or what predict mode does. Everything in it is Content (never markup): targets name nodes
from the user's files, and the answer is what was typed.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Static

from ..screens.keys import KEYS

PLACEHOLDER = "type the value, e.g. -0.19"
TOGGLE_KEY = next(binding.key for binding in KEYS
                  if isinstance(binding, Binding) and binding.id == "predict-toggle")
"""The key that turns predict mode on and off (one key: P)."""


class AnswerInput(Input):
    """The input an answer is typed into: every printable key is part of the answer, except
    P, the predict key (no number has a P in it), so predict mode can be turned off while a
    question stands. Textual leaves out of the key bindings the keys an input consumes."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return key != TOGGLE_KEY and super().check_consume_key(key, character)


class PredictBar(Horizontal):
    """The question and its input, or one line of text."""

    # Esc works while the input has the focus (the only time there is a question), so it
    # is the bar's key, not one of the screen's, which are letters first.
    BINDINGS: ClassVar = [Binding("escape", "screen.reveal", "Reveal", show=False, id="predict-reveal")]

    DEFAULT_CSS = """
    PredictBar {
        height: 1;
        background: $panel;
        display: none;
    }
    PredictBar > #predict-prompt {
        width: auto;
        max-width: 50%;
        padding: 0 1;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    PredictBar > #predict-answer, PredictBar > #predict-answer:focus {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0 1;
    }
    PredictBar > #predict-hint {
        width: auto;
        padding: 0 1;
        color: $text-muted;
        text-wrap: nowrap;
    }
    PredictBar > #predict-message {
        width: 1fr;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._asked: int | None = None
        """The step the input was last cleared for: a new question starts empty."""

    def compose(self) -> ComposeResult:
        yield Static("", id="predict-prompt", markup=False)
        yield AnswerInput(placeholder=PLACEHOLDER, id="predict-answer", select_on_focus=False,
                    disabled=True)
        yield Static("", id="predict-hint", markup=False)
        yield Static("", id="predict-message", markup=False)

    @property
    def answer(self) -> Input:
        """The input the answer is typed into."""
        return self.query_one("#predict-answer", Input)

    def ask(self, index: int, prompt: Content, hint: Content) -> None:
        """Show the question for step `index`: its prompt, the input (emptied when the
        question is new) and `hint` (how to answer, or why the last try was not read)."""
        if index != self._asked:
            self._asked = index
            self.answer.value = ""
        self._show(asking=True)
        self.query_one("#predict-prompt", Static).update(prompt)
        self.query_one("#predict-hint", Static).update(hint)

    def say(self, message: Content) -> None:
        """Show one line of text instead of a question."""
        self._asked = None
        self._show(asking=False)
        self.query_one("#predict-message", Static).update(message)

    def _show(self, asking: bool) -> None:
        for child in self.children:
            child.display = asking != (child.id == "predict-message")
        # Disabled, a hidden input cannot take the focus (the screen's auto focus, Tab, a
        # click): the keys must reach the debugger's bindings.
        self.answer.disabled = not asking

    @property
    def text(self) -> str:
        """What the bar shows, as plain text (the typed answer in brackets)."""
        parts = []
        for child in self.children:
            if child.display:
                parts.append(f"[{child.value}]" if isinstance(child, Input)
                             else Content.from_text(child.content).plain)  # type: ignore[attr-defined]
        return " ".join(part for part in parts if part)
