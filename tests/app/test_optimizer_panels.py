"""The gradient panel shows the optimizer's state (momentum buffer, Adam's m and v) of
the iteration on show, next to each update, for networks and graphs."""

from __future__ import annotations

import dataclasses

import tui_backprop as tb
from tui_backprop.app.view import View
from tui_backprop.app.widgets.gradient_panel import GradientPanel
from tui_backprop.core import parse_network
from tui_backprop.core.optim import DEFAULTS


def _cells(view: View) -> dict[str, object]:
    return {cell.name: cell for section in GradientPanel().sections(view) for cell in section}


def test_network_panel_shows_the_moments() -> None:
    trace = tb.build_trace(dataclasses.replace(tb.example("seed"), optimizer=DEFAULTS["adam"]), 2)
    per = len(trace) // 2
    first_m = next(i for i in range(per, 2 * per) if trace[i].target == "m[w1]")
    cells = _cells(View(trace, first_m + 1, (1, 0)))  # iteration 2, m[w1] just written
    assert cells["m[w1]"].value == trace.results[1].layers[0].weight_step.state["m"][0, 0]
    assert cells["m[w1]"].changed and cells["v[w1]"].value is None and cells["m[b2]"].value is None
    assert any(name.startswith("updates: adam (betas 0.9, 0.999") for name in cells)
    plain = _cells(View(tb.build_trace(tb.example("seed"), 1), 17, (1, 0)))
    assert not any(name.startswith(("m[", "v[", "buf[")) for name in plain)
    assert "updates: p ← p - 0.1 · dL/dp" in plain


def test_graph_panel_shows_the_momentum() -> None:
    data = {"learning_rate": 0.1, "optimizer": "momentum", "inputs": {"x": 2.0},
            "parameters": {"w": 1.0}, "nodes": {"L": "w*x"}}
    trace = tb.build_trace(parse_network(data, "g.toml"), 2)
    cells = _cells(View(trace, len(trace), (0, 0)))
    assert cells["buf[w]"].value == 3.8  # 0.9·2 + 2


def test_edit_diffs_name_the_optimizer_slots() -> None:
    from tui_backprop.app.edit_diff import graph_slot_name, slot_name

    trace = tb.build_trace(dataclasses.replace(tb.example("xor"), optimizer=DEFAULTS["adamw"]), 1)
    names = [slot_name(trace.names, trace.slots.info(trace.slots.slot(q, 0, 2, 0, 0, 1)))
             for q in ("m:w", "v_hat:w", "decoupled:w", "w_new")]
    assert names == ["m[w2[1,2]]", "v̂[w2[1,2]]", "w2[1,2] decayed", "w2[1,2] updated"]
    data = {"learning_rate": 0.1, "optimizer": "adam", "inputs": {"x": 2.0},
            "parameters": {"w": 1.0}, "nodes": {"L": "w*x"}}
    graph = tb.build_trace(parse_network(data, "g.toml"), 1)
    assert [graph_slot_name(graph, int(s)) for s in graph.table.slot[-5:]] == [
        "m[w]", "v[w]", "m̂[w]", "v̂[w]", "w updated"]
