"""Where the weights of a small network's edges are written: on their paths, or in a table.

A weight's label goes on the flat run of its edge (a dash either side), as in a textbook
figure. A straight edge leaving a node's name row may use the free cells after the name,
so even a narrow figure has room there. When a gap's crossing edges leave no room (a 2-2
gap in 40 columns: node texts take most of the width), the gap's weights are written as
their matrix under the figure instead: one row per target unit, one column per source unit,
in the figure's order, as the core names them (`w1[j,k]` is row j, column k). Every weight
of a gap shows, one way or the other, or none does: some labels only would read as if the
other edges had no weight. Pure: no Textual, no Rich.
"""

from __future__ import annotations

from dataclasses import replace

from .diagram_model import Edge, Layout

Cells = tuple[tuple[int, int, str], ...]

TABLE_SEPARATION = (2, 1)
"""Cells between two gaps' tables, most air first."""


def name_row_lead(cells: Cells, y0: int, lead: int | None) -> Cells:
    """A straight path leaving its source's name row, extended left over the free cells
    after the name (from `lead`), which the painted figure fills with dashes anyway."""
    if lead is None or not cells or any(y != y0 for _, y, _ in cells) or lead >= cells[0][0]:
        return cells
    return tuple((x, y0, "─") for x in range(lead, cells[0][0])) + cells


def path_label(cells: Cells, y1: int, label_width: int) -> tuple[int, int, int] | None:
    """Room for a label on the flat run of the path on its target's row, if there is
    `label_width` cells of it between a dash either side."""
    flat = [x for x, y, ch in cells if y == y1 and ch == "─"]
    room = len(flat) - 2
    return (flat[0] + 1, y1, room) if room >= label_width else None


def _gaps_without_labels(layout: Layout, sizes: tuple[int, ...]) -> list[int]:
    """Layers whose every incoming edge is drawn and none has a label on its path."""
    out = []
    for layer in range(1, len(sizes)):
        edges = [edge for edge in layout.edges if edge.layer == layer]
        if len(edges) == sizes[layer] * sizes[layer - 1] and all(e.label is None for e in edges):
            out.append(layer)
    return out


def _table_width(sizes: tuple[int, ...], layer: int, label_width: int) -> int:
    """Cells of a gap's table: its name, a space, a column of `label_width` per source."""
    return len(f"w{layer}") + 1 + sizes[layer - 1] * (label_width + 1) - 1


def _table_xs(layout: Layout, sizes: tuple[int, ...], gaps: list[int],
              label_width: int) -> list[int] | None:
    """Left columns of the gaps' tables, each as near the middle of its gap as the others
    and the width allow; None if they do not fit side by side."""
    widths = [_table_width(sizes, layer, label_width) for layer in gaps]
    wanted = []
    for layer, width in zip(gaps, widths, strict=True):
        right = max(n.x + n.width for n in layout.nodes if n.layer == layer - 1)
        left = min(n.x for n in layout.nodes if n.layer == layer)
        wanted.append((right + left) // 2 - width // 2)
    for separation in TABLE_SEPARATION:
        xs = list(wanted)
        for i in range(len(xs)):  # push right past the previous table
            floor = xs[i - 1] + widths[i - 1] + separation if i else 0
            xs[i] = max(xs[i], floor)
        for i in reversed(range(len(xs))):  # then pull left inside the room
            ceiling = xs[i + 1] - separation if i + 1 < len(xs) else layout.width
            xs[i] = min(xs[i], ceiling - widths[i])
        if xs[0] >= 0 and all(xs[i] + widths[i] + separation <= xs[i + 1]
                              for i in range(len(xs) - 1)):
            return xs
    return None


def shifted(layout: Layout, dy: int) -> Layout:
    """The figure moved `dy` rows down (up if negative); the caption stays."""
    return replace(
        layout,
        nodes=tuple(replace(n, y=n.y + dy) for n in layout.nodes),
        more=tuple(replace(m, y=m.y + dy) for m in layout.more),
        edges=tuple(replace(e, cells=tuple((x, y + dy, ch) for x, y, ch in e.cells),
                            label=None if e.label is None else
                            (e.label[0], e.label[1] + dy, e.label[2]))
                    for e in layout.edges),
        titles=tuple((x, y + dy, text) for x, y, text in layout.titles),
    )


def with_weight_tables(layout: Layout, sizes: tuple[int, ...], label_width: int) -> Layout:
    """The layout with a weight table under the figure for every gap whose edges have no
    room for their labels, where the free rows and the width allow (the figure moves up
    into free rows above it if needed); gaps that do not fit keep no labels."""
    gaps = _gaps_without_labels(layout, sizes)
    if not gaps or not layout.nodes:
        return layout
    top = min([n.y for n in layout.nodes] + [y for _, y, _ in layout.titles])
    bottom = max(n.y + n.height for n in layout.nodes)  # port edges stay within node rows
    floor = layout.caption if layout.caption is not None else layout.height
    while gaps:
        xs = _table_xs(layout, sizes, gaps, label_width)
        if xs is not None:
            break
        gaps = gaps[:-1]  # the last gap's table does not fit beside the others: none for it
    else:
        return layout
    rows = max(sizes[layer] for layer in gaps)
    free = floor - bottom + top
    if rows > free:
        return layout
    need = rows + 1 if rows + 1 <= free else rows  # a blank row between figure and tables
    lift = max(0, need - (floor - bottom))
    layout = shifted(layout, -lift)
    y0 = bottom - lift + need - rows
    tables = {}
    legends = []
    for layer, x in zip(gaps, xs, strict=True):
        legends.append((x, y0, f"w{layer}"))
        first = x + len(f"w{layer}") + 1
        for j in range(sizes[layer]):
            for k in range(sizes[layer - 1]):
                tables[layer, j, k] = (first + k * (label_width + 1), y0 + j, label_width)
    edges: list[Edge] = [replace(e, label=tables[key], in_table=True)
                         if (key := (e.layer, e.unit, e.before)) in tables else e
                         for e in layout.edges]
    return replace(layout, edges=tuple(edges), legends=tuple(legends))
