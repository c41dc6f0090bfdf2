"""Where the network diagram puts its nodes and edges: a pure function of sizes and room.

No Textual, no Rich: `diagram_layout` maps the network's layer sizes, the room, the focused
node and the node the current step touches to positions, and `Canvas` paints characters with
style keys onto a grid, so the whole figure is testable as plain text (`sketch`).

Forms:
- graph: layers as columns of nodes (TALL: name, z, a, gradient lines; SHORT; LINE), edges
  between columns (their paths: `diagram_edges`). Small layers get one "port" row per edge,
  so each edge has its own line and room for its weight label, as in a textbook figure;
  where crossing edges leave no room, the gap's weights go under the figure as their matrix
  (`diagram_labels`). Wide layers collapse to a few units and "⋮ N more", keeping the
  current step's unit, the focused unit and the source of the active weight. Where edges
  would be too many, or too steep for 45° lines, a gap shows only the focused unit's edges
  and the active one. Among the formats and spacings that fit, the one showing the wanted
  units, then most units, richest nodes, most edges, most weights written wins.
- compact: one row per layer, units side by side, when no column layout fits.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from .diagram_canvas import Canvas
from .diagram_edges import edges_between
from .diagram_labels import with_weight_tables
from .diagram_model import Layout, More, Node, column_title, unit_name

Unit = tuple[int, int]
"""A diagram node: (layer, unit), layer 0 the input."""

TALL, SHORT, LINE = "tall", "short", "line"
"""Node formats: name / z / a / gradient lines; name+value / gradient; all on one line."""
FORMAT_LINES = {TALL: 4, SHORT: 2, LINE: 1}
PORT_LIMIT = 2
"""Adjacent layers of at most this many units get one port row per edge (and labels)."""
MIN_GAP = 2
"""Fewest cells between two columns (room for an edge)."""


def node_width(fmt: str, name: int, number: int) -> int:
    """Cells a node needs: a mark, the name, and numbers of `number` cells."""
    if fmt == TALL:
        return 1 + max(name, 3 + number)
    if fmt == SHORT:
        return 1 + max(name + 1 + number, 2 + number)
    return 1 + name + 1 + number + 4 + number


# Choosing which units of a layer show -------------------------------------------------------


def _items(units: list[int], count: int) -> list[tuple[str, int]]:
    """Shown units in order with ("more", hidden) gaps between them."""
    out: list[tuple[str, int]] = []
    previous = -1
    for unit in units:
        if unit - previous > 1:
            out.append(("more", unit - previous - 1))
        out.append(("unit", unit))
        previous = unit
    if count - 1 - previous > 0:
        out.append(("more", count - 1 - previous))
    return out


def _rows(items: list[tuple[str, int]], node_height: int, spacing: int) -> int:
    heights = sum(node_height if kind == "unit" else 1 for kind, _ in items)
    return heights + spacing * (len(items) - 1)


def choose_units(count: int, required: list[int], rows: int, node_height: int,
                 spacing: int) -> list[tuple[str, int]] | None:
    """The items of a column that fit in `rows`: all units, or the required ones (most
    important first, as many as fit) plus the first and last few; None if not even one
    required unit fits."""
    if count * node_height + (count - 1) * spacing <= rows:  # all of them, without a list
        return [("unit", unit) for unit in range(count)]
    chosen: list[int] = []
    for unit in required:
        if unit not in chosen and _rows(_items(sorted([*chosen, unit]), count), node_height,
                                        spacing) <= rows:
            chosen.append(unit)
    if not chosen and required:
        return None
    candidates = [0, 1, count - 1, *range(2, count - 1)]
    for unit in candidates:
        if unit in chosen:
            continue
        trial = sorted([*chosen, unit])
        if _rows(_items(trial, count), node_height, spacing) > rows:
            break
        chosen = trial
    if not chosen:
        return None
    return _items(sorted(chosen), count)


def _required(layer: int, wanted: tuple[Unit, ...]) -> list[int]:
    """The units of a layer that must show, most important first."""
    out: list[int] = []
    for node_layer, unit in wanted:
        if node_layer == layer and unit not in out:
            out.append(unit)
    return out


def _graph(sizes: tuple[int, ...], width: int, height: int, fmt: str, spacing: int,
           focus: Unit, wanted: tuple[Unit, ...], number: int) -> Layout | None:
    """The graph form in this format and spacing, or None if it does not fit."""
    depth = len(sizes) - 1
    caption = 1 if height >= 6 else 0
    rows = height - caption
    names = [max(len(unit_name(sizes, layer, u)) for u in {0, sizes[layer] - 1})
             for layer in range(depth + 1)]
    widths = [node_width(fmt, name, number) for name in names]
    if sum(widths) + MIN_GAP * depth > width:
        return None
    node_height = FORMAT_LINES[fmt]
    ports = max(sizes) <= PORT_LIMIT
    if ports:
        node_height = max(node_height, max(sizes))
    columns = []
    for layer in range(depth + 1):
        items = choose_units(sizes[layer], _required(layer, wanted), rows, node_height,
                             spacing)
        if items is None:
            return None
        columns.append(items)
    ports = ports and all(kind == "unit" for items in columns for kind, _ in items)
    free = width - sum(widths)
    gap = free // depth if depth else 0
    used = max(_rows(items, node_height, spacing) for items in columns)
    title = 1 if used + 1 <= rows and height >= 4 else 0
    top = title + (rows - title - used) // 2
    xs, x = [], (free - gap * depth) // 2
    for layer in range(depth + 1):
        xs.append(x)
        x += widths[layer] + gap
    nodes: list[Node] = []
    more: list[More] = []
    for layer, items in enumerate(columns):
        y = top + (used - _rows(items, node_height, spacing)) // 2
        for kind, value in items:
            if kind == "unit":
                nodes.append(Node(layer, value, xs[layer], y, widths[layer], node_height))
                y += node_height + spacing
            else:
                more.append(More(layer, xs[layer], y, widths[layer], value))
                y += 1 + spacing
    titles = tuple((xs[layer], top - 1, column_title(sizes, layer, widths[layer] + gap - 1))
                   for layer in range(depth + 1)) if title else ()
    # Edges are added to the chosen layout only (see diagram_layout): they cost the most.
    return Layout(width, height, "graph", fmt, tuple(nodes), tuple(more), (), titles,
                  height - 1 if caption else None, number, ports)


def _compact(sizes: tuple[int, ...], width: int, height: int, focus: Unit,
             wanted: tuple[Unit, ...], number: int) -> Layout:
    """One row per layer, as many units as fit side by side; rows around the focus."""
    depth = len(sizes) - 1
    layers = list(range(depth + 1))
    if height < len(layers):  # the rows nearest the focused layer
        start = min(max(focus[0] - height // 2, 0), len(layers) - height)
        layers = layers[start:start + height]
    nodes: list[Node] = []
    more: list[More] = []
    for y, layer in enumerate(layers):
        name = max(len(unit_name(sizes, layer, u)) for u in {0, sizes[layer] - 1})
        cell = node_width(LINE, name, number)
        count = sizes[layer]
        fit = max(1, min(count, (width + 1) // (cell + 1)))
        chosen = _required(layer, wanted)[:fit]
        for unit in range(count):
            if len(chosen) >= fit:
                break
            if unit not in chosen:
                chosen.append(unit)
        items = _items(sorted(chosen), count)
        sizes_of = [cell if kind == "unit" else len(f"⋮ {value} more") for kind, value in items]
        must = [i for i, (kind, value) in enumerate(items)
                if kind == "unit" and value in _required(layer, wanted)]

        def span(start: int, stop: int) -> int:  # cells of items[start:stop], one apart
            return sum(sizes_of[start:stop]) + stop - start - 1

        start = 0  # drop leading items until the first required unit fits
        while must and start < must[0] and span(start, must[0] + 1) > width:
            start += 1
        x = 0
        for kind, value in items[start:]:
            size = cell if kind == "unit" else len(f"⋮ {value} more")
            if x and x + size > width:
                break  # what does not fit whole is left out (the first item is clipped)
            if kind == "unit":
                nodes.append(Node(layer, value, x, y, min(size, width - x), 1))
            else:
                more.append(More(layer, x, y, min(size, width - x), value))
            x += size + 1
    return Layout(width, height, "compact", LINE, tuple(nodes), tuple(more), value_width=number)


@lru_cache(maxsize=64)
def diagram_layout(sizes: tuple[int, ...], width: int, height: int, focus: Unit = (0, 0),
                   current: Unit | None = None, edge: tuple[int, int, int] | None = None,
                   decimals: int = 3) -> Layout:
    """The figure for a network of these layer sizes in a width x height room.

    `focus`, `current` (the node the current step touches) and the source unit of `edge`
    stay visible when layers collapse, room allowing; `edge` (the weight the current step
    touches) is drawn even where the other edges are left out.
    """
    number = decimals + 4  # "-12.345": room for a sign and two integer digits
    if width <= 0 or height <= 0:
        return Layout(max(width, 0), max(height, 0), "empty", LINE, value_width=number)
    # Must show, most important first: the current step's node, the focus, the source of
    # the weight the current step touches.
    wanted = tuple(node for node in (current, focus, (edge[0] - 1, edge[2]) if edge else None)
                   if node is not None)
    best, best_key = None, None
    for richness, fmt in enumerate((LINE, SHORT, TALL)):
        for spacing in (0, 1, 2):
            found = _graph(sizes, width, height, fmt, spacing, focus, wanted, number)
            if found is None:
                continue
            if found.ports:  # small layers: cheap to draw now, and every edge drawn counts
                nodes = {(n.layer, n.unit): n for n in found.nodes}
                # Only a tall node's name row has free cells after the name.
                lead = {unit: n.x + 2 + len(unit_name(sizes, *unit))
                        for unit, n in nodes.items()} if fmt == TALL else None
                found = replace(found, edges=edges_between(sizes, nodes, True, True, focus,
                                                          edge, number, lead))
                found = with_weight_tables(found, sizes, number)
            # Focus and current first, a few units of every layer, rich nodes, every edge
            # of small layers, every weight written (on its edge rather than in a table),
            # then titles and air.
            shown = [sum(1 for n in found.nodes if n.layer == layer) for layer in range(len(sizes))]
            required = sum(1 for n in found.nodes if (n.layer, n.unit) in wanted)
            written = [e for e in found.edges if e.label is not None]
            key = (required, sum(min(count, 4) for count in shown), richness, len(found.edges),
                   len(written), sum(1 for e in written if not e.in_table),
                   bool(found.titles), spacing, sum(shown))
            if best_key is None or key > best_key:
                best, best_key = found, key
    if best is None:
        return _compact(sizes, width, height, focus, wanted, number)
    if best.ports:
        return best
    nodes = {(n.layer, n.unit): n for n in best.nodes}
    return replace(best, edges=edges_between(sizes, nodes, False, False, focus, edge, number))


def sketch(sizes: tuple[int, ...], layout: Layout) -> str:
    """The layout drawn with names only (no values): what tests compare."""
    canvas = Canvas(layout.width, layout.height)
    for edge in layout.edges:
        canvas.line(edge.cells, "")
        if edge.label is not None:
            x, y, w = edge.label
            canvas.put(x + (w - 1) // 2 + (w - 1) % 2, y, "w")
    for x, y, text in (*layout.titles, *layout.legends):
        canvas.put(x, y, text)
    for node in layout.nodes:
        canvas.put(node.x + 1, node.y, unit_name(sizes, node.layer, node.unit),
                   limit=node.width - 1)
    for more in layout.more:
        canvas.put(more.x, more.y, more.text, limit=more.width)
    return canvas.text()
