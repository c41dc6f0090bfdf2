"""The step table: the trace as columns of numpy arrays, one row a step, in execution order.

Building it is a handful of vectorised operations per layer and sample, so a 784-128-10
network's ~200,000 steps take milliseconds and a few MB, with no Python object per step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .compute import IterationResult
from .network import Network
from .optim import OP_KIND
from .ops import ACTIVATIONS
from .slots import SlotLayout
from .steps import StepKind as K

COLUMNS = ("kind", "iteration", "sample", "layer", "row", "col", "value", "slot")
DTYPES = {"kind": np.int8, "iteration": np.int32, "sample": np.int32, "layer": np.int16,
          "row": np.int32, "col": np.int32, "value": np.float64, "slot": np.int64}


@dataclass(frozen=True, eq=False)
class StepTable:
    """Columns of equal length; -1 means "none" in sample, row and col."""

    kind: np.ndarray
    iteration: np.ndarray
    sample: np.ndarray
    layer: np.ndarray
    row: np.ndarray
    col: np.ndarray
    value: np.ndarray
    slot: np.ndarray

    def __len__(self) -> int:
        return len(self.kind)


class _Builder:
    """Collects blocks of steps; each block is given as 2-D arrays raveled row-major."""

    def __init__(self, slots: SlotLayout) -> None:
        self.slots = slots
        self.parts: dict[str, list[np.ndarray]] = {c: [] for c in COLUMNS}

    def add(self, shape: tuple[int, ...], **columns: object) -> None:
        """Append a block: every column broadcast to `shape`, then raveled."""
        for name in COLUMNS:
            value = columns.get(name, -1)
            self.parts[name].append(np.broadcast_to(np.asarray(value), shape).ravel().astype(DTYPES[name]))

    def table(self) -> StepTable:
        return StepTable(**{c: _freeze(np.concatenate(self.parts[c])) for c in COLUMNS})


def _freeze(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def build_table(net: Network, results: list[IterationResult], slots: SlotLayout) -> StepTable:
    """The whole trace's step table for the given iteration results."""
    b = _Builder(slots)
    for it, result in enumerate(results):
        _forward(b, net, result, it)
        _loss(b, net, result, it)
        _backward(b, net, result, it)
        _update(b, net, result, it)
    return b.table()


def _forward(b: _Builder, net: Network, r: IterationResult, it: int) -> None:
    for s in range(net.batch_size):
        for li, layer in enumerate(r.layers):
            l, n = li + 1, layer.z.shape[1]
            units = np.arange(n)
            z_slot = b.slots.slot("z", it, l, s) + units
            a_slot = b.slots.slot("a", it, l, s) + units
            if ACTIVATIONS[net.layers[li].activation].elementwise:
                # per unit: z_j then a_j, so one unit's work is contiguous
                shape = (n, 2)
                kind = np.array([K.Z, K.ACTIVATION])
                value = np.stack([layer.z[s], layer.a[s]], axis=1)
                slot = np.stack([z_slot, a_slot], axis=1)
                row = units[:, None]
            else:  # softmax needs every z before any a
                shape = (2, n)
                kind = np.array([[K.Z], [K.ACTIVATION]])
                value = np.stack([layer.z[s], layer.a[s]])
                slot = np.stack([z_slot, a_slot])
                row = units[None, :]
            b.add(shape, kind=kind, iteration=it, sample=s, layer=l, row=row, value=value, slot=slot)


def _loss(b: _Builder, net: Network, r: IterationResult, it: int) -> None:
    batch = net.batch_size
    if batch > 1:
        samples = np.arange(batch)
        b.add((batch,), kind=K.SAMPLE_LOSS, iteration=it, sample=samples, layer=0,
              value=r.sample_losses, slot=b.slots.slot("sample_loss", it) + samples)
    b.add((1,), kind=K.LOSS, iteration=it, layer=0, value=r.loss, slot=b.slots.slot("loss", it))


def _backward(b: _Builder, net: Network, r: IterationResult, it: int) -> None:
    depth = len(r.layers)
    for s in range(net.batch_size):
        for li in range(depth - 1, -1, -1):
            layer, l = r.layers[li], li + 1
            n, f = layer.weights.shape
            units = np.arange(n)[:, None]
            da_slot = b.slots.slot("da", it, l, s) + units
            if l == depth:
                head_kind, head_col = np.array([K.OUTPUT_GRAD]), np.array([-1])
                head_value, head_slot = layer.da[s][:, None], da_slot
                if not ACTIVATIONS[net.layers[li].activation].elementwise:
                    # softmax: every dL/dy_pred first, since each dL/dz needs all of them
                    b.add((n,), kind=K.OUTPUT_GRAD, iteration=it, sample=s, layer=l,
                          row=units[:, 0], value=layer.da[s], slot=da_slot[:, 0])
                    head_kind = head_col = head_value = head_slot = None
            else:  # one dL/da contribution from each unit j of the next layer
                m = r.layers[li + 1].weights.shape[0]
                head_kind = np.full(m, K.ACTIVATION_GRAD)
                head_col = np.arange(m)
                head_value = layer.da_running[s].T  # (n, m): running sum after unit j
                head_slot = np.broadcast_to(da_slot, (n, m))
            _unit_blocks(b, it, s, l, n, f, layer, head_kind, head_col, head_value, head_slot)


def _unit_blocks(b: _Builder, it: int, s: int, l: int, n: int, f: int, layer, head_kind,
                 head_col, head_value, head_slot) -> None:
    """Per unit j: [head...], dL/dz_j, dL/dw_j,k for each k, dL/db_j."""
    units = np.arange(n)[:, None]
    kind = np.concatenate([[K.Z_GRAD], np.full(f, K.WEIGHT_GRAD), [K.BIAS_GRAD]])
    col = np.concatenate([[-1], np.arange(f), [-1]])
    value = np.concatenate([layer.dz[s][:, None], layer.dw_running[s], layer.db_running[s][:, None]], axis=1)
    slot = np.concatenate([
        b.slots.slot("dz", it, l, s) + units,
        b.slots.slot("dw", it, l) + units * f + np.arange(f)[None, :],
        b.slots.slot("db", it, l) + units,
    ], axis=1)
    if head_kind is not None:
        kind = np.concatenate([head_kind, kind])
        col = np.concatenate([head_col, col])
        value = np.concatenate([head_value, value], axis=1)
        slot = np.concatenate([head_slot, slot], axis=1)
    b.add(value.shape, kind=kind, iteration=it, sample=s, layer=l, row=units,
          col=col, value=value, slot=slot)


def _update(b: _Builder, net: Network, r: IterationResult, it: int) -> None:
    """Per unit, per parameter (its weights, then its bias): the optimizer's operations,
    then the update itself; plain SGD has only the update."""
    ops = net.optimizer.ops
    op_kinds = [OP_KIND[op] for op in ops]
    for li, layer in enumerate(r.layers):
        l = li + 1
        n, f = layer.weights.shape
        units = np.arange(n)[:, None]
        kind = np.array([[*op_kinds, K.WEIGHT_UPDATE]] * f + [[*op_kinds, K.BIAS_UPDATE]])
        col = np.concatenate([np.arange(f), [-1]])[None, :, None]

        def stacked(w: np.ndarray, bias: np.ndarray) -> np.ndarray:
            return np.concatenate([w, bias[:, None]], axis=1)  # (n, f + 1): a unit's parameters

        def slots(w_quantity: str, b_quantity: str) -> np.ndarray:
            return stacked(b.slots.slot(w_quantity, it, l) + units * f + np.arange(f)[None, :],
                           b.slots.slot(b_quantity, it, l) + np.arange(n))

        values = [stacked(layer.weight_step.values[op], layer.bias_step.values[op]) for op in ops]
        value = np.stack([*values, stacked(layer.new_weights, layer.new_biases)], axis=2)
        slot = np.stack([*(slots(f"{op}:w", f"{op}:b") for op in ops), slots("w_new", "b_new")], axis=2)
        b.add(value.shape, kind=kind, iteration=it, layer=l, row=units[:, :, None], col=col,
              value=value, slot=slot)
