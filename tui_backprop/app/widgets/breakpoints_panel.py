"""The breakpoints panel: every conditional breakpoint, with toggle and delete keys.

Focused (the `v` key opens and focuses it), ↑/↓ (j/k) choose a breakpoint, space or
Enter enables or disables it, x or Delete deletes it, Escape gives the keys back to the
debugger. Each line: number, ● enabled or ○ disabled, the breakpoint, how many steps
it matches on this trace.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.content import Content

from ...printable import printable
from ..view import View
from .anchored_lines import AnchoredLines


class BreakpointsPanel(AnchoredLines):
    """The list of conditional breakpoints (see the module)."""

    can_focus = True
    BINDINGS: ClassVar = [
        Binding("down,j", "select(1)", "Next", show=False),
        Binding("up,k", "select(-1)", "Previous", show=False),
        Binding("space,enter", "toggle", "Toggle", show=False),
        Binding("x,delete", "delete", "Delete", show=False),
        Binding("escape", "leave", "Back", show=False),
    ]
    DEFAULT_CSS = """
    BreakpointsPanel {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.selected = 0
        """Index into the list of the breakpoint the keys act on."""
        self._numbers: list[int] = []
        self._view: View | None = None

    def show(self, view: View) -> None:
        """List the view's breakpoints, the selected one marked ▸ while the panel has focus."""
        self._view = view
        entries = view.breakpoint_list
        self._numbers = [entry.number for entry in entries]
        self.selected = min(self.selected, max(len(entries) - 1, 0))
        debugging = getattr(self.screen, "debugging", None)
        lines: list[Content] = []
        for i, entry in enumerate(entries):
            mark = "▸" if i == self.selected and self.has_focus else " "
            state = "●" if entry.enabled else "○"
            hits = len(debugging.steps(view.trace, entry)) if debugging is not None else 0
            style = "bold" if mark == "▸" else ("" if entry.enabled else "$text-muted")
            lines.append(Content.assemble(
                f"{mark}{entry.number:>3} ", (state, "$bp-breakpoint" if entry.enabled else ""),
                " ", (printable(entry.breakpoint.text), style),
                (f"  {hits:,} step{'s' * (hits != 1)}", "$text-muted")))
        if not entries:
            lines.append(Content.styled("none: type :break WHERE [if CONDITION], e.g. "
                                        ":break loss if value > previous", "italic $text-muted"))
        keys = "↑/↓ choose · space toggles · x deletes · Esc back" if self.has_focus else "v focuses · V hides"
        self.set_titles(f"Breakpoints ({len(entries)})", keys)
        self.set_lines(lines, self.selected)

    def _again(self) -> None:
        if self._view is not None:
            self.screen.refresh_view()  # type: ignore[attr-defined]

    def on_focus(self) -> None:
        self._again()

    def on_blur(self) -> None:
        self._again()

    def action_select(self, delta: int) -> None:
        """Choose the next or previous breakpoint."""
        if self._numbers:
            self.selected = min(max(self.selected + delta, 0), len(self._numbers) - 1)
            self._again()

    def action_toggle(self) -> None:
        """Enable or disable the chosen breakpoint."""
        if self._numbers:
            self.screen.command(f"toggle {self._numbers[self.selected]}")  # type: ignore[attr-defined]

    def action_delete(self) -> None:
        """Delete the chosen breakpoint."""
        if self._numbers:
            self.screen.command(f"delete {self._numbers[self.selected]}")  # type: ignore[attr-defined]

    def action_leave(self) -> None:
        """Give the keys back to the debugger."""
        self.screen.set_focus(None)
