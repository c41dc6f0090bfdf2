"""The debugger's teaching panels and keys: editing a number, training runs, gradient check.

A mixin of the main screen, kept apart so the screen's module stays about moving the
cursor. The panels live in a drawer under the body. Each is built (and its module imported)
the first time it opens: most sessions never open one, and start-up should not pay for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget

from ...core import ConfigError, build_trace
from ..view import View
from ..trace_kinds import is_graph
from ...printable import printable

if TYPE_CHECKING:
    import numpy as np
    from textual.screen import Screen

    from ...core import Trace
    from ..widgets.edit_panel import EditPanel
    from .edit import EditRequest

    class _MainScreen(Screen[None]):
        """What the mixin uses of the main screen (for the type checker only)."""

        trace: Trace
        focus: tuple[int, int]
        _touching: dict[tuple[int, int], np.ndarray]

        @property
        def view(self) -> View: ...

        def refresh_view(self) -> None: ...

        def forget_drawn(self) -> None: ...
else:
    _MainScreen = object

DRAWER: dict[str, tuple[str, str]] = {
    "edit-panel": ("..widgets.edit_panel", "EditPanel"),
    "training": ("..widgets.training_panel", "TrainingPanel"),
    "gradcheck": ("..widgets.gradcheck_panel", "GradcheckPanel"),
    "breakpoints": ("..widgets.breakpoints_panel", "BreakpointsPanel"),
    "watches": ("..widgets.watch_panel", "WatchPanel"),
}
"""The drawer's panels, top to bottom: id -> (module, class), imported when first opened."""


class TeachingActions(_MainScreen):
    """Edit (w/Enter, W), training panel (r), gradient check panel (x) for the main screen."""

    _drawer_box: Widget | None = None
    """The drawer container, looked up once (show_drawer runs on every key press)."""

    def compose_drawer(self) -> ComposeResult:
        """The drawer under the body; a training run's panel is in it from the start."""
        with Vertical(id="drawer"):
            if self.trace.iterations > 1:
                yield self.new_panel("training")

    def new_panel(self, panel_id: str) -> Widget:
        """A new drawer panel (see DRAWER), its module imported now."""
        module, name = DRAWER[panel_id]
        kind = getattr(import_module(module, __package__), name)
        return kind(id=panel_id, classes="drawer-panel")

    def _drawer(self) -> Widget:
        if self._drawer_box is None:
            self._drawer_box = self.query_one("#drawer")
        return self._drawer_box

    def drawer_panel(self, panel_id: str) -> Widget | None:
        """The drawer's panel with this id (see DRAWER), or None if it was never opened."""
        found = self.query(f"#drawer > #{panel_id}")
        return found.first() if found else None

    def is_open(self, panel_id: str) -> bool:
        """Whether the drawer shows the panel with this id."""
        panel = self.drawer_panel(panel_id)
        return panel is not None and bool(panel.display)

    async def open_panel(self, panel_id: str, built: Widget | None = None) -> Widget:
        """Show a drawer panel, up to date; the first time, mount it (or `built`, a panel
        made by `new_panel`) in its place."""
        panel = self.drawer_panel(panel_id)
        if panel is None:
            panel = built if built is not None else self.new_panel(panel_id)
            order = list(DRAWER)
            later = [found for other in order[order.index(panel_id) + 1:]
                     if (found := self.drawer_panel(other)) is not None]
            await self._drawer().mount(panel, before=later[0] if later else None)
        panel.display = True
        self.drawer_changed()
        panel.show(self.view)  # type: ignore[attr-defined]
        return panel

    def close_panel(self, panel_id: str) -> None:
        """Hide a drawer panel (it keeps its state for the next time it opens)."""
        panel = self.drawer_panel(panel_id)
        if panel is not None and panel.display:
            panel.display = False
            self.drawer_changed()

    def open_drawer_defaults(self) -> None:
        """A training run (more than one iteration) shows its training panel, nothing else."""
        training = self.trace.iterations > 1
        if training and self.drawer_panel("training") is None:
            # Built in its place and shown once mounted (a run of one iteration had none).
            self.call_later(self.open_panel, "training")
        for panel_id in DRAWER:
            panel = self.drawer_panel(panel_id)
            if panel is not None:
                panel.display = panel_id == "training" and training
        self.drawer_changed()

    def drawer_changed(self) -> None:
        """With two panels open or more, each gets less height (the body keeps its room)."""
        open_panels = sum(self.is_open(panel_id) for panel_id in DRAWER)
        self.set_class(open_panels > 1, "-drawer-many")

    def open_drawer_panels(self, every: bool = False) -> list[Widget]:
        """The drawer's panels on show (with `every`, the hidden ones too)."""
        if not self._ready:
            return []
        return [panel for panel in self._drawer().children if every or panel.display]

    def show_drawer(self, view: View) -> None:
        """Hand the view to the open panels only: a closed one costs nothing."""
        for panel in self._drawer().children:
            if panel.display:
                panel.show(view)  # type: ignore[attr-defined]

    def forget_edit(self) -> None:
        """Drop the before/after comparison (another trace was loaded)."""
        panel: EditPanel | None = self.drawer_panel("edit-panel")  # type: ignore[assignment]
        if panel is not None:
            panel.comparison = None
        self.close_panel("edit-panel")

    # Editing ----------------------------------------------------------------------------

    def action_edit(self) -> None:
        """Open the edit modal on the focused node's numbers."""
        from ..editing import editables
        from .edit import EditScreen

        if is_graph(self.trace):
            from ..editing import graph_editables
            from ..trace_kinds import node_index

            index = node_index(self.trace, self.focus)
            choices = graph_editables(self.trace, index)
            if not choices:
                self.notify("nothing to edit here: focus a leaf, or an operation with leaves",
                            severity="warning", markup=False)
                return
            node = printable(self.trace.spec.nodes[index].name) if index is not None else ""
        else:
            choices = editables(self.trace, self.focus)
            layer, unit = self.focus
            names = self.trace.names
            node = names.a(0, unit) if layer == 0 else f"unit {names.a(layer, unit)}"
        title = f"Edit {node} (values before training)" if self.trace.iterations > 1 else f"Edit {node}"
        self._edited = self.trace  # the choices are this trace's numbers
        self.app.push_screen(EditScreen(choices, title, self.view.decimals),
                             self.apply_edit)

    async def apply_edit(self, request: EditRequest | None) -> None:
        """Rebuild the trace with the new value, keeping the cursor; on a numeric error keep
        the old trace and say why."""
        from ..edit_diff import Comparison
        from ..editing import apply_edit

        if request is None:
            return
        if getattr(self, "_edited", self.trace) is not self.trace:
            # Another example came on show while the edit was open (a palette command
            # queued before it): its numbers are not the ones offered.
            self.notify(f"{request.target.name} not applied: another network is on show",
                        title="Edit refused", severity="warning", markup=False)
            return
        try:
            if is_graph(self.trace):
                from ..editing import apply_graph_edit

                model = apply_graph_edit(self.trace.spec, request.target, request.value)
            else:
                model = apply_edit(self.trace.network, request.target, request.value)
            trace = build_trace(model, self.trace.iterations)
        except ConfigError as error:  # NumericError too: an overflow, a log of 0
            self.notify(f"{request.target.name} = {request.value:g} not applied: {error}",
                        title="Edit refused", severity="error", markup=False, timeout=10)
            return
        before = self.trace
        self.trace = trace
        self.forget_drawn()
        self.app.trace = trace  # type: ignore[attr-defined]  # exports and the palette read it
        self._touching = {}
        panel = self.drawer_panel("edit-panel") or self.new_panel("edit-panel")
        panel.comparison = Comparison(before, request.target, request.value)  # type: ignore[attr-defined]
        await self.open_panel("edit-panel", panel)
        self.refresh_view()
        count = panel.count  # type: ignore[attr-defined]
        self.notify(f"{request.target.name}: {request.target.value:g} → {request.value:g}. "
                    f"{count:,} value{'s' * (count != 1)} computed so far differ (Δ in the edit panel).",
                    title="Edit applied", markup=False)

    def action_close_edit(self) -> None:
        """Close the comparison with the trace before the last edit (the edit stays)."""
        self.forget_edit()

    # Training and gradient check -------------------------------------------------------

    async def action_toggle_training(self) -> None:
        """Show or hide the loss sparkline and the per-iteration parameter changes."""
        await self._toggle("training")

    async def action_toggle_gradcheck(self) -> None:
        """Show or hide the gradient check of the iteration on show."""
        await self._toggle("gradcheck")

    async def _toggle(self, panel_id: str) -> None:
        if self.is_open(panel_id):
            self.close_panel(panel_id)
        else:
            await self.open_panel(panel_id)
