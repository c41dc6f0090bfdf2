"""The forward panel: inputs, every z and a, the targets and the loss at the cursor."""

from __future__ import annotations

from ..trace_kinds import is_graph
from ..view import View
from .cell_panel import CellPanel
from .cells import Cell, Section, Sheet, page_note, window

LIMIT = 8
"""Layers up to this many units show them all ..."""
KEEP = 5
"""... wider ones show this many around the focused (or current) unit."""


def center_unit(view: View, layer: int) -> int:
    """The unit a collapsed layer shows around: the focused one, else the current step's."""
    if view.focus[0] == layer:
        return view.focus[1]
    current = view.current
    if current is not None and current.node is not None and current.node[0] == layer:
        return current.node[1]
    return 0


def add_page(sheet: Sheet, shown: range, count: int, noun: str) -> None:
    """For a collapsed layer, a line saying which units are on show (always the same lines,
    so paging through a wide layer never changes the panel's height)."""
    note = page_note(shown, count, noun)
    if note is not None:
        sheet.section()
        sheet.add(note)
        sheet.section()


class ForwardPanel(CellPanel):
    """Every forward value known at the cursor; the rest shown as not computed yet (·)."""

    TITLE = "Forward"

    def name_floor(self, view: View) -> int:
        if is_graph(view.trace):
            from ..graph_cells import name_floor

            return name_floor(view)
        names, sizes = view.trace.names, view.trace.network.sizes
        last = [names.a(layer, size - 1) for layer, size in enumerate(sizes)]
        last += [names.z(layer, sizes[layer] - 1) for layer in range(1, len(sizes))]
        return max(len(name) for name in [*last, names.loss(0)])

    def sections(self, view: View) -> list[Section]:
        if is_graph(view.trace):
            from ..graph_cells import forward_sections

            return forward_sections(view)
        trace = view.trace
        net, names, slots = trace.network, trace.names, trace.slots
        sizes, depth = net.sizes, len(net.layers)
        it, s = view.iteration, view.sample
        batched = net.batch_size > 1
        sheet = Sheet(view)

        shown = window(sizes[0], center_unit(view, 0), LIMIT, KEEP)
        add_page(sheet, shown, sizes[0], "inputs")
        for k in shown:
            sheet.add(Cell(names.a(0, k), value=float(net.x[s, k]), focused=view.focus == (0, k)))

        for layer in range(1, depth + 1):
            sheet.section()
            shown = window(sizes[layer], center_unit(view, layer), LIMIT, KEEP)
            add_page(sheet, shown, sizes[layer], "units")
            for j in shown:
                focused = view.focus == (layer, j)
                sheet.add(Cell(names.z(layer, j), focused=focused), slots.slot("z", it, layer, s, j))
                sheet.add(Cell(names.a(layer, j), focused=focused), slots.slot("a", it, layer, s, j))

        sheet.section()
        shown = window(sizes[-1], center_unit(view, depth), LIMIT, KEEP)
        add_page(sheet, shown, sizes[-1], "targets")
        for j in shown:
            sheet.add(Cell(names.y(j), value=float(net.y[s, j])))
        sheet.section()
        if batched:
            sheet.add(Cell(names.loss(s)), slots.slot("sample_loss", it, 0, s))
        sheet.add(Cell(names.loss()), slots.slot("loss", it))
        return sheet.finish()
