"""The trace: an immutable, ordered, lazy sequence of steps over numpy arrays."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .compute import IterationResult, run_iteration
from .errors import ConfigError
from .explain import make_step
from .graph.spec import GraphSpec
from .limits import too_large
from .naming import Names
from .network import Network
from .slots import SlotLayout
from .state import TraceState
from .step_sequence import StepSequence
from .steps import PHASE_OF_KIND, Phase, Step, StepKind
from .table import StepTable, build_table

if TYPE_CHECKING:
    from .graph.trace import GraphTrace

LEVELS = ("unit", "layer", "phase", "iteration")
_READS_INPUT = (StepKind.WEIGHT_GRAD, StepKind.WEIGHT_UPDATE, *(k for k in StepKind if k >= StepKind.WEIGHT_DECAY))
"""Kinds of step on a first-layer weight that "read" the input it leaves (col = the input);
the optimizer's kinds are on a weight (col >= 0) or a bias (col = -1, never an input)."""
"""Granularities of `Trace.span`: what "step over" and "step out" move across."""


class Trace(StepSequence):
    """Every chain-rule operation of `iterations` training iterations, in execution order.

    `trace[i]` builds the Step record on demand from the step table, so a trace of a
    network with 100,000 parameters costs a few MB, not a few hundred thousand objects.
    """

    def __init__(self, network: Network, iterations: int = 1) -> None:
        if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 1:
            raise ConfigError(f"{network.source}: iterations: expected a whole number >= 1, got {iterations!r}")
        message = too_large(network.sizes, network.batch_size, iterations,
                            softmax=network.layers[-1].activation == "softmax",
                            update_ops=1 + len(network.optimizer.ops))
        if message:
            raise ConfigError(f"{network.source}: {message}")
        self.network = network
        self.names = Names(network)
        self.slots = SlotLayout(network.sizes, network.batch_size, iterations, network.optimizer.ops)
        weights = [layer.weights for layer in network.layers]
        biases = [layer.biases for layer in network.layers]
        results: list[IterationResult] = []
        for it in range(iterations):
            result = run_iteration(network, weights, biases, it, results[-1] if results else None)
            results.append(result)
            weights = [layer.new_weights for layer in result.layers]
            biases = [layer.new_biases for layer in result.layers]
        self.results: tuple[IterationResult, ...] = tuple(results)
        """The numbers of each iteration (forward values, gradients, updates)."""
        self.table: StepTable = build_table(network, results, self.slots)

    LEVELS = LEVELS

    def _step(self, index: int) -> Step:
        return make_step(self, index)

    def state(self, taken: int) -> TraceState:
        """What is known once the first `taken` steps (0..len) have been taken."""
        return TraceState(self, taken)

    def _block_keys(self) -> dict[str, list[np.ndarray]]:
        t = self.table
        phase = np.array([list(Phase).index(p) for p in PHASE_OF_KIND], dtype=np.int8)[t.kind]
        # In the loss and update phases the sample is not part of a "layer" or "unit".
        in_sample = np.where(np.isin(phase, (0, 2)), t.sample, -1)
        return {
            "iteration": [t.iteration],
            "phase": [t.iteration, phase],
            "layer": [t.iteration, phase, in_sample, t.layer],
            "unit": [t.iteration, phase, in_sample, t.layer, t.row],
        }

    def node(self, index: int) -> tuple[int, int] | None:
        """The diagram node step `index` touches (its `Step.node`), without building the step."""
        layer = int(self.table.layer[index])
        return None if layer == 0 else (layer, int(self.table.row[index]))

    def _touch_mask(self, rows: slice | int, layer: int, unit: int) -> np.ndarray:
        """Which of the table rows `rows` touch the diagram node (layer, unit).

        A unit of a layer is touched by every step that writes one of its values or
        gradients, or one of its incoming weights. No step writes an input, so an input
        x[k] (layer 0) is touched by the steps that read it: the z of each first-layer unit
        and the gradient, optimizer operations and update of each weight leaving it.
        """
        t = self.table
        if layer == 0:
            reads = (t.kind[rows] == StepKind.Z) | (
                np.isin(t.kind[rows], _READS_INPUT)
                & (t.col[rows] == unit))
            return (t.layer[rows] == 1) & reads
        return (t.layer[rows] == layer) & (t.row[rows] == unit)

    def touching(self, layer: int, unit: int) -> np.ndarray:
        """Indices of the steps that touch the diagram node (layer, unit), ascending."""
        return np.flatnonzero(self._touch_mask(slice(None), layer, unit))

    def touches(self, index: int, layer: int, unit: int) -> bool:
        """Whether step `index` touches the diagram node (layer, unit), as `touching` counts."""
        return bool(self._touch_mask(index, layer, unit))


def build_trace(network: Network | GraphSpec, iterations: int = 1) -> Trace | GraphTrace:
    """Build the trace of `iterations` training iterations of `network` (or of a graph)."""
    if isinstance(network, GraphSpec):
        from .graph.trace import GraphTrace  # here: a network's trace does not need it

        return GraphTrace(network, iterations)
    return Trace(network, iterations)


__all__ = ["LEVELS", "Trace", "build_trace"]
