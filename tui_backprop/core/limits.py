"""How big a trace may get, checked before any array is allocated.

Three bounds, each from measurement (tracemalloc peaks of `build_trace` plus the caches the
debugger fills, `trace.write_index` and `trace.span`; see tests/core/test_limits.py, which
checks that `estimated_bytes` is an upper bound):

- steps: at most MAX_STEPS; a step costs up to BYTES_PER_STEP while the table is built
  (its 35 bytes of columns, the blocks they are concatenated from, the write index);
- memory: at most MAX_TRACE_BYTES in all, which adds what each iteration keeps (its
  result arrays, ITERATION_BYTES of Python objects) and what building it costs per
  layer pass (BYTES_PER_PASS of small arrays);
- time: at most MAX_PASSES layer passes. A pass (one sample through one layer, forward or
  backward, or one layer's update) is Python work of ~60 µs whatever the layer's size, so
  a 1-1-1 network at 60,000 iterations (480,000 passes) took 27 s although it has only
  1,020,000 steps; 100,000 passes are about 6 s.

Measured on the examples (2026-12): seed ~11 KB an iteration (8 passes, 17 steps),
xor ~31 KB (20 passes, 98 steps), mnist-mlp 16 MB for its one iteration (205,245 steps).
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_STEPS = 3_000_000
"""Longest trace built: at BYTES_PER_STEP that is 288 MB at most; larger is refused."""
MAX_TRACE_BYTES = 300_000_000
"""Most memory a trace may need, all iterations included (estimated_bytes)."""
MAX_PASSES = 100_000
"""Most layer passes (passes_per_iteration x iterations): bounds the build time."""
MAX_UNITS = 1_000_000
"""Most units a layer may have (any more would exceed MAX_STEPS anyway); keeps the numbers
in messages small."""

BYTES_PER_STEP = 96
"""Peak bytes a step costs (measured up to ~80: mnist-mlp's 205,245 steps peak at 16 MB)."""
BYTES_PER_PASS = 1_600
"""Peak bytes of the small arrays each layer pass adds while the table is built (~1.2 KB)."""
ITERATION_BYTES = 4_096
"""Python objects an iteration keeps: its result and per layer ~13 numpy arrays (~3 KB)."""
TRACE_BYTES = 65_536
"""What any trace costs once: its names, slot layout and caches (~20 KB for the seed)."""
"""Python objects an iteration keeps: its result and per layer ~13 numpy arrays (~3 KB)."""


def steps_per_iteration(sizes: Sequence[int], batch: int, update_ops: int = 1) -> int:
    """Number of steps one iteration of a network of these sizes takes.

    forward: z and a of each unit per sample; loss: one per sample plus the mean (or just
    one); backward per sample: dL/dy_pred per output, then per unit dL/dz, dL/dw per
    weight, dL/db, and one dL/da contribution per weight of the next layer; update: `update_ops`
    per parameter (1 for plain SGD; the optimizer's operations and the update otherwise,
    6 for Adam).
    """
    units = list(sizes[1:])
    weights = [n_out * n_in for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    forward = 2 * sum(units)
    loss = 1 if batch == 1 else batch + 1
    contributions = sum(weights[1:])
    backward = units[-1] + sum(units) + sum(weights) + sum(units) + contributions
    update = (sum(weights) + sum(units)) * update_ops
    return batch * (forward + backward) + loss + update


def passes_per_iteration(sizes: Sequence[int], batch: int, update_ops: int = 1) -> int:
    """Layer passes of one iteration: forward and backward per sample and layer, the
    update per layer (each optimizer operation counted as one more), and the loss (as two)."""
    layers = len(sizes) - 1
    return 2 * batch * layers + layers * update_ops + 2


def floats_per_iteration(sizes: Sequence[int], batch: int, softmax: bool = False,
                         update_ops: int = 1) -> int:
    """float64 values one iteration keeps (`compute.IterationResult`) plus its largest
    temporary (a layer's dL/dW products before their running sum)."""
    parameters = sum(n_out * (n_in + 1) for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    total = 2 * batch + batch * sizes[-1]  # sample losses, loss derivative
    total += 2 * (update_ops - 1) * parameters  # each optimizer operation's values, temporaries
    largest = 0
    for li, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        n_next = sizes[li + 2] if li + 2 < len(sizes) else 0
        total += 6 * batch * n_out  # z, a, local, da, dz, db running
        total += batch * n_out * n_in + n_out * n_in + n_out  # dW running, new W and b
        total += 2 * batch * n_next * n_out  # dL/da running and its products
        largest = max(largest, batch * n_out * n_in, batch * n_next * n_out)
    if softmax:
        total += batch * sizes[-1] ** 2  # the output layer's Jacobian
    return total + largest


def estimated_bytes(sizes: Sequence[int], batch: int, iterations: int, softmax: bool = False,
                    update_ops: int = 1) -> int:
    """An upper bound of the memory a trace of these dimensions takes to build and keep."""
    per_iteration = (ITERATION_BYTES + BYTES_PER_PASS * passes_per_iteration(sizes, batch, update_ops)
                     + 8 * floats_per_iteration(sizes, batch, softmax, update_ops)
                     + BYTES_PER_STEP * steps_per_iteration(sizes, batch, update_ops))
    return TRACE_BYTES + per_iteration * iterations


def too_large(sizes: Sequence[int], batch: int, iterations: int, softmax: bool = False,
              update_ops: int = 1) -> str | None:
    """A one-line message if a trace would exceed a limit (steps, memory, time), else None.

    `update_ops`: steps per parameter in the update phase (1 + the optimizer's `ops`)."""
    shape = "-".join(str(n) for n in sizes)
    head = f"network too large: {shape} with {batch} sample(s) x {iterations:,} iteration(s) would"
    steps = steps_per_iteration(sizes, batch, update_ops) * iterations
    if steps > MAX_STEPS:
        return f"{head} take {steps:,} steps (the limit is {MAX_STEPS:,})"
    need = estimated_bytes(sizes, batch, iterations, softmax, update_ops)
    if need > MAX_TRACE_BYTES:
        return f"{head} need about {need / 1e6:,.0f} MB (the limit is {MAX_TRACE_BYTES / 1e6:,.0f} MB)"
    passes = passes_per_iteration(sizes, batch, update_ops) * iterations
    if passes > MAX_PASSES:
        per = passes_per_iteration(sizes, batch, update_ops)
        return (f"{head} take {passes:,} layer passes, {per} an iteration (the limit is "
                f"{MAX_PASSES:,}, a few seconds: at most {MAX_PASSES // per:,} iterations)")
    return None
