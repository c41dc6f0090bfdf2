"""A huge value (a learning rate of 1e308 makes updates of ~1e306) shows whole in the
panels, in scientific form, instead of a digit string cut off at the panel's edge."""

from __future__ import annotations

import tui_backprop as tb
from tui_backprop.app.app import BackpropApp
from tui_backprop.app.widgets.cells import Cell, value_text
from tui_backprop.core.config import decode, parse_network
from tui_backprop.core.examples import example_text


def test_a_cell_shows_a_huge_value_in_scientific_form() -> None:
    assert value_text(Cell("w1", 2.1246e306, before=0.5), 3) == "0.500 → 2.125e+306"
    assert value_text(Cell("dL/dw1", -1e308), 3) == "-1.000e+308"


async def test_huge_updates_fit_the_gradient_panel() -> None:
    seed = decode(example_text("seed"), "seed")
    net = parse_network({**seed, "learning_rate": 1e308}, "huge.toml")
    app = BackpropApp(tb.build_trace(net))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G")
        await pilot.pause()
        panel = app.screen.query_one("#gradients")
        drawn = [panel.render_line(y).text.rstrip() for y in range(panel.size.height)]
        step = app.screen.query_one("#step")
        explained = [step.render_line(y).text.rstrip() for y in range(step.size.height)]
    rows = {line.split()[0]: line for line in drawn if line.strip()}
    assert rows["w1"].endswith("0.500 → 2.125e+306")
    assert rows["b2"].endswith("0.200 → 1.890e+307")
    assert rows["dL/dw1"].endswith("-0.021")
    assert "   = 1.890e+307" in explained


async def test_huge_weights_fit_the_diagrams_labels() -> None:
    """At 80x24 a weight's label has six cells: -4.386e+304 shows as -4e304, not cut."""
    mazur = decode(example_text("mazur"), "mazur")
    app = BackpropApp(tb.build_trace(parse_network({**mazur, "learning_rate": 1e308}, "huge.toml")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G")
        await pilot.pause()
        diagram = app.screen.query_one("#diagram")
        drawn = [diagram.render_line(y).text for y in range(diagram.size.height)]
    table = [line.split() for line in drawn if line.strip().startswith("w1")]
    assert table and table[0][1:] == ["→-4e304", "→-9e304", "w2", "→-8e306", "→-8e306"]
