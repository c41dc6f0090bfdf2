"""The naming scheme of every quantity in a trace (documented in the README).

- Layers count from 1 (the input is layer 0). Units and samples count from 1 in names.
- An index is shown only where a dimension has more than one element: the seed's
  1-1-1 network has z1, a1, w1, b1, y_pred; a 2-2-2 network has z1[2], w2[1,2], y_pred[1].
- w{l}[j,k] is the weight from unit k of layer l-1 to unit j of layer l; b{l}[j] its bias.
- Inputs are x (or x[k]), targets y (or y[j]); the output layer's activations are y_pred.
- In a batch, per-sample quantities carry the sample as a superscript: z1⁽²⁾, loss⁽²⁾.
- Gradients are dL/d<name>; the loss is `loss`.
"""

from __future__ import annotations

from .network import Network

_SUPERSCRIPT = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")


class Names:
    """Display names for the quantities of one network."""

    def __init__(self, net: Network) -> None:
        self.sizes = net.sizes
        self.depth = len(net.layers)
        self.batched = net.batch_size > 1

    def sample(self, s: int | None) -> str:
        """The sample mark for 0-based sample s ("" outside a batch)."""
        if s is None or s < 0 or not self.batched:
            return ""
        return f"({s + 1})".translate(_SUPERSCRIPT)

    def _index(self, layer: int, j: int | str) -> str:
        if self.sizes[layer] == 1:
            return ""
        return f"[{j + 1 if isinstance(j, int) else j}]"

    def z(self, layer: int, j: int | str, s: int | None = None) -> str:
        """Pre-activation of unit j of a layer (1-based layer)."""
        return f"z{layer}{self._index(layer, j)}{self.sample(s)}"

    def a(self, layer: int, j: int | str, s: int | None = None) -> str:
        """Activation of unit j: x for layer 0, y_pred for the output layer."""
        stem = "x" if layer == 0 else "y_pred" if layer == self.depth else f"a{layer}"
        return f"{stem}{self._index(layer, j)}{self.sample(s)}"

    def y(self, j: int | str, s: int | None = None) -> str:
        """Target of output j."""
        return f"y{self._index(self.depth, j)}{self.sample(s)}"

    def w(self, layer: int, j: int | str, k: int | str) -> str:
        """Weight from unit k of layer-1 to unit j of layer."""
        if self.sizes[layer] == 1 and self.sizes[layer - 1] == 1:
            return f"w{layer}"
        jj = j + 1 if isinstance(j, int) else j
        kk = k + 1 if isinstance(k, int) else k
        return f"w{layer}[{jj},{kk}]"

    def b(self, layer: int, j: int | str) -> str:
        """Bias of unit j of a layer."""
        return f"b{layer}{self._index(layer, j)}"

    def loss(self, s: int | None = None) -> str:
        """The batch loss (s None) or one sample's loss."""
        return "loss" + self.sample(s)

    @staticmethod
    def grad(name: str) -> str:
        """dL/d<name>."""
        return f"dL/d{name}"
