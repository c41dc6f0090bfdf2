"""The network diagram widget in a tiny app: values, gradients, marks, sizes."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tui_backprop.app.themes import variable_defaults
from tui_backprop.app.view import View
from tui_backprop.app.widgets.network_diagram import STYLES, NetworkDiagram


class DiagramApp(App[None]):
    """Only the diagram, shown at one view."""

    def __init__(self, view: View) -> None:
        super().__init__()
        self.view = view

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return variable_defaults(self.current_theme)

    def compose(self) -> ComposeResult:
        yield NetworkDiagram(id="diagram")

    def on_mount(self) -> None:
        self.query_one(NetworkDiagram).show(self.view)


def view_at(trace, taken: int, **kwargs) -> View:
    current = trace[taken - 1] if taken else None
    focus = current.node if current is not None and current.node is not None else (1, 0)
    return View(trace, taken, kwargs.pop("focus", focus), **kwargs)


async def shown(view: View, size: tuple[int, int] = (80, 14)) -> tuple[str, NetworkDiagram]:
    app = DiagramApp(view)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        diagram = app.query_one(NetworkDiagram)
        return diagram.text, diagram


def node_lines(diagram: NetworkDiagram, layer: int, unit: int) -> list[str]:
    """The lines of one node's box, as shown."""
    width, height = diagram.size
    node = diagram.layout_for(width, height).node(layer, unit)
    assert node is not None
    lines = diagram.text.split("\n")
    return [lines[y][node.x:node.x + node.width] if y < len(lines) else ""
            for y in range(node.y, node.y + node.height)]


def style_at(diagram: NetworkDiagram, x: int, y: int) -> str:
    return diagram.paint(*diagram.size).styles[y][x]


async def test_at_the_start_no_computed_value_shows(trace_of) -> None:
    app = DiagramApp(view_at(trace_of("seed"), 0))
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.pause()
        diagram = app.query_one(NetworkDiagram)
        assert node_lines(diagram, 1, 0)[1:3] == [" z       · ", " a       · "]
        assert node_lines(diagram, 0, 0)[1].strip() == "=   2.000"  # inputs are data, not computed
        assert "1.100" not in diagram.text and "loss" not in diagram.text


async def test_after_the_first_step_z1_shows_on_its_node_as_the_changed_value(trace_of) -> None:
    app = DiagramApp(view_at(trace_of("seed"), 1))
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.pause()
        diagram = app.query_one(NetworkDiagram)
        a1 = node_lines(diagram, 1, 0)
        assert a1[0].startswith("▸a1 ─") and a1[1].strip() == "z   1.100"
        assert a1[2].strip() == "a       ·"
        assert "1.100" not in "".join(node_lines(diagram, 2, 0))
        node = diagram.layout_for(*diagram.size).node(1, 0)
        assert style_at(diagram, node.x + 1, node.y) == "name-active"  # the current node
        assert "reverse" in STYLES["name-active"] and "reverse" in STYLES["changed"]
        z_at = node.x + a1[1].index("1.100")
        assert style_at(diagram, z_at, node.y + 1) == "changed"


async def test_backward_gradients_show_on_their_nodes_and_edges_with_their_sign(trace_of) -> None:
    trace = trace_of("seed")
    app = DiagramApp(view_at(trace, 8))  # dL/dw2 just computed; dL/dz2 = -0.189
    async with app.run_test(size=(100, 14)) as pilot:
        await pilot.pause()
        diagram = app.query_one(NetworkDiagram)
        out = node_lines(diagram, 2, 0)
        assert out[3].strip() == "∂z -0.189"
        node = diagram.layout_for(*diagram.size).node(2, 0)
        assert style_at(diagram, node.x + out[3].index("-"), node.y + 3) == "negative"
        assert "∂-0.142" in diagram.text  # on the w2 edge, the value the step wrote
        assert "w2 0.300 ∂-0.142" in diagram.text.split("\n")[-1]  # the caption names it
        assert "━" in diagram.text  # the active edge in heavy lines, visible without colour
        assert "0.500" in diagram.text  # w1's edge still shows the weight itself


async def test_positive_gradients_are_coloured_positive(trace_of) -> None:
    trace = trace_of("mazur")
    app = DiagramApp(view_at(trace, 12, focus=(0, 0)))  # dL/dz2[1] = 0.138 known
    async with app.run_test(size=(100, 16)) as pilot:
        await pilot.pause()
        diagram = app.query_one(NetworkDiagram)
        out = node_lines(diagram, 2, 0)
        assert out[3].strip() == "∂z  0.138"
        node = diagram.layout_for(*diagram.size).node(2, 0)
        assert style_at(diagram, node.x + out[3].index("0.138"), node.y + 3) == "positive"


async def test_updated_weights_show_after_the_update(trace_of) -> None:
    trace = trace_of("seed")
    text, _ = await shown(view_at(trace, len(trace)), (100, 14))
    assert "→0.502" in text and "→0.314" in text
    assert "loss 0.156" in text


async def test_breakpoints_and_focus_are_marked_and_names_are_literal(trace_of) -> None:
    trace = trace_of("mazur")
    view = View(trace, 0, (1, 1), node_breakpoints=frozenset({(2, 0)}))
    app = DiagramApp(view)
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.pause()
        diagram = app.query_one(NetworkDiagram)
        assert node_lines(diagram, 2, 0)[0].startswith("●y_pred[1]")
        assert node_lines(diagram, 1, 1)[0].startswith("▸a1[2]")
        node = diagram.layout_for(*diagram.size).node(1, 1)
        assert style_at(diagram, node.x + 1, node.y) == "name-focus"
        # "[1]" would vanish if the names were read as markup.
        assert "x[1]" in diagram.text and "y_pred[2]" in diagram.text


async def test_a_batch_shows_the_current_sample_and_says_which(trace_of) -> None:
    trace = trace_of("xor")
    taken = next(s.index for s in trace if s.sample == 1) + 1  # z1[1] of the second sample
    app = DiagramApp(view_at(trace, taken))
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.pause()
        diagram = app.query_one(NetworkDiagram)
        assert diagram.border_subtitle == "sample 2 of 4"
        assert node_lines(diagram, 1, 0)[1].strip() == "z  -0.300"
        assert node_lines(diagram, 0, 1)[1].strip() == "=   1.000"  # x[2] of sample 2


async def test_mnist_collapses_and_shows_the_focused_unit(trace_of) -> None:
    trace = trace_of("mnist-mlp")
    view = View(trace, 3, (1, 100))
    text, _ = await shown(view, (80, 14))
    assert "a1[101]" in text and "a1[2]" in text  # focused, and the current step's unit
    assert "more" in text


async def test_any_size_from_1x1_up_never_crashes(trace_of) -> None:
    trace = trace_of("mazur")
    app = DiagramApp(view_at(trace, 20))
    async with app.run_test(size=(80, 24)) as pilot:
        for width, height in ((1, 1), (2, 2), (5, 3), (12, 4), (30, 6), (50, 14), (120, 40),
                              (200, 60), (3, 50)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            diagram = app.query_one(NetworkDiagram)
            lines = diagram.text.split("\n")
            assert len(lines) <= max(height, 1) and all(len(line) <= width for line in lines)


async def test_at_80x24_the_seeds_weights_show_on_its_edges(trace_of) -> None:
    # 40x13 is the diagram's content area at the SSH default terminal size.
    text, diagram = await shown(view_at(trace_of("seed"), 0), (40, 13))
    edge_row = next(line for line in text.split("\n") if line.lstrip().startswith("x "))
    assert "0.500" in edge_row and "0.300" in edge_row  # w1 and w2, on the line of the edges
    assert "a1" in edge_row and "y_pred" in edge_row  # names untouched


async def test_at_80x24_mazurs_weights_show_as_matrices_under_the_figure(trace_of) -> None:
    trace = trace_of("mazur")
    text, _ = await shown(view_at(trace, 0), (40, 13))
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if "w1" in line)
    assert lines[first].split() == ["w1", "0.150", "0.200", "w2", "0.400", "0.450"]
    assert lines[first + 1].split() == ["0.250", "0.300", "0.500", "0.550"]
    assert "x[2]" in text and "y_pred[2]" in text and "z       ·" in text  # nodes whole
    # After the update, every entry shows its new value.
    text, _ = await shown(view_at(trace, len(trace)), (40, 13))
    assert "→0.359" in text and "→0.561" in text


async def test_the_active_weight_is_underlined_in_its_table(trace_of) -> None:
    trace = trace_of("mazur")
    taken = 21  # dL/da1[1] += w2[2,1] · dL/dz2[2]: the active weight is w2[2,1]
    assert trace[taken - 1].edge == (2, 1, 0)
    app = DiagramApp(view_at(trace, taken))
    async with app.run_test(size=(40, 13)) as pilot:
        await pilot.pause()
        diagram = app.query_one(NetworkDiagram)
        edge = next(e for e in diagram.layout_for(*diagram.size).edges
                    if (e.layer, e.unit, e.before) == (2, 1, 0))
        assert edge.in_table
        x, y, width = edge.label
        line = diagram.text.split("\n")[y]
        assert line[x:x + width].strip() == "∂-0.023"
        assert style_at(diagram, x + width - 1, y) == "negative-active"
        assert "underline" in STYLES["negative-active"]  # visible without colour
        other = next(e for e in diagram.layout_for(*diagram.size).edges
                     if (e.layer, e.unit, e.before) == (2, 0, 0))
        ox, oy, ow = other.label
        assert style_at(diagram, ox + ow - 1, oy) == "positive"  # ∂0.082, not active
