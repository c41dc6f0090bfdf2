"""Drawing ahead: while the user reads a step, the main screen draws the next one.

After each move, once the frame is out, the costly panels (the diagram and the forward and
gradient panels) draw the position a key in the same direction would show into their memos
(`recent.Recent`, keyed by `View.key` and size). The key then finds its lines ready and
only the changed lines are sent. A mixin of the main screen, kept apart so the screen's
module stays about moving the cursor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from textual.timer import Timer

from ..view import View
from ..trace_kinds import place_of

if TYPE_CHECKING:
    from textual.screen import Screen

    from ...core import Trace

    class _MainScreen(Screen[None]):
        """What the mixin uses of the main screen (for the type checker only)."""

        trace: Trace
        taken: int
        focus: tuple[int, int]
        decimals: int
        node_breakpoints: frozenset[tuple[int, int]]
        step_breakpoints: frozenset[int]
        _ready: bool
else:
    _MainScreen = object

AHEAD_DELAY = 0.02
"""Seconds after a move before the next position is drawn: the frame goes out first
(Textual's writer thread needs the GIL), and keys quicker than this draw nothing ahead."""


class Prepares(Protocol):
    """A panel that can draw a position into its memo, and forget what it drew."""

    def prepare(self, view: View) -> object: ...

    def forget_drawn(self) -> None: ...


class DrawAhead(_MainScreen):
    """Draws the next position in the direction of the last move while waiting for a key."""

    _direction: int = 1
    """+1 or -1: the way the cursor last moved (the way the next key likely goes)."""
    _ahead: Timer | None = None
    """The pending draw-ahead, stopped when another move comes first."""
    _drawers: tuple[Prepares, ...] = ()
    """The panels that draw ahead (set when the screen is mounted)."""

    def moved(self, old: int, new: int) -> None:
        """The cursor moved from `old` to `new` steps taken: draw ahead a little later."""
        self._direction = -1 if new < old else 1
        if self._ahead is not None:
            self._ahead.stop()
        self._ahead = self.set_timer(AHEAD_DELAY, self._draw_ahead)

    def focus_at(self, taken: int) -> tuple[int, int]:
        """The focus after `taken` steps: the unit of the last step taken, so the diagram
        and the collapsed panels show it (unchanged when that step touches no unit)."""
        node = place_of(self.trace, taken - 1) if taken else None
        return self.focus if node is None else node

    def forget_drawn(self) -> None:
        """Drop every panel's drawings: the trace changed (they would only hold it alive)."""
        for panel in self._drawers:
            panel.forget_drawn()
        for panel in self.open_drawer_panels(every=True):
            forget = getattr(panel, "forget_drawn", None)
            if forget is not None:
                forget()

    def _draw_ahead(self) -> None:
        self._ahead = None
        taken = self.taken + self._direction
        if not self._ready or not 0 <= taken <= len(self.trace):
            return
        view = View(self.trace, taken, self.focus_at(taken), self.decimals,
                    self.node_breakpoints, self.step_breakpoints)
        for panel in self._drawers:
            panel.prepare(view)
        for panel in self.open_drawer_panels():
            prepare = getattr(panel, "prepare", None)
            if prepare is not None:
                prepare(view)
