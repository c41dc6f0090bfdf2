"""How big a trace may get, checked before any array is allocated."""

from __future__ import annotations

from collections.abc import Sequence

MAX_STEPS = 4_000_000
"""Longest trace built (about 40 bytes a step, so ~160 MB at most): larger is refused."""


def steps_per_iteration(sizes: Sequence[int], batch: int) -> int:
    """Number of steps one iteration of a network of these sizes takes.

    forward: z and a of each unit per sample; loss: one per sample plus the mean (or just
    one); backward per sample: dL/dy_pred per output, then per unit dL/dz, dL/dw per
    weight, dL/db, and one dL/da contribution per weight of the next layer; update: one
    per parameter.
    """
    units = list(sizes[1:])
    weights = [n_out * n_in for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    forward = 2 * sum(units)
    loss = 1 if batch == 1 else batch + 1
    contributions = sum(weights[1:])
    backward = units[-1] + sum(units) + sum(weights) + sum(units) + contributions
    update = sum(weights) + sum(units)
    return batch * (forward + backward) + loss + update


def too_large(sizes: Sequence[int], batch: int, iterations: int) -> str | None:
    """A message if the trace would exceed MAX_STEPS, else None."""
    total = steps_per_iteration(sizes, batch) * iterations
    if total > MAX_STEPS:
        shape = "-".join(str(n) for n in sizes)
        return (
            f"network too large: {shape} with {batch} sample(s) x {iterations} iteration(s) "
            f"would take {total:,} steps (the limit is {MAX_STEPS:,})"
        )
    return None
