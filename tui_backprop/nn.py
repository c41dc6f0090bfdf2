"""micrograd.nn (0.1.0) on this package's `Value`: Module, Neuron, Layer, MLP.

The same constructors draw the same `random.uniform(-1, 1)` numbers in the same order, so
after the same `random.seed(...)` a micrograd model and this one are the same model and
compute the same numbers. One addition, invisible to the numbers: an MLP labels its
parameters `w{l}[j,k]` (layer l, unit j, input k, all counted from 1) and `b{l}[j]`, the
names the rest of tui-backprop uses, so the debugger shows them by name.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from .engine import Value


class Module:
    """Something with parameters (micrograd.nn.Module)."""

    def zero_grad(self) -> None:
        """Set the gradient of every parameter to 0 (the int, as micrograd does)."""
        for p in self.parameters():
            p.grad = 0

    def parameters(self) -> list[Value]:
        """The values training changes."""
        return []


class Neuron(Module):
    """act = sum(w_i * x_i) + b, through relu unless `nonlin` is False."""

    def __init__(self, nin: int, nonlin: bool = True) -> None:
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0)
        self.nonlin = nonlin

    def __call__(self, x: Sequence[Any]) -> Value:
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.relu() if self.nonlin else act

    def parameters(self) -> list[Value]:
        return self.w + [self.b]

    def __repr__(self) -> str:
        return f"{'ReLU' if self.nonlin else 'Linear'}Neuron({len(self.w)})"


class Layer(Module):
    """`nout` neurons on the same inputs; one output is returned bare, as micrograd does."""

    def __init__(self, nin: int, nout: int, **kwargs: Any) -> None:
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x: Sequence[Any]) -> Value | list[Value]:
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """Layers of sizes nin, *nouts: relu neurons, linear in the last layer."""

    def __init__(self, nin: int, nouts: list[int]) -> None:
        sz = [nin] + nouts
        self.layers = [Layer(sz[i], sz[i + 1], nonlin=i != len(nouts) - 1) for i in range(len(nouts))]
        for l, layer in enumerate(self.layers, 1):
            for j, neuron in enumerate(layer.neurons, 1):
                for k, w in enumerate(neuron.w, 1):
                    w.label = w.label or f"w{l}[{j},{k}]"
                neuron.b.label = neuron.b.label or f"b{l}[{j}]"

    def __call__(self, x: Sequence[Any]) -> Any:
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"
