"""Editing a network's numbers: what can be edited at a node, checking the text, the new network.

Pure functions of the core's records (no Textual), so the modal and the screen stay thin
and the rules are tested directly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..core import Network, Trace
from ..core.graph.spec import GraphSpec
from ..core.graph.trace import GraphTrace
from ..core.network import frozen
from ..predict import parse_answer
from ..printable import printable
from ..core.steps import format_number

MAX_SAMPLES = 16
"""Inputs and targets are listed for up to this many samples of a batch."""


@dataclass(frozen=True)
class Editable:
    """One number of the network a user may change."""

    kind: str
    """"weight", "bias", "input" or "target"."""
    name: str
    """Its display name, e.g. "w2[1,2]" or "x[1]⁽³⁾" (plain text)."""
    value: float
    """Its value in the network (for parameters: before any training)."""
    layer: int
    """Layer of a weight or bias (from 1); 0 for inputs and targets."""
    row: int
    """Unit of a weight or bias; sample of an input or target."""
    col: int
    """Unit of the layer before for a weight; input or output index for x and y; 0 for biases."""
    note: str = ""
    """What the number is, in words."""


def editables(trace: Trace, focus: tuple[int, int]) -> list[Editable]:
    """What can be edited at the focused node: an input's x, or a unit's incoming weights and
    bias, plus the targets y for an output unit."""
    net, names = trace.network, trace.names
    layer, unit = focus
    samples = range(min(net.batch_size, MAX_SAMPLES))
    if layer == 0:
        return [Editable("input", names.a(0, unit, s), float(net.x[s, unit]), 0, s, unit, "input")
                for s in samples]
    params = net.layers[layer - 1]
    out = [Editable("weight", names.w(layer, unit, k), float(params.weights[unit, k]), layer, unit, k,
                    f"weight from {names.a(layer - 1, k)}")
           for k in range(params.fan_in)]
    out.append(Editable("bias", names.b(layer, unit), float(params.biases[unit]), layer, unit, 0, "bias"))
    if layer == len(net.layers):
        out += [Editable("target", names.y(unit, s), float(net.y[s, unit]), 0, s, unit, "target")
                for s in samples]
    return out


def graph_editables(trace: GraphTrace, node: int | None) -> list[Editable]:
    """What can be edited at a graph node: a leaf itself; at an operation, the leaves and
    constants it reads (a graph's numbers are its leaves)."""
    if node is None:
        return []
    spec = trace.spec
    wanted = [node] if not spec.nodes[node].inputs else list(dict.fromkeys(spec.nodes[node].inputs))
    out = []
    for i in wanted:
        leaf = spec.nodes[i]
        if leaf.inputs or leaf.value is None:
            continue  # an operation's value is computed, not given
        kind = "constant" if leaf.op == "const" else leaf.op
        out.append(Editable(kind, printable(leaf.name), float(leaf.value), 0, i, 0,
                            f"{kind} of the graph"))
    return out


def apply_graph_edit(spec: GraphSpec, editable: Editable, value: float) -> GraphSpec:
    """A copy of the graph with one leaf's or constant's value changed."""
    nodes = list(spec.nodes)
    nodes[editable.row] = replace(nodes[editable.row], value=value)
    return replace(spec, nodes=tuple(nodes))


def describe(editable: Editable, decimals: int) -> str:
    """One line for the chooser: name, value and what it is."""
    return f"{editable.name}  {format_number(editable.value, decimals)}  ({editable.note})"


def parse_value(text: str) -> float:
    """The number a user typed (as predict mode reads an answer: a pasted "−" minus too);
    ValueError with a message for anything but a finite number."""
    if not text.strip():
        raise ValueError("type a number, e.g. 0.5, -2 or 1e-3")
    try:
        return parse_answer(text)
    except ValueError as error:
        raise ValueError(f"{error} (type e.g. 0.5, -2 or 1e-3)") from None


def apply_edit(net: Network, editable: Editable, value: float) -> Network:
    """A copy of the network with that one number changed (the records stay immutable)."""
    if editable.kind in ("input", "target"):
        field = "x" if editable.kind == "input" else "y"
        array = np.array(getattr(net, field))
        array[editable.row, editable.col] = value
        return replace(net, **{field: frozen(array)})
    index = editable.layer - 1
    layer = net.layers[index]
    if editable.kind == "weight":
        weights = np.array(layer.weights)
        weights[editable.row, editable.col] = value
        layer = replace(layer, weights=frozen(weights))
    else:
        biases = np.array(layer.biases)
        biases[editable.row] = value
        layer = replace(layer, biases=frozen(biases))
    return replace(net, layers=(*net.layers[:index], layer, *net.layers[index + 1:]))
