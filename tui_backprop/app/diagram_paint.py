"""Painting the network diagram: the values at the cursor on a layout's nodes and edges.

`diagram_layout` says where things go; this fills them in. It looks up the values of what
is visible only (one `TraceState.values` call on a small slot array, never all the weights),
and marks every state with a style key (STYLES: theme variables only) and also with
reverse/bold/underline or a glyph, so every state shows in monochrome too.
"""

from __future__ import annotations

import numpy as np

from ..core.steps import format_fit, format_number
from .diagram_canvas import Canvas
from .diagram_layout import SHORT, TALL
from .diagram_model import Layout, Node, unit_name
from .view import View

STYLES: dict[str, str] = {
    "": "",
    "edge": "$text-muted",
    "edge-focus": "$foreground",
    "edge-active": "bold $bp-active",
    "name": "bold",
    "name-focus": "bold underline",
    "name-active": "bold reverse $bp-active",
    "label": "$text-muted",
    "unknown": "$bp-unknown",
    "value": "",
    "changed": "reverse bold $bp-changed",
    "positive": "$bp-grad-positive",
    "negative": "$bp-grad-negative",
    "updated": "bold",
    "focus": "bold $accent",
    "breakpoint": "bold $bp-breakpoint",
    "more": "italic $text-muted",
    "title": "$text-muted",
    # The active weight's label (on its heavy edge, or in the weight table, where nothing
    # else points at it): underlined, so it shows without colour too.
    "label-active": "bold underline $bp-active",
    "value-active": "bold underline",
    "positive-active": "bold underline $bp-grad-positive",
    "negative-active": "bold underline $bp-grad-negative",
    "updated-active": "bold underline",
}
"""Style of each cell kind the diagram paints: theme variables only."""
UNKNOWN = "·"
"""Shown for a value not computed yet."""
HEAVY = dict(zip("─│╮╯╰╭", "━┃┓┛┗┏", strict=True))
"""Heavy lines for the active edge: visible in monochrome."""


class Values:
    """Looks up, in one call, the values of the slots the visible part of the diagram needs."""

    def __init__(self, view: View) -> None:
        self.view = view
        self._slots: list[int] = []
        self._index: dict[int, int] = {}
        self._values: np.ndarray | None = None

    def want(self, slot: int) -> int:
        """Ask for a slot (before `fetch`)."""
        if slot not in self._index:
            self._index[slot] = len(self._slots)
            self._slots.append(slot)
        return slot

    def fetch(self) -> None:
        """Look every wanted slot up at the view's position."""
        self._values = self.view.state.values(np.asarray(self._slots, dtype=np.int64))

    def get(self, slot: int) -> float | None:
        """A wanted slot's value, or None if not computed yet."""
        assert self._values is not None
        value = float(self._values[self._index[slot]])
        return None if np.isnan(value) else value


def signed_style(value: float) -> str:
    """Gradients coloured by sign (the sign itself is in the text)."""
    return "positive" if value > 0 else "negative" if value < 0 else "value"


def paint_figure(view: View, layout: Layout) -> Canvas:
    """The figure at the view's position laid out by `layout`, as a canvas of characters
    and style keys (see STYLES)."""
    width, height = layout.width, layout.height
    values = _fetch(view, layout)
    current = view.current
    written = current.slot if current is not None else -1
    canvas = Canvas(width, height)
    active_edge = current.edge if current is not None else None
    for edge in layout.edges:
        key = (edge.layer, edge.unit, edge.before)
        if key == active_edge:  # heavy lines: the active edge shows without colour too
            canvas.line(tuple((x, y, HEAVY.get(ch, ch)) for x, y, ch in edge.cells),
                        "edge-active")
        else:
            near = view.focus in ((edge.layer, edge.unit), (edge.layer - 1, edge.before))
            canvas.line(edge.cells, "edge-focus" if near else "edge")
        if edge.label is not None:
            x, y, w = edge.label
            text, kind = _weight(values, view, *key, written, width=w)
            if key == active_edge and f"{kind}-active" in STYLES:
                kind = f"{kind}-active"
            if edge.in_table:  # right-aligned: a column of numbers lines up
                canvas.put(x + max(w - len(text), 0), y, text, kind)
                continue
            # Dashes run up to the label; a space either side where the room allows.
            pad = 1 if len(text) + 2 <= w else 0
            start = x + (w - len(text) + 1) // 2
            canvas.put(start - pad, y, " " * pad + text + " " * pad, kind)
    for x, y, text in (*layout.titles, *layout.legends):
        canvas.put(x, y, text, "title")
    for more in layout.more:
        canvas.put(more.x, more.y, more.text, "more", limit=more.width)
    for node in layout.nodes:
        _node(canvas, layout, node, view, values, written)
    _connect(canvas, layout)
    if layout.caption is not None:
        _caption(canvas, layout, view, values, written)
    return canvas


def _fetch(view: View, layout: Layout) -> Values:
    """The values of every visible node and edge, in one look-up."""
    slots, it, s = view.trace.slots, view.iteration, view.sample
    values = Values(view)
    for node in layout.nodes:
        if node.layer:
            for quantity in ("z", "a", "da", "dz"):
                values.want(slots.slot(quantity, it, node.layer, s, node.unit))
    edges = [(e.layer, e.unit, e.before) for e in layout.edges]
    current = view.current
    if current is not None and current.edge is not None:
        edges.append(current.edge)
    for layer, unit, before in edges:
        for quantity in ("dw", "w_new"):
            values.want(slots.slot(quantity, it, layer, 0, unit, before))
    values.want(slots.slot("loss", it))
    values.want(slots.slot("sample_loss", it, 0, s))
    values.fetch()
    return values


def _node(canvas: Canvas, layout: Layout, node: Node, view: View, values: Values,
          written: int) -> None:
    """One node: a mark (breakpoint ●, focus ▸), its name, values and gradient."""
    trace = view.trace
    slots, it, s = trace.slots, view.iteration, view.sample
    unit = (node.layer, node.unit)
    current = view.current
    width = view.decimals + 3  # numbers right-aligned, so a column of them lines up

    def num(value: float | None, slot: int, signed: bool = False) -> tuple[str, str]:
        if value is None:
            return UNKNOWN, "unknown"
        kind = "changed" if slot == written else signed_style(value) if signed else "value"
        return format_fit(value, view.decimals, width), kind

    name_kind = ("name-active" if current is not None and current.node == unit
                 else "name-focus" if unit == view.focus else "name")
    name = (unit_name(trace.network.sizes, *unit), name_kind)
    if node.layer == 0:
        x_value = (format_fit(float(trace.network.x[s, node.unit]), view.decimals, width), "value")
        rows = [("=", x_value)]
        forward, grad = x_value, None
    else:
        z_slot, a_slot, da_slot, dz_slot = (
            slots.slot(q, it, node.layer, s, node.unit) for q in ("z", "a", "da", "dz"))
        z, a, da, dz = (values.get(slot) for slot in (z_slot, a_slot, da_slot, dz_slot))
        rows = [("z", num(z, z_slot)), ("a", num(a, a_slot))]
        forward = rows[1][1] if a is not None or z is None else rows[0][1]
        # The latest gradient of the unit: dL/dz once known, else dL/da.
        grad = (("∂z", num(dz, dz_slot, True)) if dz is not None
                else ("∂a", num(da, da_slot, True)) if da is not None else None)
        if grad is not None:
            rows.append(grad)
    if layout.fmt == TALL:
        lines = [[name]] + [[(label.ljust(3), "label"), (text.rjust(width), kind)]
                            for label, (text, kind) in rows]
    else:
        shown = [name, (" ", ""), *([("z ", "label")] if forward is rows[0][1] and node.layer
                                    else []), forward]
        tail = [] if grad is None else [(grad[0] + " ", "label"), grad[1]]
        lines = [shown, tail] if layout.fmt == SHORT else [shown + [(" ", "")] + tail]
    if unit in view.node_breakpoints:
        canvas.put(node.x, node.y, "●", "breakpoint")
    elif unit == view.focus:
        canvas.put(node.x, node.y, "▸", "focus")
    for row, line in enumerate(lines[:node.height]):
        x, room = node.x + 1, node.width - 1
        for text, kind in line:
            used = canvas.put(x, node.y + row, text, kind, limit=room)
            x, room = x + used, room - used


def _weight(values: Values, view: View, layer: int, unit: int, before: int,
            written: int, width: int = 24) -> tuple[str, str]:
    """A weight's label: its new value after the update, else its gradient, else itself;
    at most `width` cells (a huge value in a compact scientific form)."""
    trace = view.trace
    it = view.iteration
    dw_slot = trace.slots.slot("dw", it, layer, 0, unit, before)
    new_slot = trace.slots.slot("w_new", it, layer, 0, unit, before)
    new, dw = values.get(new_slot), values.get(dw_slot)
    if new is not None:
        kind = "changed" if new_slot == written else "updated"
        return "→" + format_fit(new, view.decimals, width - 1), kind
    if dw is not None:
        kind = "changed" if dw_slot == written else signed_style(dw)
        return "∂" + format_fit(dw, view.decimals, width - 1), kind
    weight = float(trace.results[it].layers[layer - 1].weights[unit, before])
    return format_fit(weight, view.decimals, width), "label"


def _connect(canvas: Canvas, layout: Layout) -> None:
    """Extend each edge leftwards to its source's text, so lines leave the node."""
    for edge in layout.edges:
        if not edge.cells:
            continue
        x, y, _ = edge.cells[0]
        if not (0 <= y < canvas.height and 0 <= x < canvas.width):
            continue
        char, style = canvas.chars[y][x], canvas.styles[y][x]
        if char not in "─━":
            continue
        x -= 1
        while 0 <= y < canvas.height and 0 <= x < canvas.width and canvas.chars[y][x] == " ":
            if x > 0 and canvas.chars[y][x - 1] == " ":
                canvas.chars[y][x], canvas.styles[y][x] = char, style
                x -= 1
            else:
                break


def _caption(canvas: Canvas, layout: Layout, view: View, values: Values,
             written: int) -> None:
    """The bottom line: the active weight and its gradient or update, then the loss."""
    trace = view.trace
    loss_slot = trace.slots.slot("loss", view.iteration)
    sample_loss = trace.slots.slot("sample_loss", view.iteration, 0, view.sample)
    parts: list[list[tuple[str, str]]] = []
    current = view.current
    if current is not None and current.edge is not None:
        l, j, k = current.edge
        text, kind = _weight(values, view, l, j, k, written)
        weight = float(trace.results[view.iteration].layers[l - 1].weights[j, k])
        part = [(trace.names.w(l, j, k), "edge-active"), (" ", ""),
                (format_number(weight, view.decimals), "value")]
        if text != format_number(weight, view.decimals):
            part += [(" ", ""), (text, kind)]
        parts.append(part)
    batched = trace.network.batch_size > 1
    if batched and (value := values.get(sample_loss)) is not None:
        parts.append([(trace.names.loss(view.sample), "label"), (" ", ""),
                      (format_number(value, view.decimals),
                       "changed" if sample_loss == written else "value")])
    if (value := values.get(loss_slot)) is not None:
        parts.append([("loss ", "label"), (format_number(value, view.decimals),
                                           "changed" if loss_slot == written else "value")])
    x, y = 0, layout.caption
    for i, part in enumerate(parts):
        size = sum(len(text) for text, _ in part) + (5 if i else 0)
        if i and x + size > canvas.width:
            break  # a part that does not fit whole is left out, not cut mid-number
        if i:
            x += canvas.put(x, y, "  ·  ", "label")
        for text, kind in part:
            x += canvas.put(x, y, text, kind)
