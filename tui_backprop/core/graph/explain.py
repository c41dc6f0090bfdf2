"""Turn one row of a graph trace's table into a `Step`: target, formula and numbers.

- forward: `x1*w1 = x1 · w1`, numbers `2.000 × (-3.000)`;
- the seed: `do/do = 1`;
- backward: `do/db = do/dn · ∂n/∂b` for an operand's first contribution, then
  `do/dx += do/dn · ∂n/∂x`, numbers `previous + upstream × local`;
- update: `w1 ← w1 - lr · do/dw1`, numbers `old - 0.1 × gradient`.

A name that is not a plain identifier is put in parentheses where it is an operand of a
derivative (`do/d(x1*w1)`), or where the operator around it binds tighter (`(a + b) · c`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..optim_explain import KIND_OP, optimizer_formula
from ..steps import PHASE_OF_KIND, Step, StepKind as K, Token

if TYPE_CHECKING:
    from .spec import GraphNode, GraphSpec
    from .trace import GraphTrace

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "**": 4}
"""How tightly each operator binds, as in Python; calls, names and numbers bind tightest (5)."""
SYMBOL = {"+": " + ", "-": " - ", "*": " · ", "/": " / ", "**": "**"}
NUMBER_SYMBOL = {"+": " + ", "-": " - ", "*": " × ", "/": " / ", "**": " ** "}


def bare(name: str) -> str:
    """A name as an operand of d or ∂: in parentheses unless it is an identifier."""
    return name if _IDENTIFIER.match(name) else f"({name})"


def grad_name(spec: GraphSpec, index: int) -> str:
    """d<out>/d<node>: `dL/da`, `do/d(x1*w1)`."""
    return f"d{bare(spec.nodes[spec.output].name)}/d{bare(spec.nodes[index].name)}"


def _binding(node: GraphNode) -> int:
    if _IDENTIFIER.match(node.name) or node.op in ("input", "parameter"):
        return 5
    if node.op == "const":
        return 3 if node.name.startswith("-") else 5
    return PRECEDENCE.get(node.op, 5)


def _written(node: GraphNode) -> str:
    """A node's name as a formula shows it: a constant as written (its unique name, `1#2`
    for the second `1` of a graph, is for tables, not for reading)."""
    return node.name.rpartition("#")[0] or node.name if node.op == "const" else node.name


def _operand(spec: GraphSpec, parent: GraphNode, position: int) -> str:
    """The operand's name, in parentheses where the parent's operator binds tighter."""
    child = spec.nodes[parent.inputs[position]]
    if parent.op not in PRECEDENCE:
        return _written(child)  # a function call's argument needs none
    p, c = PRECEDENCE[parent.op], _binding(child)
    right_assoc = parent.op == "**"
    if position == 0:
        wrap = c < p or (right_assoc and c == p)
    else:
        wrap = c < p or (c == p and not right_assoc)
    return f"({_written(child)})" if wrap else _written(child)


def operation(spec: GraphSpec, index: int, values) -> tuple[str, list[Token]]:
    """The right-hand side of a forward step: by name, and with the operands' numbers."""
    node = spec.nodes[index]
    names = [_operand(spec, node, k) for k in range(len(node.inputs))]
    numbers = [float(values[k]) for k in node.inputs]
    op = node.op
    if op == "neg":
        return f"-{names[0]}", ["-", numbers[0]]
    if op in SYMBOL:
        return SYMBOL[op].join(names), [numbers[0], NUMBER_SYMBOL[op], numbers[1]]
    if len(numbers) == 2:
        return f"{op}({names[0]}, {names[1]})", [f"{op}(", numbers[0], ", ", numbers[1], ")"]
    return f"{op}({names[0]})", [f"{op}(", numbers[0], ")"]


def make_graph_step(trace: GraphTrace, i: int) -> Step:
    """Build step i of a graph trace."""
    t, spec = trace.table, trace.spec
    kind = K(int(t.kind[i]))
    it, k = int(t.iteration[i]), int(t.node[i])
    result = trace.results[it]
    extra: dict[str, object] = {}
    if kind == K.OP:
        symbolic, tokens = operation(spec, k, result.values)
        target = spec.nodes[k].name
        formula = f"{target} = {symbolic}"
    elif kind == K.SEED:
        target = grad_name(spec, k)
        # The rule is the number itself: explained as "dL/dL = 1 = 1.000", as other steps read.
        formula, tokens = target, ["1"]
    elif kind == K.GRAD:
        src = int(t.source[i])
        target = grad_name(spec, k)
        local, up = float(t.local[i]), float(t.upstream[i])
        partial = f"∂{bare(spec.nodes[src].name)}/∂{bare(spec.nodes[k].name)}"
        previous = float(t.previous[i])
        first = previous != previous  # NaN: the operand's first contribution
        formula = f"{target} {'=' if first else '+='} {grad_name(spec, src)} · {partial}"
        tokens = [up, " × ", local] if first else [previous, " + ", up, " × ", local]
        extra = {"local": local, "upstream": up, "graph_source": src}
        if not first:
            extra["previous"] = previous
    elif spec.optimizer.plain:
        target = spec.nodes[k].name
        lr = f"{spec.learning_rate:g}"
        formula = f"{target} ← {target} - lr · {grad_name(spec, k)}"
        tokens = [float(result.values[k]), f" - {lr} × ", float(result.grads[k])]
    else:  # an optimizer's operation, or its update
        name = spec.nodes[k].name
        step = result.optim
        target, sign, rhs, tokens = optimizer_formula(
            spec.optimizer, spec.learning_rate, KIND_OP.get(kind, "update"), name,
            grad_name(spec, k), step.at(spec.parameters.index(k)), step.t)
        formula = f"{target} {sign} {rhs}"
    return Step(index=i, iteration=it, phase=PHASE_OF_KIND[kind], kind=kind, target=target,
                formula=formula, tokens=tuple(tokens), value=float(t.value[i]), layer=0,
                row=None, col=None, sample=None, slot=int(t.slot[i]), graph_node=k, **extra)
