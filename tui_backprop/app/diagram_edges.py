"""The edges of a graph-form diagram: which to draw between two columns of shown nodes, and
their paths (45° where they fit, else a right-angled elbow), with room for weight labels.
Pure: no Textual, no Rich."""

from __future__ import annotations

from dataclasses import replace

from .diagram_canvas import edge_cells
from .diagram_labels import name_row_lead, path_label
from .diagram_model import Edge, Node

Unit = tuple[int, int]
"""A diagram node: (layer, unit), layer 0 the input."""

EDGE_LIMIT = 12
"""Between two columns showing more edges than this, draw only the focused/active ones."""


def edges_between(sizes: tuple[int, ...], nodes: dict[Unit, Node], ports: bool, labels: bool,
                  focus: Unit, active: tuple[int, int, int] | None, label_width: int,
                  lead: dict[Unit, int] | None = None) -> tuple[Edge, ...]:
    """The edges to draw between shown nodes, the active one last (drawn on top); with
    `labels`, room for the weights on the paths, a straight path leaving a name row using
    the free cells after the name (from `lead`, by node)."""
    edges: list[Edge] = []
    for layer in range(1, len(sizes)):
        targets = sorted(u for (l, u) in nodes if l == layer)
        sources = sorted(u for (l, u) in nodes if l == layer - 1)
        pairs = [(j, k) for j in targets for k in sources]
        whole = len(targets) == sizes[layer] and len(sources) == sizes[layer - 1]

        def ends(j: int, k: int) -> tuple[int, int, int, int]:
            source, target = nodes[layer - 1, k], nodes[layer, j]
            return (source.x + source.width, source.y + (targets.index(j) if ports else 0),
                    target.x - 1, target.y + (sources.index(k) if ports else 0))

        # Too steep for 45° somewhere: elbows would merge into one trunk, so, as for wide
        # layers, only the focused unit's edges and the active one are drawn in this gap.
        steep = any(abs(y1 - y0) > x1 - x0 + 1 for x0, y0, x1, y1 in map(lambda p: ends(*p), pairs))
        if steep or (not ports and (len(pairs) > EDGE_LIMIT or not whole)):
            keep = {(j, k) for j, k in pairs
                    if (layer, j) == focus or (layer - 1, k) == focus
                    or (active is not None and (layer, j, k) == active)}
            pairs = [pair for pair in pairs if pair in keep]
        for j, k in pairs:
            x0, y0, x1, y1 = ends(j, k)
            if x1 < x0:
                continue
            run = abs(y1 - y0)
            if run > x1 - x0 + 1:
                start = x0 + sources.index(k)  # elbows side by side, never one shared trunk
            elif ports:
                start = x0 + 1  # bend near the source, leaving the target's row for the label
            else:
                start = (x0 + x1 - run) // 2 + 1
            cells = edge_cells(x0, y0, x1, y1, start)
            label = None
            if labels:
                source = nodes[layer - 1, k]
                if y0 == source.y and lead is not None:
                    cells = name_row_lead(cells, y0, lead.get((layer - 1, k)))
                label = path_label(cells, y1, label_width)
            edges.append(Edge(layer, j, k, cells, label))
        between = [edge for edge in edges if edge.layer == layer]
        if any(edge.label is None for edge in between):
            # Labels on some edges only would read as if the others had no weight.
            edges = [edge if edge.layer != layer else replace(edge, label=None) for edge in edges]
    if active is not None:
        edges.sort(key=lambda e: (e.layer, e.unit, e.before) == active)
    return tuple(edges)
