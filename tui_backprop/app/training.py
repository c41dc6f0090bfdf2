"""Training over iterations, as known at a cursor: losses so far and parameter changes.

Pure functions of a View (no Textual): the training panel draws what these return.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core import Trace
from ..printable import printable
from .trace_kinds import is_graph, node_index
from .view import View

FOCUS_PARAMETERS = 3
"""Incoming weights of the focused unit followed across iterations (then its bias)."""


@dataclass(frozen=True)
class IterationRow:
    """One iteration whose loss has been computed."""

    iteration: int
    """0-based."""
    loss: float
    largest: tuple[float, str] | None
    """The largest |Δp| of the iteration's update and the parameter, once the update is done."""
    parameters: tuple[float | None, ...]
    """The followed parameters after the update (None: not updated yet)."""


def steps_per_iteration(trace: Trace) -> int:
    """Every iteration has the same steps."""
    return len(trace) // trace.iterations


def losses(view: View) -> list[float]:
    """The loss of each iteration computed so far (up to the cursor), in order."""
    trace = view.trace
    if is_graph(trace):  # a graph's "loss" is its output node
        slots = [int(trace.value_slots(it)[trace.spec.output]) for it in range(trace.iterations)]
    else:
        slots = [trace.slots.slot("loss", it) for it in range(trace.iterations)]
    values = view.state.values(np.asarray(slots, dtype=np.int64))
    known = values[~np.isnan(values)]
    return [float(v) for v in known]


def largest_change(trace: Trace, iteration: int) -> tuple[float, str]:
    """The largest |Δp| of one iteration's update, and which parameter it was."""
    if is_graph(trace):
        result, params = trace.results[iteration], list(trace.spec.parameters)
        if result.new_parameters is None or not params:
            return (0.0, "")
        change = np.abs(result.new_parameters - result.values[params])
        k = int(np.argmax(change))
        return float(change[k]), printable(trace.spec.nodes[params[k]].name)
    names = trace.names
    best = (-1.0, "")
    for layer, result in enumerate(trace.results[iteration].layers, start=1):
        dw = np.abs(result.new_weights - result.weights)
        j, k = np.unravel_index(int(np.argmax(dw)), dw.shape)
        if dw[j, k] > best[0]:
            best = (float(dw[j, k]), names.w(layer, int(j), int(k)))
        db = np.abs(result.new_biases - result.biases)
        j = int(np.argmax(db))
        if db[j] > best[0]:
            best = (float(db[j]), names.b(layer, j))
    return best


def followed(view: View) -> list[tuple[str, float, int, str]]:
    """The focused unit's first incoming weights and bias: (name, initial value, slot layer
    index, quantity), for a unit of a layer; none for an input."""
    if is_graph(view.trace):  # a focused parameter is followed
        spec = view.trace.spec
        node = node_index(view.trace, view.focus)
        if node not in spec.parameters:
            return []
        return [(printable(spec.nodes[node].name), float(spec.nodes[node].value),
                 spec.parameters.index(node), "update")]
    layer, unit = view.focus
    if layer == 0:
        return []
    net, names = view.trace.network, view.trace.names
    params = net.layers[layer - 1]
    out = [(names.w(layer, unit, k), float(params.weights[unit, k]), k, "w_new")
           for k in range(min(params.fan_in, FOCUS_PARAMETERS))]
    out.append((names.b(layer, unit), float(params.biases[unit]), 0, "b_new"))
    return out


def iteration_rows(view: View, largest: dict[int, tuple[float, str]]) -> list[IterationRow]:
    """A row per iteration whose loss is known; `largest` caches largest_change per iteration."""
    trace = view.trace
    per = steps_per_iteration(trace)
    layer, unit = view.focus
    rows = []
    for it, loss in enumerate(losses(view)):
        done = view.taken >= (it + 1) * per
        if done and it not in largest:
            largest[it] = largest_change(trace, it)
        if is_graph(trace):
            slots = [int(trace.update_slots(it)[k]) for _, _, k, _ in followed(view)]
        else:
            slots = [trace.slots.slot(q, it, layer, 0, unit, k) for _, _, k, q in followed(view)]
        values = view.state.values(np.asarray(slots, dtype=np.int64)) if slots else np.empty(0)
        rows.append(IterationRow(it, loss, largest[it] if done else None,
                                 tuple(None if np.isnan(v) else float(v) for v in values)))
    return rows
