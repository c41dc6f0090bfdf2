"""The network a trace is built from: immutable records, validated by `config`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .optim import SGD, Optimizer


@dataclass(frozen=True, eq=False)
class Layer:
    """One layer after the input: z = W·a_prev + b, a = activation(z)."""

    units: int
    """How many units the layer has."""
    activation: str
    """Key into `ops.ACTIVATIONS`."""
    weights: np.ndarray
    """Read-only float64 array, shape (units, units of the layer before)."""
    biases: np.ndarray
    """Read-only float64 array, shape (units,)."""

    @property
    def fan_in(self) -> int:
        """Units of the layer before (or inputs, for the first layer)."""
        return int(self.weights.shape[1])


@dataclass(frozen=True, eq=False)
class Network:
    """A small MLP with its data, loss and learning rate: everything a trace needs."""

    name: str
    """Shown in the app's header and the exports, always as plain text."""
    learning_rate: float
    loss: str
    """Key into `ops.LOSSES`."""
    x: np.ndarray
    """Inputs, shape (samples, inputs); one sample is a batch of one."""
    y: np.ndarray
    """Targets, shape (samples, outputs)."""
    layers: tuple[Layer, ...]
    seed: int = 0
    """Seed of the random init of layers that gave no weights or biases."""
    source: str = "<memory>"
    """Where the network came from (a path or "example NAME"), for messages."""
    description: str = ""
    """What the network shows (optional; the built-in examples have one)."""
    optimizer: Optimizer = SGD
    """The rule of the update phase (`optimizer = ...` in a config); plain SGD by default."""

    @property
    def sizes(self) -> tuple[int, ...]:
        """Units per layer, the inputs first: (inputs, hidden..., outputs)."""
        return (int(self.x.shape[1]), *(layer.units for layer in self.layers))

    @property
    def batch_size(self) -> int:
        """Number of samples."""
        return int(self.x.shape[0])

    @property
    def parameter_count(self) -> int:
        """Weights and biases in all layers."""
        return sum(layer.weights.size + layer.biases.size for layer in self.layers)

    def describe(self) -> str:
        """A one-line description, e.g. "2-2-1 sigmoid/sigmoid, loss mse, lr 0.5, 4 samples"."""
        shape = "-".join(str(n) for n in self.sizes)
        acts = "/".join(layer.activation for layer in self.layers)
        samples = "1 sample" if self.batch_size == 1 else f"{self.batch_size} samples"
        return f"{shape} {acts}, loss {self.loss}, lr {self.learning_rate:g}, {samples}"


def glorot_uniform(seed: int, layer_index: int, units: int, fan_in: int) -> np.ndarray:
    """The documented random init: Glorot (Xavier) uniform in ±sqrt(6 / (fan_in + units)).

    Each layer draws from its own generator seeded with (seed, layer_index), so giving
    the weights of one layer never changes the random weights of another.
    """
    rng = np.random.default_rng([seed, layer_index])
    limit = np.sqrt(6.0 / (fan_in + units))
    return rng.uniform(-limit, limit, size=(units, fan_in))


def frozen(array: np.ndarray) -> np.ndarray:
    """A float64 copy that cannot be written to (records stay immutable)."""
    out = np.array(array, dtype=np.float64, copy=True)
    out.flags.writeable = False
    return out
