"""A spec's nodes as columns, handed from a builder that makes them correct by construction
to the plan builder, which then need not read them back from 64,000 GraphNodes and check them.

The columns ride on the spec as a private attribute (not a dataclass field: equality,
repr and `dataclasses.replace` never see them), and describe only the exact `nodes` tuple
they were made with: a spec made any other way, or a copy with other nodes, has none, and
`make_plan` checks it node by node as always.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .spec import GraphNode, GraphSpec

_ATTRIBUTE = "_trusted_columns"


@dataclass(frozen=True, eq=False)
class NodeColumns:
    """Per node, in definition order: what make_plan would read and check."""

    nodes: tuple[GraphNode, ...]
    """The nodes these columns describe (the spec's own tuple, compared by identity)."""
    code: Sequence[int]
    """The op's index in plan.CODES."""
    arg0: Sequence[int]
    """First operand, -1 for a leaf."""
    arg1: Sequence[int]
    """Second operand, -1 if fewer."""
    values: Sequence[float | None]
    """A leaf's given value (a finite float), None for an operation."""


def attach(spec: GraphSpec, columns: NodeColumns) -> None:
    """Give the spec its columns (only a builder that guarantees them correct may)."""
    object.__setattr__(spec, _ATTRIBUTE, columns)


def trusted(spec: GraphSpec) -> NodeColumns | None:
    """The spec's columns, if a builder attached them for exactly its nodes."""
    columns = spec.__dict__.get(_ATTRIBUTE)
    return columns if columns is not None and columns.nodes is spec.nodes else None
