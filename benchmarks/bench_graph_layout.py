"""The graph diagram's set-up on the 64,000-node graph of graph_app.py: its layout
(`layout_of`), the number widths and the column widths, each timed fresh (caches cleared),
in this process, without a profiler.

    python benchmarks/bench_graph_layout.py [--runs 3]

Target (the layout issue): all three together <= 40 ms. It prints; it asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_value import program  # noqa: E402

import tui_backprop as tb  # noqa: E402
from tui_backprop.nn import MLP  # noqa: E402


def main() -> None:
    """Build the graph's trace as graph_app.py does, then time its diagram's set-up."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed set-ups (default 3)")
    runs = parser.parse_args().runs
    model, loss_of = program(tb.Value, MLP)
    trace = tb.graph_trace(loss_of(), learning_rate=0.01, parameters=model.parameters())
    gc.collect()
    gc.freeze()  # as graph_app.py: what was built before the app is frozen

    from tui_backprop.app import graph_layout, graph_picture
    from tui_backprop.app.graph_paint import GraphMarks
    from tui_backprop.app.trace_kinds import layout_of

    times: dict[str, list[float]] = {"layout": [], "number widths": [], "column widths": [], "total": []}
    for _ in range(runs):
        graph_layout._LAST.clear()
        graph_picture._WIDTHS.clear()
        graph_picture._COLUMNS.clear()
        start = time.perf_counter()
        layout_of(trace)
        laid = time.perf_counter()
        numbers = graph_picture.number_widths(trace, 3)
        numbered = time.perf_counter()
        marks = GraphMarks(value=lambda i: None, grad=lambda i: None, label=lambda i: "", numbers=numbers)
        graph_picture._column_widths(trace, marks)
        done = time.perf_counter()
        for name, seconds in zip(times, (laid - start, numbered - laid, done - numbered, done - start)):
            times[name].append(seconds * 1000)
    print(f"{len(trace.spec.nodes)} nodes, {runs} runs; ms")
    for name, values in times.items():
        print(f"{name:14} median {statistics.median(values):7.1f}  min {min(values):7.1f}")
    print("target: total <= 40 ms")


if __name__ == "__main__":
    main()
