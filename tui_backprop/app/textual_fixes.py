"""Guards against four faults of Textual 8 / Rich that ordinary keys reach, applied once.

Each is a crash (exit status 1, a traceback) a user can cause by typing quickly or by a
small terminal, in any screen, Textual's own command palette included, so each is guarded
where the fault is rather than in every screen of ours:

1. A screen dismissed when it is no longer on top: two Enters in one burst queue two
   `Input.Submitted` before the first dismiss runs; the second `dismiss` then pops the
   screen under it (or raises ScreenStackError when none is left). A screen that is not the
   active one now ignores `dismiss`, and the command palette runs its command once.
2. `OptionList` PageUp/PageDown before its first layout (the key arrives in the same burst
   that opened the list): `_move_page` looks up lines not made yet (KeyError). The key is
   dropped: there is no page to move by until the list has a size.
3. Text wrapped at a width of 0 (a box squeezed to its border and padding, e.g. the edit
   modal at 8 columns or the palette at 20x8): Rich's `chop_cells` steps a range by the
   width (ValueError). Nothing fits in no columns, so a word is left whole as one line.
4. The command palette closed (Escape, or a command chosen) while its search was still
   gathering hits: the search's last step shows or hides the hit list, which the closed
   palette no longer has (NoMatches). A closed palette's list is left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich import _wrap
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette
from textual.screen import Screen
from textual.widgets import OptionList

_APPLIED = "_tui_backprop_guarded"
"""Set on each patched function, so applying twice does not wrap twice."""


def _guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    setattr(function, _APPLIED, True)
    return function


def _guard_dismiss() -> None:
    original = Screen.dismiss
    if getattr(original, _APPLIED, False):
        return

    @_guarded
    def dismiss(self: Screen, result: Any = None) -> AwaitComplete:
        if not self.is_active:
            return AwaitComplete.nothing()  # dismissed already, or another screen is on top
        return original(self, result)

    dismiss.__doc__ = original.__doc__
    Screen.dismiss = dismiss  # type: ignore[method-assign]


def _guard_palette() -> None:
    original = CommandPalette._select_or_command
    if getattr(original, _APPLIED, False):
        return

    @_guarded
    def select_or_command(self: CommandPalette, event: Any = None) -> None:
        if not self.is_active:
            if event is not None:
                event.stop()
            return  # a second Enter of the burst that already ran the command and closed
        original(self, event)

    CommandPalette._select_or_command = select_or_command  # type: ignore[method-assign]


def _guard_page_keys() -> None:
    original = OptionList._move_page
    if getattr(original, _APPLIED, False):
        return

    @_guarded
    def move_page(self: OptionList, direction: Any) -> None:
        lines = self._index_to_line
        if not self._lines or (self.highlighted or 0) not in lines:
            return  # not laid out yet: no page height to move by
        original(self, direction)

    OptionList._move_page = move_page  # type: ignore[method-assign]


def _guard_zero_width_wrap() -> None:
    original = _wrap.chop_cells
    if getattr(original, _APPLIED, False):
        return

    @_guarded
    def chop_cells(text: str, width: int, *args: Any, **kwargs: Any) -> list[str]:
        if width < 1:
            return [text]
        return original(text, width, *args, **kwargs)

    _wrap.chop_cells = chop_cells  # type: ignore[assignment]


def _guard_closed_palette() -> None:
    original = CommandPalette._watch__list_visible
    if getattr(original, _APPLIED, False):
        return

    @_guarded
    def watch_list_visible(self: CommandPalette) -> None:
        if not self.query(CommandList):
            return  # closed while its search ran: nothing left to show or hide
        original(self)

    CommandPalette._watch__list_visible = watch_list_visible  # type: ignore[method-assign]


def apply() -> None:
    """Install the guards (idempotent)."""
    _guard_closed_palette()
    _guard_dismiss()
    _guard_palette()
    _guard_page_keys()
    _guard_zero_width_wrap()
