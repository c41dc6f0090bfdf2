"""What is known at a cursor of a graph trace: every node's value and gradient.

A look-up is one binary search per node over the trace's write index (as `TraceState`
does for networks), never a replay of the steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..state import TraceState

if TYPE_CHECKING:
    from .trace import GraphTrace


class GraphState(TraceState):
    """The values known once the first `taken` steps of a graph trace have been taken.

    Leaves (inputs, parameters, constants) are known from the start of their iteration: a
    parameter's value in iteration k > 0 is what the update steps of iteration k-1 wrote.
    Operation values and all gradients are known once a step has written them; a gradient
    that several steps add to shows its running sum.
    """

    trace: GraphTrace

    @property
    def iteration(self) -> int:
        """The iteration the cursor is in: that of the last step taken (0 at the start)."""
        return int(self.trace.table.iteration[self.taken - 1]) if self.taken else 0

    def node_values(self) -> np.ndarray:
        """The value of every node in this iteration, NaN where not yet computed."""
        trace, it = self.trace, self.iteration
        values = self.values(trace.value_slots(it))
        leaves = trace.leaf_mask
        values[leaves] = trace.results[it].values[leaves]
        return values

    def node_grads(self) -> np.ndarray:
        """d<out>/d<node> of every node in this iteration, NaN where not yet written."""
        return self.values(self.trace.grad_slots(self.iteration))

    def updated_parameters(self) -> np.ndarray:
        """Each parameter after this iteration's update, NaN where not yet updated."""
        return self.values(self.trace.update_slots(self.iteration))

    def written(self) -> tuple[str, int] | None:
        """What the last step wrote: ("value" | "grad" | "update" | "optimizer", node index),
        or None; "optimizer" is an optimizer's operation (m, v, ...) on a parameter."""
        if not self.taken:
            return None
        i = self.taken - 1
        trace = self.trace
        slot = int(trace.table.slot[i]) - self.iteration * trace.slot_width
        n, params = trace.plan.size, len(trace.plan.parameters)
        what = ("value" if slot < n else "grad" if slot < 2 * n else "update" if slot < 2 * n + params
                else "optimizer")
        return what, int(trace.table.node[i])
