"""The gradient panel: every gradient known at the cursor, then the parameter updates."""

from __future__ import annotations

from ...core import Phase
from ..trace_kinds import is_graph
from ..view import View
from .cell_panel import CellPanel
from .cells import Cell, Section, Sheet, page_note, window
from .forward_panel import add_page, center_unit

LIMIT = 6
"""Layers up to this many units show them all ..."""
KEEP = 3
"""... wider ones show this many around the focused (or current) unit."""
WEIGHT_LIMIT = 8
"""Units with up to this many incoming weights show them all ..."""
WEIGHT_KEEP = 4
"""... others show this many around the weight the current step touches."""


def center_weight(view: View, layer: int, unit: int) -> int:
    """The incoming weight a collapsed unit shows around: the current step's, else the first."""
    current = view.current
    if current is not None and current.edge is not None and current.edge[:2] == (layer, unit):
        return current.edge[2]
    return 0


def add_weights_note(sheet: Sheet, cols: range, fan_in: int) -> None:
    """For a unit with too many incoming weights, which of them are on show."""
    note = page_note(cols, fan_in, "weights")
    if note is not None:
        sheet.add(note)


def updates_reached(view: View) -> bool:
    """True once the update steps of the iteration on show have begun."""
    current = view.current
    return current is not None and current.phase is Phase.UPDATE


class GradientPanel(CellPanel):
    """dL/dy_pred, dL/dz, dL/da, dL/dw, dL/db known at the cursor, coloured by sign."""

    TITLE = "Gradients"

    def name_floor(self, view: View) -> int:
        if is_graph(view.trace):
            from ..graph_cells import name_floor

            return name_floor(view) + 4  # "dL/d"
        names, sizes = view.trace.names, view.trace.network.sizes
        widest = [names.grad(names.w(layer, sizes[layer] - 1, sizes[layer - 1] - 1))
                  for layer in range(1, len(sizes))]
        widest += [names.grad(names.a(layer, sizes[layer] - 1)) for layer in range(1, len(sizes))]
        state = view.trace.network.optimizer.state_names  # "buf[w2[1,2]]" is the widest
        if state:
            widest += [f"{max(state, key=len)}[{names.w(layer, sizes[layer] - 1, sizes[layer - 1] - 1)}]"
                       for layer in range(1, len(sizes))]
        return max(len(name) for name in widest)

    def sections(self, view: View) -> list[Section]:
        if is_graph(view.trace):
            from ..graph_cells import gradient_sections

            return gradient_sections(view)
        trace = view.trace
        net, names, slots = trace.network, trace.names, trace.slots
        sizes, depth = net.sizes, len(net.layers)
        it, s = view.iteration, view.sample
        sheet = Sheet(view)
        # Backward order: the output layer first, as the steps go.
        for layer in range(depth, 0, -1):
            shown = window(sizes[layer], center_unit(view, layer), LIMIT, KEEP)
            add_page(sheet, shown, sizes[layer], f"layer {layer} units")
            for j in shown:
                focused = view.focus == (layer, j)
                sheet.section()
                grad = names.grad
                sheet.add(Cell(grad(names.a(layer, j)), focused=focused, signed=True),
                          slots.slot("da", it, layer, s, j))
                sheet.add(Cell(grad(names.z(layer, j)), focused=focused, signed=True),
                          slots.slot("dz", it, layer, s, j))
                cols = window(sizes[layer - 1], center_weight(view, layer, j), WEIGHT_LIMIT, WEIGHT_KEEP)
                add_weights_note(sheet, cols, sizes[layer - 1])
                for k in cols:
                    sheet.add(Cell(grad(names.w(layer, j, k)), signed=True),
                              slots.slot("dw", it, layer, 0, j, k))
                sheet.add(Cell(grad(names.b(layer, j)), signed=True), slots.slot("db", it, layer, 0, j))
        if updates_reached(view):
            self._add_updates(view, sheet)
        return sheet.finish()

    @staticmethod
    def _add_updates(view: View, sheet: Sheet) -> None:
        """The parameters before and after the update, in update order, each followed by
        the optimizer's state on it (momentum buffer, or Adam's m and v) this iteration."""
        trace = view.trace
        names, slots, sizes = trace.names, trace.slots, trace.network.sizes
        it = view.iteration
        optimizer, lr = trace.network.optimizer, trace.network.learning_rate
        state = optimizer.state_names
        sheet.section()
        rule = f"p ← p - {lr:g} · dL/dp" if optimizer.plain else f"{optimizer.describe()}, lr {lr:g}"
        sheet.add(Cell(f"updates: {rule}", note=True))
        for layer in range(1, len(sizes)):
            old = trace.results[it].layers[layer - 1]
            shown = window(sizes[layer], center_unit(view, layer), LIMIT, KEEP)
            add_page(sheet, shown, sizes[layer], f"layer {layer} units")
            for j in shown:
                sheet.section()
                cols = window(sizes[layer - 1], center_weight(view, layer, j), WEIGHT_LIMIT, WEIGHT_KEEP)
                add_weights_note(sheet, cols, sizes[layer - 1])
                for k in cols:
                    sheet.add(Cell(names.w(layer, j, k), before=float(old.weights[j, k])),
                              slots.slot("w_new", it, layer, 0, j, k))
                    for q in state:
                        sheet.add(Cell(f"{q}[{names.w(layer, j, k)}]", signed=True),
                                  slots.slot(f"{q}:w", it, layer, 0, j, k))
                sheet.add(Cell(names.b(layer, j), before=float(old.biases[j])),
                          slots.slot("b_new", it, layer, 0, j))
                for q in state:
                    sheet.add(Cell(f"{q}[{names.b(layer, j)}]", signed=True),
                              slots.slot(f"{q}:b", it, layer, 0, j))
