"""The classic mistakes that need more than a step's own numbers: an updated value used where
the old one belongs, and the derivative of the wrong activation.

Each function returns (hint, what the mistake gives) pairs for one step; `predict.check`
decides whether an answer matches one. Both kinds of trace are handled: a network's steps
name their layer and unit, a graph's steps their node and the operation it flows from.
"""

from __future__ import annotations

import numpy as np

from .core import Step, StepKind, Trace
from .core.ops import ACTIVATIONS
from .printable import printable

CANDIDATE_ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
"""The activations whose derivatives a learner is likely to mix up."""
_TROUBLE = (ArithmeticError, ValueError)


def _derivative(name: str, z: float) -> float:
    rule = ACTIVATIONS[name]
    column = np.array([z], dtype=np.float64)
    with np.errstate(all="ignore"):
        return float(rule.derivative(column, rule.forward(column))[0])


def activation_mistakes(trace: Trace, step: Step) -> list[tuple[str, float]]:
    """dL/dz = dL/da · f'(z) worked out with another activation's derivative g'(z)."""
    if step.upstream is None:
        return []
    if isinstance(trace, Trace):
        if step.kind != StepKind.Z_GRAD or step.row is None:
            return []
        used = trace.network.layers[step.layer - 1].activation
        z = float(trace.results[step.iteration].layers[step.layer - 1].z[step.sample or 0, step.row])
    else:
        if step.kind != StepKind.GRAD or step.graph_source is None:
            return []
        source = trace.spec.nodes[step.graph_source]
        if source.op not in CANDIDATE_ACTIVATIONS:
            return []
        used = source.op
        z = float(trace.results[step.iteration].values[source.inputs[0]])
    before = step.previous or 0.0
    return [(f"{other}'s derivative used instead of {used}'s",
             before + step.upstream * _derivative(other, z))
            for other in CANDIDATE_ACTIVATIONS if other != used]


def updated_mistakes(trace: Trace, step: Step) -> list[tuple[str, float]]:
    """The value worked out with a parameter as it is after this iteration's update."""
    if step.kind in (StepKind.WEIGHT_UPDATE, StepKind.BIAS_UPDATE, StepKind.PARAM_UPDATE):
        # p - lr·g applied to the already updated p: new - (old - new).
        old = step.tokens[0]
        if isinstance(old, float):
            return [(f"the updated {printable(step.target)} used instead of the old one",
                     2 * step.value - old)]
        return []
    if step.upstream is None:
        return []
    before = step.previous or 0.0
    if isinstance(trace, Trace):
        if step.kind != StepKind.ACTIVATION_GRAD or step.row is None or step.col is None:
            return []
        # dL/da[k] of layer l takes w[l+1][j,k]: layers[l] (0-based) is layer l+1.
        weight = float(trace.results[step.iteration].layers[step.layer].new_weights[step.col, step.row])
        name = trace.names.w(step.layer + 1, step.col, step.row)
        return [(f"the updated {name} used instead of the old one", before + step.upstream * weight)]
    return _graph_updated(trace, step, before)


def _graph_updated(trace, step: Step, before: float) -> list[tuple[str, float]]:
    """A graph's local derivative recomputed with an updated parameter as operand."""
    from .core.graph.ops import FORWARD, LOCAL

    spec, result = trace.spec, trace.results[step.iteration]
    if step.kind != StepKind.GRAD or step.graph_source is None or result.new_parameters is None:
        return []
    source = spec.nodes[step.graph_source]
    position = int(trace.table.operand[step.index])  # z*z: which of the two operands
    updated = dict(zip(spec.parameters, result.new_parameters.tolist()))
    found = []
    for operand in dict.fromkeys(source.inputs):
        if operand not in updated:
            continue
        args = [updated[i] if i == operand else float(result.values[i]) for i in source.inputs]
        a, b = args[0], args[1] if len(args) > 1 else 0.0
        op = "**c" if source.op == "**" and spec.nodes[source.inputs[1]].op == "const" else source.op
        try:
            value = FORWARD[source.op](*args)
            local = LOCAL[op](a, b, value)[position]
        except _TROUBLE:
            continue
        found.append((f"the updated {printable(spec.nodes[operand].name)} used instead of the old one",
                      before + step.upstream * local))
    return found
