"""The quantities of each kind of trace, named as its steps name their targets.

Network: the inputs, each layer's z and a (per sample), the targets, the losses, then each
layer's weights and biases. Graph: every node in definition order. A value a step writes
has a slot; a value given (an input, a target, a parameter before its update) is read from
the iteration's numbers (`given_value`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.graph.spec import LEAF_OPS
from .quantities import Quantity


def network_quantities(trace) -> Iterator[Quantity]:
    """Every quantity of a network's trace, in listing order."""
    net, names, slots = trace.network, trace.names, trace.slots
    sizes, batch, grad = net.sizes, net.batch_size, names.grad
    samples = range(batch)
    for s in samples:
        for k in range(sizes[0]):
            yield Quantity(names.a(0, k, s), None, None, None, ("x", s, k))
    for layer in range(1, len(sizes)):
        for s in samples:
            for j in range(sizes[layer]):
                for kind, name in (("z", names.z(layer, j, s)), ("a", names.a(layer, j, s))):
                    yield Quantity(name, grad(name), slots.slot(kind, 0, layer, s, j),
                                   slots.slot("d" + kind, 0, layer, s, j))
    for s in samples:
        for j in range(sizes[-1]):
            yield Quantity(names.y(j, s), None, None, None, ("y", s, j))
    if batch > 1:
        for s in samples:
            yield Quantity(names.loss(s), None, slots.slot("sample_loss", 0, 0, s), None)
    yield Quantity(names.loss(), None, slots.slot("loss", 0), None)
    for layer in range(1, len(sizes)):
        for j in range(sizes[layer]):
            for k in range(sizes[layer - 1]):
                name = names.w(layer, j, k)
                yield Quantity(name, grad(name), slots.slot("w_new", 0, layer, 0, j, k),
                               slots.slot("dw", 0, layer, 0, j, k), ("w", layer, j, k))
            name = names.b(layer, j)
            yield Quantity(name, grad(name), slots.slot("b_new", 0, layer, 0, j),
                           slots.slot("db", 0, layer, 0, j), ("b", layer, j))


def graph_quantities(trace) -> Iterator[Quantity]:
    """Every node of a graph's trace, in definition order."""
    spec, size = trace.spec, trace.plan.size
    updates = {p: 2 * size + i for i, p in enumerate(spec.parameters)} \
        if spec.learning_rate is not None else {}
    for i, node in enumerate(spec.nodes):
        grad = None if node.op == "const" else trace.grad_name(i)
        grad_slot = None if grad is None else size + i
        if node.op in LEAF_OPS:
            yield Quantity(node.name, grad, updates.get(i), grad_slot, ("node", i))
        else:
            yield Quantity(node.name, grad, i, grad_slot)


def given_value(trace, given: tuple[object, ...], iteration: int) -> float:
    """A value no step writes (or the one before the update that writes it)."""
    kind, *where = given
    if kind == "node":
        return float(trace.results[iteration].values[where[0]])
    if kind in ("x", "y"):
        s, k = where
        return float((trace.network.x if kind == "x" else trace.network.y)[s, k])
    layer = trace.results[iteration].layers[where[0] - 1]
    if kind == "w":
        return float(layer.weights[where[1], where[2]])
    return float(layer.biases[where[1]])
