"""The edit modal: choose one number of the focused node, type a new value, check it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...core.steps import format_number
from ...printable import printable
from ..editing import Editable, parse_value

HINT = "↑/↓ choose · Enter: type a value · Enter again: apply · Esc: cancel"
"""How to use the modal, under the list."""


@dataclass(frozen=True)
class EditRequest:
    """What the user asked for: this number, set to this value."""

    target: Editable
    value: float


def choice_label(editable: Editable, decimals: int, width: int = 0) -> Content:
    """An option: the name in bold, the value, what it is (names are text, never markup)."""
    value = format_number(editable.value, decimals)
    return Content.assemble((printable(editable.name).ljust(width), "bold"), "  ",
                            value.rjust(decimals + 4), ("  " + printable(editable.note), "$text-muted"))


class EditScreen(ModalScreen[EditRequest | None]):
    """Lists the focused node's numbers; dismisses with an EditRequest, or None on Escape."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel", id="edit-cancel")]

    def __init__(self, choices: list[Editable], title: str, decimals: int = 3) -> None:
        super().__init__()
        self.choices = choices
        """The numbers on offer, in the order listed."""
        self.title_text = title
        self.decimals = decimals
        self._answered = False

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-body") as body:
            # A border title is markup: the title names a node, so it is shown as text.
            body.border_title = Content(printable(self.title_text))
            body.border_subtitle = "Esc cancels"
            width = max(len(printable(c.name)) for c in self.choices)
            yield OptionList(*(Option(choice_label(c, self.decimals, width)) for c in self.choices),
                             id="edit-choices")
            yield Input(placeholder="new value, e.g. 0.5", id="edit-value")
            yield Static("", id="edit-message", markup=False)
            yield Static(HINT, id="edit-hint", markup=False)

    def on_mount(self) -> None:
        if getattr(self.app, "exiting", False):
            return  # the app quit before this screen mounted: its children are gone
        choices = self.query_one(OptionList)
        choices.highlighted = 0
        self._fill(0)
        # One number only (an input of one sample): straight to typing.
        (self.query_one(Input) if len(self.choices) == 1 else choices).focus()

    @property
    def chosen(self) -> Editable:
        """The highlighted number."""
        index = self.query_one(OptionList).highlighted
        return self.choices[index or 0]

    def _fill(self, index: int) -> None:
        self.query_one(Input).value = repr(self.choices[index].value)
        self.query_one("#edit-message", Static).update("")

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._fill(event.option_index)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._fill(event.option_index)
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            value = parse_value(event.value)
        except ValueError as error:
            # Refused inside the modal: the user can correct the text and try again.
            self.query_one("#edit-message", Static).update(f"✗ {printable(str(error))}")
            return
        self._close(EditRequest(self.chosen, value))

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self._close(None)

    def _close(self, request: EditRequest | None) -> None:
        # Keys typed faster than the screen closes (Enter twice, Enter then Escape) reach it
        # after its dismissal; a second dismiss would pop the debugger screen under it.
        if self._answered:
            return
        self._answered = True
        self.dismiss(request)

    @property
    def message(self) -> str:
        """The error shown, if any (for tests and reading)."""
        return str(self.query_one("#edit-message", Static).content)
