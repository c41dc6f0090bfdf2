"""How wide each column of the graph drawing is, measured with numpy over every node.

A column is as wide as its widest box: the node's name (at most NAME_MAX characters) and
its constants' label ("a (2)"), or the widest number any of its nodes shows. A 64,000-node
graph is measured in a few milliseconds: name lengths in one pass, constants formatted only
for the nodes that have them, the maximum per column by `np.maximum.reduceat`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..core.graph.spec import GraphSpec
from ..printable import printable
from .graph_layout import GraphLayout

NAME_MAX = 12
"""Widest a node's name is drawn; longer names end in an ellipsis."""


def per_column_max(layout: GraphLayout, per_node: np.ndarray, empty: int) -> list[int]:
    """The largest of `per_node` over each column's nodes (`empty` for an empty column)."""
    sizes = np.diff(layout.bounds)
    if not len(sizes):
        return []
    # reduceat needs every start inside the array: an empty column reads a dummy, then `empty`.
    values = np.append(per_node[layout.order], 0)
    top = np.maximum.reduceat(values, np.minimum(layout.bounds[:-1], len(values) - 1))
    return np.where(sizes > 0, top, empty).tolist()


def label_lengths(names: Sequence[str]) -> np.ndarray:
    """Per node, how many characters of its name are drawn: `printable(name)` cut to NAME_MAX."""
    # The usual case, in a few passes over bytes: ASCII names without a control character
    # show as they are, and their lengths are the gaps between the separators.
    joined = "\0".join(names)
    if joined.isascii():
        raw = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
        ends = np.flatnonzero(raw == 0)
        if len(ends) == len(names) - 1 and not ((raw < 32) & (raw != 0) | (raw == 127)).any():
            lengths = np.diff(ends, prepend=-1, append=len(raw)) - 1
            return np.minimum(lengths, NAME_MAX)
    lengths = np.fromiter((len(printable(name)) for name in names), dtype=np.int64, count=len(names))
    return np.minimum(lengths, NAME_MAX)


def spec_label_lengths(spec: GraphSpec) -> np.ndarray:
    """`label_lengths` of every node's name in the spec."""
    return label_lengths([node.name for node in spec.nodes])


def constants_lengths(spec: GraphSpec, layout: GraphLayout) -> np.ndarray:
    """Per node, the length of its constants' label as `graph_paint` draws it ("(10, -2)":
    each constant's value formatted "g", a constant without a value left out), 0 if none."""
    first, second = layout.const_first, layout.const_second
    users = np.flatnonzero((first >= 0) | (second >= 0))
    out = np.zeros(len(first), dtype=np.int64)
    if not len(users):
        return out
    a, b = first[users], second[users]
    shown = np.unique(np.concatenate([a[a >= 0], b[b >= 0]]))
    nodes = spec.nodes
    values = [nodes[j].value for j in shown.tolist()]
    text = np.zeros(len(first) + 1, dtype=np.int64)  # index -1 (no constant): the dummy
    has = np.zeros(len(first) + 1, dtype=bool)
    has[shown] = [v is not None for v in values]
    text[shown] = _formatted_lengths([0.0 if v is None else float(v) for v in values])
    # "(" + ", ".join(texts) + ")": brackets, the texts, and a separator between two.
    out[users] = 2 + text[a] + text[b] + 2 * (has[a] & has[b])
    return out


def _formatted_lengths(values: list[float]) -> np.ndarray:
    """len(format(v, "g")) of each value, each distinct value formatted once (by its bits:
    -0.0 is "-0", 0.0 is "0"); a graph's constants repeat a few values many times."""
    bits, where = np.unique(np.array(values, dtype=np.float64).view(np.int64), return_inverse=True)
    lengths = [len(format(v, "g")) for v in bits.view(np.float64).tolist()]
    return np.array(lengths, dtype=np.int64)[where]


def measure_columns(layout: GraphLayout, labels: np.ndarray, constants: np.ndarray,
                    numbers: Sequence[int], decimals: int) -> tuple[int, ...]:
    """Width of every column: the widest name and constants (`labels` and `constants` per
    node, as from `label_lengths` and `constants_lengths`) or number (`numbers` per column,
    "-12.345" wide past its end) of its nodes, a value's two lead characters included."""
    names = per_column_max(layout, labels + 2 + constants, 0)
    return tuple(max((numbers[c] if c < len(numbers) else decimals + 4) + 2, name)
                 for c, name in enumerate(names))
