"""The seed notebook's printed summary, byte for byte for the seed, generalised to any network.

The seed prints forward values per layer, the loss, the parameter gradients from the last
layer back, and each parameter's old and new value. Bigger networks get one line per unit
(and per sample in a batch) in the same style; several iterations get one block each.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Trace
from ..core.steps import format_number
from ..printable import printable


def summary(trace: Trace, decimals: int = 3) -> Iterator[str]:
    """The summary as lines (each ending in a newline)."""
    def f(v: float) -> str:
        return format_number(float(v), decimals)

    if not isinstance(trace, Trace):  # a graph (CONTRACT 6.3)
        from .graph_outputs import graph_summary
        yield from graph_summary(trace, decimals)
        return
    # Names are printable: a quantity named in a file never acts on the reader's terminal.
    names, net = trace.names, trace.network
    for it, result in enumerate(trace.results):
        if trace.iterations > 1:
            if it:
                yield "\n"
            yield f"Iteration {it + 1} of {trace.iterations}:\n\n"
        yield "Forward Pass:\n"
        for s in range(net.batch_size):
            sm = s if net.batch_size > 1 else None
            for li, layer in enumerate(result.layers, start=1):
                for j in range(layer.z.shape[1]):
                    yield (f"  {printable(names.z(li, j, sm))} = {f(layer.z[s, j])}, "
                           f"{printable(names.a(li, j, sm))} = {f(layer.a[s, j])}\n")
        if net.batch_size > 1:
            for s, loss in enumerate(result.sample_losses):
                yield f"  {printable(names.loss(s))} = {f(loss)}\n"
        yield f"  Loss = {f(result.loss)}\n"

        yield "\nBackward Pass (Gradients):\n"
        for li in range(len(result.layers), 0, -1):
            layer = result.layers[li - 1]
            for j in range(layer.weights.shape[0]):
                for k in range(layer.weights.shape[1]):
                    yield f"  dLoss/d{printable(names.w(li, j, k))} = {f(layer.dw[j, k])}\n"
                yield f"  dLoss/d{printable(names.b(li, j))} = {f(layer.db[j])}\n"

        yield "\nUpdated Weights:\n"
        for li, layer in enumerate(result.layers, start=1):
            for j in range(layer.weights.shape[0]):
                for k in range(layer.weights.shape[1]):
                    yield (f"  {printable(names.w(li, j, k))}: {f(layer.weights[j, k])} -> "
                           f"{f(layer.new_weights[j, k])}\n")
                yield f"  {printable(names.b(li, j))}: {f(layer.biases[j])} -> {f(layer.new_biases[j])}\n"
        yield from _optimizer_state(trace, it, f)


def _optimizer_state(trace: Trace, it: int, f) -> Iterator[str]:
    """Optimizers that carry state (momentum, Adam): its value after the iteration's step."""
    optimizer, names = trace.network.optimizer, trace.names
    if not optimizer.state_names:
        return
    layers = trace.results[it].layers
    yield f"\nOptimizer State ({optimizer.kind}, step {layers[0].weight_step.t}):\n"

    def line(name: str, step, index) -> str:
        shown = printable(name)
        return "  " + ", ".join(f"{q}[{shown}] = {f(step.state[q][index])}" for q in optimizer.state_names) + "\n"

    for li, layer in enumerate(layers, start=1):
        for j in range(layer.weights.shape[0]):
            for k in range(layer.weights.shape[1]):
                yield line(names.w(li, j, k), layer.weight_step, (j, k))
            yield line(names.b(li, j), layer.bias_step, j)
