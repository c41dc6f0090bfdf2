"""The debugger's teaching panels and keys: editing a number, training runs, gradient check.

A mixin of the main screen, kept apart so the screen's module stays about moving the
cursor. The panels live in a drawer under the body; each shows only when open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical

from ...core import ConfigError, build_trace
from ..edit_diff import Comparison
from ..editing import apply_edit, editables
from ..view import View
from ..widgets.edit_panel import EditPanel
from ..widgets.gradcheck_panel import GradcheckPanel
from ..widgets.training_panel import TrainingPanel
from .edit import EditRequest, EditScreen

if TYPE_CHECKING:
    import numpy as np
    from textual.screen import Screen

    from ...core import Trace

    class _MainScreen(Screen[None]):
        """What the mixin uses of the main screen (for the type checker only)."""

        trace: Trace
        focus: tuple[int, int]
        _touching: dict[tuple[int, int], np.ndarray]

        @property
        def view(self) -> View: ...

        def refresh_view(self) -> None: ...
else:
    _MainScreen = object


class TeachingActions(_MainScreen):
    """Edit (w/Enter, W), training panel (r), gradient check panel (x) for the main screen."""

    def compose_drawer(self) -> ComposeResult:
        """The drawer under the body, every panel closed."""
        with Vertical(id="drawer"):
            yield EditPanel(id="edit-panel", classes="drawer-panel")
            yield TrainingPanel(id="training", classes="drawer-panel")
            yield GradcheckPanel(id="gradcheck", classes="drawer-panel")

    def open_drawer_defaults(self) -> None:
        """A training run (more than one iteration) opens with its training panel."""
        self.query_one(TrainingPanel).display = self.trace.iterations > 1
        self.query_one(EditPanel).display = False
        self.query_one(GradcheckPanel).display = False
        self.drawer_changed()

    def drawer_changed(self) -> None:
        """With two panels open or more, each gets less height (the body keeps its room)."""
        open_panels = sum(bool(panel.display) for panel in self.query(".drawer-panel"))
        self.set_class(open_panels > 1, "-drawer-many")

    def _drawer_panels(self) -> list:
        # Cached after the first call: the drawer's panels never change once composed.
        panels = getattr(self, "_drawer_cache", None)
        if panels is None:
            panels = self._drawer_cache = list(self.query(".drawer-panel"))
        return panels

    def show_drawer(self, view: View) -> None:
        """Hand the view to the open panels only: a closed one costs nothing."""
        for panel in self._drawer_panels():
            if panel.display:
                panel.show(view)

    def forget_edit(self) -> None:
        """Drop the before/after comparison (another trace was loaded)."""
        panel = self.query_one(EditPanel)
        panel.comparison = None
        panel.display = False
        self.drawer_changed()

    # Editing ----------------------------------------------------------------------------

    def action_edit(self) -> None:
        """Open the edit modal on the focused node's numbers."""
        choices = editables(self.trace, self.focus)
        layer, unit = self.focus
        names = self.trace.names
        node = names.a(0, unit) if layer == 0 else f"unit {names.a(layer, unit)}"
        title = f"Edit {node} (values before training)" if self.trace.iterations > 1 else f"Edit {node}"
        self.app.push_screen(EditScreen(choices, title, self.view.decimals),
                             self.apply_edit)

    def apply_edit(self, request: EditRequest | None) -> None:
        """Rebuild the trace with the new value, keeping the cursor; on a numeric error keep
        the old trace and say why."""
        if request is None:
            return
        try:
            network = apply_edit(self.trace.network, request.target, request.value)
            trace = build_trace(network, self.trace.iterations)
        except ConfigError as error:  # NumericError too: an overflow, a log of 0
            self.notify(f"{request.target.name} = {request.value:g} not applied: {error}",
                        title="Edit refused", severity="error", markup=False, timeout=10)
            return
        before = self.trace
        self.trace = trace
        self.app.trace = trace  # type: ignore[attr-defined]  # exports and the palette read it
        self._touching = {}
        panel = self.query_one(EditPanel)
        panel.comparison = Comparison(before, request.target, request.value)
        panel.display = True
        self.drawer_changed()
        self.refresh_view()
        count = panel.count
        self.notify(f"{request.target.name}: {request.target.value:g} → {request.value:g}. "
                    f"{count:,} value{'s' * (count != 1)} computed so far differ (Δ in the edit panel).",
                    title="Edit applied", markup=False)

    def action_close_edit(self) -> None:
        """Close the comparison with the trace before the last edit (the edit stays)."""
        self.forget_edit()

    # Training and gradient check -------------------------------------------------------

    def action_toggle_training(self) -> None:
        """Show or hide the loss sparkline and the per-iteration parameter changes."""
        self._toggle(TrainingPanel)

    def action_toggle_gradcheck(self) -> None:
        """Show or hide the gradient check of the iteration on show."""
        self._toggle(GradcheckPanel)

    def _toggle(self, kind: type) -> None:
        panel = self.query_one(kind)
        panel.display = not panel.display
        self.drawer_changed()
        if panel.display:
            panel.show(self.view)
