"""The trace of a computation graph: every operation, gradient contribution and update,
in the order of CONTRACT 6.2, as a lazy sequence of `Step`s over numpy columns.

It offers what the network `Trace` offers where it makes sense (len, indexing, phase,
state, span, node, touching), with graph nodes (indices into `spec.nodes`) where the
network trace has (layer, unit) pairs.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from ..errors import ConfigError
from ..gc_pause import collector_paused
from ..limits import MAX_STEPS
from ..step_sequence import StepSequence
from ..steps import PHASE_OF_KIND, Phase, Step, StepKind
from .compute import GraphResult, make_plan, run_iteration
from .explain import grad_name, make_graph_step
from .plan import CONST
from .spec import GraphSpec
from .state import GraphState
from .table import GraphTable, build_graph_table, slot_width, steps_per_iteration

LEVELS = ("node", "formula", "phase", "iteration")
"""Granularities of `GraphTrace.span`: one node's work, one formula's, a phase, an iteration."""
_UPDATE = list(Phase).index(Phase.UPDATE)
_PHASE_CODE = np.array([list(Phase).index(p) for p in PHASE_OF_KIND], dtype=np.int8)


class GraphTrace(StepSequence):
    """Every step of `iterations` iterations of a graph (each from the last one's update)."""

    def __init__(self, spec: GraphSpec, iterations: int = 1) -> None:
        if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 1:
            raise ConfigError(f"{spec.source}: iterations: expected a whole number >= 1, got {iterations!r}")
        with collector_paused():  # many live objects, no garbage (see gc_pause)
            self._build(spec, iterations)

    def _build(self, spec: GraphSpec, iterations: int) -> None:
        self.spec = spec
        self.plan = make_plan(spec)
        total = steps_per_iteration(self.plan) * iterations
        if total > MAX_STEPS:
            raise ConfigError(f"{spec.source}: nodes: graph too large: {iterations} iteration(s) "
                              f"would take {total:,} steps (the limit is {MAX_STEPS:,})")
        parameters = np.array([self.plan.initial[p] for p in spec.parameters], dtype=np.float64)
        results: list[GraphResult] = []
        for it in range(iterations):
            result = run_iteration(self.plan, parameters, it, results[-1] if results else None)
            results.append(result)
            if result.new_parameters is not None:
                parameters = result.new_parameters
        self.results: tuple[GraphResult, ...] = tuple(results)
        """The numbers of each iteration (values, gradients, contributions, updates)."""
        self.table: GraphTable = build_graph_table(self.plan, results)
        self.slot_width = slot_width(self.plan)
        self.leaf_mask = self.plan.code <= CONST
        """True for inputs, parameters and constants: nodes no step computes."""

    LEVELS = LEVELS

    def _step(self, index: int) -> Step:
        return make_graph_step(self, index)

    def state(self, taken: int) -> GraphState:
        """What is known once the first `taken` steps (0..len) have been taken."""
        return GraphState(self, taken)

    def grad_name(self, node: int) -> str:
        """The name of a node's gradient: `dL/da`, `do/d(x1*w1)`."""
        return grad_name(self.spec, node)

    def value_slots(self, iteration: int) -> np.ndarray:
        """Slot ids of every node's value in an iteration."""
        return iteration * self.slot_width + np.arange(self.plan.size)

    def grad_slots(self, iteration: int) -> np.ndarray:
        """Slot ids of every node's gradient in an iteration."""
        return iteration * self.slot_width + self.plan.size + np.arange(self.plan.size)

    def optimizer_slots(self, iteration: int, op: str) -> np.ndarray:
        """Slot ids of optimizer operation `op` ("m", "v", ...) on each parameter in an iteration."""
        from .table import optimizer_slot

        return iteration * self.slot_width + np.array(
            [optimizer_slot(self.plan, op, k) for k in range(len(self.plan.parameters))], dtype=np.int64)

    def update_slots(self, iteration: int) -> np.ndarray:
        """Slot ids of each parameter's updated value in an iteration."""
        return iteration * self.slot_width + 2 * self.plan.size + np.arange(len(self.plan.parameters))

    def _block_keys(self) -> dict[str, list[np.ndarray]]:
        t, n = self.table, self.plan.size
        phase = _PHASE_CODE[t.kind]
        # A backward contribution belongs to the node it flows from; the seed and the
        # update phase are formulas of their own.
        owner = np.where(t.kind == StepKind.GRAD, t.source, t.node)
        group = self._group_keys[owner]
        group = np.where(t.kind == StepKind.SEED, -2, np.where(phase == _UPDATE, -3, group))
        return {
            "iteration": [t.iteration],
            "phase": [t.iteration, phase],
            "formula": [t.iteration, phase, group],
            "node": [t.iteration, phase, owner + (t.kind == StepKind.SEED) * (n + 1)],
        }

    @cached_property
    def _group_keys(self) -> np.ndarray:
        """An integer per node naming its formula; a node without one is its own."""
        ids: dict[str, int] = {}
        n = self.plan.size
        return np.array([ids.setdefault(node.group, len(ids)) if node.group else n + i
                         for i, node in enumerate(self.spec.nodes)], dtype=np.int64)

    def span(self, index: int, level: str) -> range:
        """The steps of the node, formula, phase or iteration that step `index` belongs to.

        node: a forward operation alone; in the backward pass, every contribution flowing
        from one operation node; the seed alone; each update alone. formula: the same
        grouped by the formula (`nodes.<name>`) the nodes come from; the updates together.
        """
        return super().span(index, level)

    def node(self, index: int) -> int:
        """The node step `index` writes (its value, gradient or update)."""
        return int(self.table.node[index])

    def _touch_mask(self, rows: slice | int, node: int) -> np.ndarray:
        """Steps that write the node, read it in the forward pass, or pass its gradient on."""
        t, plan = self.table, self.plan
        written = t.node[rows]
        reads = (t.kind[rows] == StepKind.OP) & ((plan.arg0[written] == node) | (plan.arg1[written] == node))
        return (written == node) | (t.source[rows] == node) | reads

    def touching(self, node: int) -> np.ndarray:
        """Indices of the steps that touch a node (see `_touch_mask`), ascending."""
        return np.flatnonzero(self._touch_mask(slice(None), node))

    def touches(self, index: int, node: int) -> bool:
        """Whether step `index` touches the node, as `touching` counts."""
        return bool(self._touch_mask(index, node))


__all__ = ["LEVELS", "GraphTrace"]
