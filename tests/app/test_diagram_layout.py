"""The diagram's pure layout, compared as plain text (names only; values are the widget's)."""

from __future__ import annotations

import pytest

from tui_backprop.app.diagram_canvas import Canvas, edge_cells
from tui_backprop.app.diagram_layout import choose_units, diagram_layout, sketch, unit_name

SEED, MAZUR, XOR, SOFTMAX, MNIST = (1, 1, 1), (2, 2, 2), (2, 2, 1), (2, 3, 3), (784, 128, 10)


def draw(sizes, width, height, focus=(1, 0), current=None, edge=None) -> str:
    return sketch(sizes, diagram_layout(sizes, width, height, focus, current, edge))


def test_seed_is_one_line_of_nodes_with_a_weight_label_on_each_edge() -> None:
    assert draw(SEED, 60, 8) == """\

input (1)               hidden 1 (1)            output (1)
 x ──────────w────────── a1 ──────────w───────── y_pred




"""


def test_mazur_crosses_its_edges_like_a_textbook_figure() -> None:
    # One port row per edge: x[1] leaves from its first two rows, each edge has its own line.
    # 50 columns leave the crossing edges no room for labels: the weights are tables instead.
    assert draw(MAZUR, 50, 12, (1, 0), (2, 0), (2, 0, 1)) == """\
input (2)          hidden 1 (2)       output (2)
 x[1] ───────────── a1[1] ──────────── y_pred[1]
           ─╲  ────           ─╲  ────
             ╲╱                 ╲╱
             ╱╲                 ╱╲
 x[2]      ─╱  ──── a1[2]     ─╱  ──── y_pred[2]
           ────────           ────────


      w1    w       w     w2    w       w
            w       w           w       w
"""
    # With room, the labels are on the edges, each on its own line.
    assert draw(MAZUR, 64, 14, (1, 0)) == """\

input (2)                 hidden 1 (2)              output (2)
 x[1] ──────────w───────── a1[1] ─────────w───────── y_pred[1]
           ─╲    ────w────           ─╲    ────w────
             ╲  ╱                      ╲  ╱
              ╲╱                        ╲╱
              ╱╲                        ╱╲
             ╱  ╲                      ╱  ╲
 x[2]      ─╱    ────w──── a1[2]     ─╱    ────w──── y_pred[2]
           ───────w───────           ───────w───────



"""


def test_xor_fans_into_one_output() -> None:
    assert draw(XOR, 48, 9, (0, 1)) == """\
 x[1] ──────────── a1[1]     ─╲
           ─╲  ───             ╲
             ╲╱                 ──── y_pred
             ╱╲                ─────
 x[2]      ─╱  ─── a1[2]     ─╱
           ───────


"""


def test_softmax_draws_every_edge_where_45_degrees_fit_else_the_focused_units() -> None:
    # Between input and hidden every edge fits; between hidden and output the a1[1] edges
    # would be too steep, so that gap shows the focused a1[3]'s edges only.
    layout = diagram_layout(SOFTMAX, 60, 12, (1, 2))
    assert len(layout.edges) == 6 + 3
    assert sketch(SOFTMAX, layout) == """\
input (2)           hidden 1 (3)         output (3)
                  ── a1[1]          ╭──── y_pred[1]
                 ╱ ╱                │
 x[1]        ─╲─╳ ╱                 │
               ╲ ╳                  │
                ╳ ── a1[2]          │   ─ y_pred[2]
               ╱ ╳                  │  ╱
 x[2]        ───╳ ╲                 │ ╱
                 ╲ ╲                │╱
                  ── a1[3]        ─────── y_pred[3]

"""
    wide = diagram_layout(SOFTMAX, 120, 30, (1, 2))
    assert len(wide.edges) == 6 + 9


def test_mnist_collapses_and_draws_only_the_focused_units_edges() -> None:
    assert draw(MNIST, 50, 12, (1, 63), (2, 4), (2, 4, 63)) == """\
input (784)        hidden 1 (128)     output (10)
 x[1]      ──╲      a1[1]            ─ y_pred[1]
              ╲                     ╱
               ╲                   ╱
                ╲                 ╱
 x[2]      ────╲ ╲ ⋮ 62 more     ╱    ⋮ 3 more
                ─── a1[64]    ──────── y_pred[5]


⋮ 782 more
                   ⋮ 64 more          ⋮ 5 more
"""


def test_tiny_rooms_fall_back_to_one_row_per_layer() -> None:
    assert draw(MAZUR, 20, 3, (2, 1)) == " x[1]\n a1[1]\n y_pred[2]"
    assert draw(MNIST, 30, 3, (1, 100)) == " x[1]\n a1[101]\n y_pred[1]"
    # Fewer rows than layers: the rows around the focused layer.
    layout = diagram_layout(MNIST, 30, 1, (2, 3))
    assert [(n.layer, n.unit) for n in layout.nodes] == [(2, 3)]


def test_seed_one_by_one_is_a_clipped_mark() -> None:
    assert draw(SEED, 1, 1) == ""
    assert diagram_layout(SEED, 0, 5).form == "empty"


@pytest.mark.parametrize("sizes", [SEED, MAZUR, XOR, SOFTMAX, MNIST])
def test_any_room_from_1x1_to_200x60_stays_inside_it(sizes: tuple[int, ...]) -> None:
    for width in (1, 2, 3, 5, 8, 13, 21, 34, 55, 80, 89, 120, 144, 200):
        for height in (1, 2, 3, 5, 8, 9, 13, 14, 21, 34, 40, 60):
            focus = (len(sizes) - 1, sizes[-1] - 1)
            layout = diagram_layout(sizes, width, height, focus, (1, sizes[1] // 2))
            text = sketch(sizes, layout)
            lines = text.split("\n")
            assert len(lines) == height and all(len(line) <= width for line in lines)
            for node in layout.nodes:
                assert 0 <= node.x < width and 0 <= node.y < height
            for edge in layout.edges:
                assert all(0 <= x < width and 0 <= y < height for x, y, _ in edge.cells)
                if edge.label is not None:
                    x, y, room = edge.label
                    assert 0 <= x and x + room <= width and 0 <= y < height


@pytest.mark.parametrize("width,height", [(40, 12), (50, 14), (80, 9), (120, 40), (200, 60)])
@pytest.mark.parametrize("focus,current", [((1, 63), (1, 100)), ((0, 500), (2, 9)),
                                           ((2, 0), (1, 127)), ((1, 127), None)])
def test_collapsed_layers_keep_the_focused_and_current_units(width, height, focus, current) -> None:
    layout = diagram_layout(MNIST, width, height, focus, current)
    shown = {(n.layer, n.unit) for n in layout.nodes}
    assert focus in shown
    if current is not None:
        assert current in shown
    # Every hidden unit is accounted for by an ellipsis.
    for layer, size in enumerate(MNIST):
        units = sum(1 for n in layout.nodes if n.layer == layer)
        hidden = sum(m.hidden for m in layout.more if m.layer == layer)
        assert units + hidden == size


def test_the_active_weights_source_unit_shows_with_its_edge() -> None:
    layout = diagram_layout(MNIST, 80, 10, (1, 21), (1, 21), (1, 21, 39))
    assert layout.node(0, 39) is not None and layout.node(1, 21) is not None
    assert (1, 21, 39) in [(e.layer, e.unit, e.before) for e in layout.edges]


def test_small_layers_are_shown_whole_at_80x9_and_50x14() -> None:
    for sizes in (SEED, MAZUR, XOR):
        for width, height in ((80, 9), (50, 14), (40, 12)):
            layout = diagram_layout(sizes, width, height)
            assert layout.form == "graph" and len(layout.nodes) == sum(sizes)
            assert len(layout.edges) == sum(a * b for a, b in zip(sizes, sizes[1:]))


def test_weight_labels_on_the_edges_where_they_fit_else_in_a_table() -> None:
    wide = diagram_layout(MAZUR, 120, 20)
    assert all(edge.label is not None and not edge.in_table for edge in wide.edges)
    narrow = diagram_layout(MAZUR, 44, 12)
    assert all(edge.label is not None and edge.in_table for edge in narrow.edges)
    assert [text for _, _, text in narrow.legends] == ["w1", "w2"]
    # No rows left for a table: no labels at all, rather than some.
    low = diagram_layout(MAZUR, 44, 10)
    assert all(edge.label is None for edge in low.edges) and not low.legends
    mnist = diagram_layout(MNIST, 120, 40, (1, 3))
    assert all(edge.label is None for edge in mnist.edges) and not mnist.legends


def label_cells(edge) -> set[tuple[int, int]]:
    x, y, width = edge.label
    return {(x + i, y) for i in range(width)}


def text_cells(sizes, layout) -> set[tuple[int, int]]:
    """Cells that node texts, titles and the caption row may write: a tall node's name row
    is its mark and name, its other rows are all its width."""
    cells = set()
    for node in layout.nodes:
        name = len(unit_name(sizes, node.layer, node.unit))
        for row in range(node.height):
            width = 1 + name if row == 0 and layout.fmt == "tall" else node.width
            cells |= {(node.x + i, node.y + row) for i in range(width)}
    for x, y, text in (*layout.titles, *layout.legends):
        cells |= {(x + i, y) for i in range(len(text))}
    if layout.caption is not None:
        cells |= {(x, layout.caption) for x in range(layout.width)}
    return cells


@pytest.mark.parametrize("sizes", [SEED, MAZUR, XOR])
@pytest.mark.parametrize("width,height", [(40, 13), (40, 12), (44, 12), (64, 29), (98, 29)])
def test_every_weight_of_a_small_network_shows_at_80x24_and_120x40(sizes, width, height) -> None:
    # 40x13 is the diagram's content at 80x24, 64x29 at 120x40, 98x29 without the right panel.
    layout = diagram_layout(sizes, width, height, (1, 0))
    assert len(layout.edges) == sum(a * b for a, b in zip(sizes, sizes[1:]))
    assert all(edge.label is not None for edge in layout.edges)
    taken = text_cells(sizes, layout)
    seen: set[tuple[int, int]] = set()
    for edge in layout.edges:
        cells = label_cells(edge)
        assert all(0 <= x < width and 0 <= y < height for x, y in cells)
        assert not cells & taken, "a label over a node, a title or the caption"
        assert not cells & seen, "two labels in one place"
        seen |= cells
        others = {(x, y) for other in layout.edges if other is not edge for x, y, _ in other.cells}
        assert not cells & others, "a label over another edge"
        if not edge.in_table:  # on its own path, along a flat run
            assert cells <= {(x, y) for x, y, ch in edge.cells if ch == "─"}
    if width >= 64 or sizes == SEED:
        assert not any(edge.in_table for edge in layout.edges)  # on the edges, as in a textbook


def test_a_weight_table_is_the_matrix_rows_by_target_columns_by_source() -> None:
    layout = diagram_layout(MAZUR, 40, 13, (1, 0))
    assert [text for _, _, text in layout.legends] == ["w1", "w2"]
    place = {(e.layer, e.unit, e.before): e.label[:2] for e in layout.edges}
    for layer in (1, 2):
        (x11, y11), (x12, y12) = place[layer, 0, 0], place[layer, 0, 1]
        (x21, y21), (x22, y22) = place[layer, 1, 0], place[layer, 1, 1]
        assert y11 == y12 < y21 == y22 and x11 == x21 < x12 == x22
    # Under the figure, left of nothing: the first table is under the first gap.
    bottom = max(node.y + node.height for node in layout.nodes)
    assert min(y for _, y in place.values()) >= bottom
    legend_x = [x for x, _, _ in layout.legends]
    assert legend_x[0] < place[2, 0, 0][0] and legend_x[1] > place[1, 0, 1][0]


def test_the_active_edge_is_drawn_last_so_it_wins_at_crossings() -> None:
    layout = diagram_layout(MAZUR, 60, 12, (0, 0), (1, 1), (1, 1, 0))
    last = layout.edges[-1]
    assert (last.layer, last.unit, last.before) == (1, 1, 0)


def test_choose_units_shows_a_few_then_an_ellipsis_and_the_required_unit() -> None:
    assert choose_units(3, [], 20, 4, 1) == [("unit", 0), ("unit", 1), ("unit", 2)]
    assert choose_units(128, [63], 8, 1, 0) == [
        ("unit", 0), ("unit", 1), ("unit", 2), ("unit", 3), ("more", 59), ("unit", 63),
        ("more", 63), ("unit", 127)]
    assert choose_units(128, [63], 2, 4, 0) is None


def test_edge_cells_bend_at_45_degrees_or_at_a_right_angle_when_too_steep() -> None:
    assert edge_cells(0, 0, 5, 2, 2) == ((0, 0, "─"), (1, 0, "─"), (2, 0, "╲"), (3, 1, "╲"),
                                         (4, 2, "─"), (5, 2, "─"))
    canvas = Canvas(6, 3)
    canvas.line(edge_cells(0, 0, 5, 2, 2), "")
    canvas.line(edge_cells(0, 2, 5, 0, 1), "")
    assert canvas.text() == "──╲───\n  ╱╲\n─╱  ──"
    canvas = Canvas(4, 4)
    canvas.line(edge_cells(0, 3, 1, 0, 1), "")
    canvas.line(edge_cells(0, 1, 3, 1, 0), "")
    assert canvas.text() == " ╭\n─┼──\n │\n─╯"


def test_a_layer_that_does_not_fit_keeps_the_current_unit_first() -> None:
    # 40x9 has room for one hidden node only: the one the current step touches.
    layout = diagram_layout(MNIST, 40, 9, (1, 63), (1, 100))
    assert layout.node(1, 100) is not None and layout.node(1, 63) is None


def test_unit_names_follow_the_core() -> None:
    assert unit_name(SEED, 0, 0) == "x" and unit_name(SEED, 2, 0) == "y_pred"
    assert unit_name(MAZUR, 1, 1) == "a1[2]" and unit_name(MNIST, 0, 783) == "x[784]"


def test_edge_cells_clipped_to_a_window_are_the_visible_cells_only() -> None:
    # A graph thousands of columns wide (a long chain whose leaf feeds every link) draws
    # edges from its first column to its last: cells outside the window are not made.
    window = (12, 5)
    for x0, y0, x1, y1, start in [(-8, 1, 20, 3, 0), (-8, 4, 20, -2, 5), (3, 0, 6, 9, 4),
                                  (3, 9, 6, -9, 4), (-30, -1, 30, 2, -30), (0, 0, 5, 2, 2)]:
        whole = edge_cells(x0, y0, x1, y1, start)
        inside = tuple(c for c in whole if 0 <= c[0] < window[0] and 0 <= c[1] < window[1])
        assert edge_cells(x0, y0, x1, y1, start, window) == inside
    # Ten billion columns to the right: only the window's cells are made, at once.
    assert edge_cells(-5, 1, 10**10, 3, 2, window) == (
        (0, 1, "─"), (1, 1, "─"), (2, 1, "╲"), (3, 2, "╲"),
        *((x, 3, "─") for x in range(4, 12)))
    assert edge_cells(4, -10**10, 9, 10**10, 4, window) == tuple((4, y, "│") for y in range(5))
