"""Slot ids: one integer per quantity a trace computes, so state look-ups are array ops.

Within an iteration the quantities lie in blocks, in this order: for each layer z and a
(samples x units), then the sample losses (samples) and the loss (1), then for each layer
dL/da and dL/dz (samples x units), dL/dw (units x fan_in), dL/db (units), the updated
weights (units x fan_in) and updated biases (units), then, with an optimizer, each of its
operations' values on the weights ("m:w", ...) and on the biases ("m:b", ...).
"""

from __future__ import annotations

from dataclasses import dataclass

PER_SAMPLE = ("z", "a", "da", "dz")
"""Quantities with one value per sample and unit."""
PARAMETER = ("dw", "db", "w_new", "b_new")
"""Quantities with one value per parameter (accumulated over the batch)."""
QUANTITIES = (*PER_SAMPLE, *PARAMETER, "sample_loss", "loss")


@dataclass(frozen=True)
class SlotInfo:
    """What a slot id stands for."""

    quantity: str
    """One of QUANTITIES."""
    iteration: int
    layer: int
    """From 1; 0 for the losses."""
    sample: int | None
    row: int | None
    col: int | None


class SlotLayout:
    """Maps (quantity, iteration, layer, sample, row, col) to slot ids and back."""

    def __init__(self, sizes: tuple[int, ...], batch: int, iterations: int,
                 optimizer_ops: tuple[str, ...] = ()) -> None:
        self.sizes = sizes
        self.weight_like = {"dw", "w_new", *(f"{op}:w" for op in optimizer_ops)}
        """Quantities with one value per weight (the optimizer's as "<op>:w")."""
        self.bias_like = {"db", "b_new", *(f"{op}:b" for op in optimizer_ops)}
        """Quantities with one value per bias."""
        self.batch = batch
        self.iterations = iterations
        self._base: dict[tuple[str, int], int] = {}
        self._blocks: list[tuple[int, str, int]] = []  # (start, quantity, layer), ascending
        offset = 0
        depth = len(sizes) - 1

        def add(quantity: str, layer: int, size: int) -> None:
            nonlocal offset
            self._base[quantity, layer] = offset
            self._blocks.append((offset, quantity, layer))
            offset += size

        for layer in range(1, depth + 1):
            for q in ("z", "a"):
                add(q, layer, batch * sizes[layer])
        add("sample_loss", 0, batch)
        add("loss", 0, 1)
        for layer in range(1, depth + 1):
            units, fan_in = sizes[layer], sizes[layer - 1]
            add("da", layer, batch * units)
            add("dz", layer, batch * units)
            add("dw", layer, units * fan_in)
            add("db", layer, units)
            add("w_new", layer, units * fan_in)
            add("b_new", layer, units)
            for op in optimizer_ops:
                add(f"{op}:w", layer, units * fan_in)
                add(f"{op}:b", layer, units)
        self.per_iteration = offset
        self.total = offset * iterations

    def base(self, quantity: str, layer: int, iteration: int = 0) -> int:
        """First slot of a block (the offset of sample 0, row 0)."""
        return iteration * self.per_iteration + self._base[quantity, layer]

    def slot(self, quantity: str, iteration: int = 0, layer: int = 0, sample: int = 0,
             row: int = 0, col: int = 0) -> int:
        """The slot id of one quantity."""
        base = self.base(quantity, layer, iteration)
        if quantity in PER_SAMPLE:
            return base + sample * self.sizes[layer] + row
        if quantity == "sample_loss":
            return base + sample
        if quantity in self.weight_like:
            return base + row * self.sizes[layer - 1] + col
        if quantity in self.bias_like:
            return base + row
        return base

    def info(self, slot: int) -> SlotInfo:
        """What a slot id stands for (the inverse of `slot`)."""
        iteration, offset = divmod(slot, self.per_iteration)
        lo, hi = 0, len(self._blocks) - 1
        while lo < hi:  # last block starting at or before offset
            mid = (lo + hi + 1) // 2
            if self._blocks[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        start, quantity, layer = self._blocks[lo]
        i = offset - start
        if quantity in PER_SAMPLE:
            sample, row = divmod(i, self.sizes[layer])
            return SlotInfo(quantity, iteration, layer, sample, row, None)
        if quantity == "sample_loss":
            return SlotInfo(quantity, iteration, 0, i, None, None)
        if quantity in self.weight_like:
            row, col = divmod(i, self.sizes[layer - 1])
            return SlotInfo(quantity, iteration, layer, None, row, col)
        if quantity in self.bias_like:
            return SlotInfo(quantity, iteration, layer, None, i, None)
        return SlotInfo(quantity, iteration, 0, None, None, None)
