"""The trace as JSON, format "tui-backprop.trace/1" (CONTRACT.md §3), streamed.

Numbers are full float64 values (Python's repr round-trips them exactly). The document is
written in chunks, so a 200,000-step trace never sits in memory as one string or as dicts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..core import Trace
from ..printable import json_safe

FORMAT = "tui-backprop.trace/1"


def _dump(value: Any) -> str:
    # Exact strings, but the characters a terminal obeys (C1, bidi overrides) or an encoder
    # refuses (a lone surrogate, as "\ud800" in a JSON config gives) written as \uXXXX.
    return json_safe(json.dumps(value, ensure_ascii=False, allow_nan=False))


def _network(trace: Trace) -> dict[str, Any]:
    net = trace.network
    return {
        "name": net.name, "description": net.description, "sizes": list(net.sizes),
        "activations": [layer.activation for layer in net.layers], "loss": net.loss,
        "learning_rate": net.learning_rate, "batch_size": net.batch_size,
    }


def _samples(trace: Trace, it: int) -> list[dict[str, Any]]:
    net, result = trace.network, trace.results[it]
    return [
        {"x": net.x[s].tolist(), "y": net.y[s].tolist(),
         "loss": float(result.sample_losses[s]),
         "layers": [{"layer": li, "z": layer.z[s].tolist(), "a": layer.a[s].tolist()}
                    for li, layer in enumerate(result.layers, start=1)]}
        for s in range(net.batch_size)
    ]


def optimizer_values(step: Any, index: Any) -> dict[str, float]:
    """An optimizer's operation values on one parameter ({"m": ..., "v": ...}), for JSON."""
    return {op: float(values[index]) for op, values in step.values.items()}


def _parameters(trace: Trace, it: int) -> Iterator[dict[str, Any]]:
    names = trace.names
    for li, layer in enumerate(trace.results[it].layers, start=1):
        ws, bs = layer.weight_step, layer.bias_step
        for j in range(layer.weights.shape[0]):
            for k in range(layer.weights.shape[1]):
                record = {"name": names.w(li, j, k), "kind": "weight", "layer": li, "row": j, "col": k,
                          "value": float(layer.weights[j, k]), "grad": float(layer.dw[j, k]),
                          "updated": float(layer.new_weights[j, k])}
                if ws is not None:
                    record["optimizer"] = optimizer_values(ws, (j, k))
                yield record
            record = {"name": names.b(li, j), "kind": "bias", "layer": li, "row": j, "col": None,
                      "value": float(layer.biases[j]), "grad": float(layer.db[j]),
                      "updated": float(layer.new_biases[j])}
            if bs is not None:
                record["optimizer"] = optimizer_values(bs, j)
            yield record


def step_record(step: Any, decimals: int = 3) -> dict[str, Any]:
    """One step as a JSON object: the contract's fields first, then the extras."""
    return {
        "index": step.index, "phase": step.phase.value, "target": step.target,
        "formula": step.formula, "value": step.value,
        "numbers": step.numbers(decimals), "kind": step.kind.name.lower(),
        "iteration": step.iteration, "layer": step.layer, "row": step.row, "col": step.col,
        "sample": step.sample, "local": step.local, "upstream": step.upstream,
        "previous": step.previous,
    }


def trace_json(trace: Trace, decimals: int = 3) -> Iterator[str]:
    """The JSON document in chunks; joined, they are one valid JSON object."""
    if not isinstance(trace, Trace):  # a graph (CONTRACT 6.3)
        from .graph_outputs import graph_json
        yield from graph_json(trace, decimals)
        return
    optimizer = trace.network.optimizer
    extra = "" if optimizer.plain else f', "optimizer": {_dump(optimizer.fields())}'
    yield (f'{{"format": {_dump(FORMAT)}, "kind": "mlp", "network": {_dump(_network(trace))}'
           f'{extra}, "iterations": [')
    for it, result in enumerate(trace.results):
        yield ("," if it else "") + f'\n  {{"index": {it}, "loss": {_dump(result.loss)}, '
        yield f'"samples": {_dump(_samples(trace, it))},\n   "parameters": ['
        for n, param in enumerate(_parameters(trace, it)):
            yield ("," if n else "") + "\n    " + _dump(param)
        yield '],\n   "steps": ['
        first = True
        for i in _iteration_range(trace, it):
            yield ("" if first else ",") + "\n    " + _dump(step_record(trace[i], decimals))
            first = False
        yield "]}"
    yield "\n]}\n"


def _iteration_range(trace: Trace, it: int) -> range:
    # Every iteration of a network has the same steps, so they are equally long.
    per = len(trace) // trace.iterations
    return range(it * per, (it + 1) * per)
