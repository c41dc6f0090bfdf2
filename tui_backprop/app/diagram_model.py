"""The records a diagram layout is made of (nodes, "⋮ N more" markers, edges, the whole
layout) and the names it shows. Pure: no Textual, no Rich."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Node:
    """A unit's box: its first line is the name, edges attach to its rows."""

    layer: int
    unit: int
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class More:
    """An ellipsis standing for hidden units of a layer ("⋮ 120 more")."""

    layer: int
    x: int
    y: int
    width: int
    hidden: int

    @property
    def text(self) -> str:
        """What it says."""
        return f"⋮ {self.hidden} more"


@dataclass(frozen=True)
class Edge:
    """The drawn path of the weight from unit `before` of layer-1 to `unit` of `layer`."""

    layer: int
    unit: int
    before: int
    cells: tuple[tuple[int, int, str], ...]
    """(x, y, character) of each cell of the path."""
    label: tuple[int, int, int] | None = None
    """Room for the weight's value (x, y, width): on the path (a dash left either side), or
    a cell of its layer's weight table when `in_table`."""
    in_table: bool = False
    """The label is an entry of the weight table under the figure (right-aligned there),
    because the path has no room for it."""


@dataclass(frozen=True)
class Layout:
    """The whole figure for one room."""

    width: int
    height: int
    form: str
    """"graph", "compact" or "empty" (no room at all)."""
    fmt: str
    """Node format: TALL, SHORT or LINE."""
    nodes: tuple[Node, ...] = ()
    more: tuple[More, ...] = ()
    edges: tuple[Edge, ...] = ()
    titles: tuple[tuple[int, int, str], ...] = ()
    """(x, y, text) of the column titles (graph form) or row labels (compact form)."""
    caption: int | None = None
    """Row of the caption line (sample, loss, the active edge's weight), if there is room."""
    value_width: int = 6
    ports: bool = False
    """One port row per edge (small layers), with room for weight labels."""
    legends: tuple[tuple[int, int, str], ...] = ()
    """(x, y, text) of the weight tables' names ("w1"), left of their first row."""

    def node(self, layer: int, unit: int) -> Node | None:
        """The box of a unit, or None if it is collapsed away."""
        for node in self.nodes:
            if node.layer == layer and node.unit == unit:
                return node
        return None


def unit_name(sizes: tuple[int, ...], layer: int, unit: int) -> str:
    """The activation's name as the core names it (x, a1[2], y_pred), without the sample."""
    depth = len(sizes) - 1
    stem = "x" if layer == 0 else "y_pred" if layer == depth else f"a{layer}"
    return stem if sizes[layer] == 1 else f"{stem}[{unit + 1}]"


def column_title(sizes: tuple[int, ...], layer: int, room: int | None = None) -> str:
    """A column's title: what the layer is and how many units it has, in at most `room`
    cells: "hidden 1 (128)", else "hidden 1", "h1 (128)", "h1" (never cut mid-word)."""
    last = len(sizes) - 1
    kind = "input" if layer == 0 else "output" if layer == last else f"hidden {layer}"
    short = "x" if layer == 0 else "out" if layer == last else f"h{layer}"
    count = f" ({sizes[layer]})"
    for title in (kind + count, kind, short + count, short):
        if room is None or len(title) <= room:
            return title
    return short[:max(room, 0)]
