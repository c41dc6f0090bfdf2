"""What a computation graph looks like in the debugger: SVG snapshots of micrograd's lecture
graph and CS231n's sigmoid neuron at 80x24 and 120x40, at the start, mid-forward,
mid-backward and the end.

A changed look fails here; if the change is wanted, look at the new pictures in
snapshot_report.html, then accept them with
`pytest tests/app/test_graph_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest
from test_snapshots import LARGE, SMALL, SnapCompare, at_step, debugger

POSITIONS: dict[str, dict[str, int]] = {
    # Steps taken (see `tui-backprop trace --example NAME`).
    # micrograd-lecture at 7: dL/de = dL/dd · ∂d/∂e, the gradient passing through the +.
    "micrograd-lecture": {"start": 0, "mid-forward": 2, "mid-backward": 7, "end": 14},
    # cs231n-neuron at 12: df/dneg through exp; at 4 the forward pass reaches dot.
    "cs231n-neuron": {"start": 0, "mid-forward": 4, "mid-backward": 12, "end": 21},
}
CASES = [(graph, size, position)
         for graph in POSITIONS for size in (SMALL, LARGE) for position in POSITIONS[graph]]


@pytest.mark.parametrize(("graph", "size", "position"), CASES,
                         ids=[f"{g}-{w}x{h}-{p}" for g, (w, h), p in CASES])
def test_graph_size_and_position(snap_compare: SnapCompare, graph: str, size: tuple[int, int],
                                 position: str) -> None:
    app = debugger(graph)
    assert snap_compare(app, terminal_size=size, run_before=at_step(POSITIONS[graph][position]))
