"""The debugger on computation graphs, next to a bare Textual app and the MLP example, in a
real pty (bench_app.py's method: its PtySession, environment and figures).

    python benchmarks/bench_graph_app.py [--runs 3] [--presses 30]

Programs, interleaved in one run:

- bare: benchmarks/bare_app.py, the yardstick for key presses;
- mnist-mlp: `python -m tui_backprop --example mnist-mlp`, the yardstick for start-up;
- micrograd-lecture: the built-in graph example;
- graph-64k: benchmarks/graph_app.py, a Python program that builds micrograd's
  MLP(2, [16, 16, 1]) loss over 100 samples (~64,000 operation nodes, 186,638 steps),
  differentiates it and opens the debugger on `tb.graph_trace(loss, ...)`. Its start-up
  includes the program's own forward and backward pass.

graph-64k's start-up is shown twice: whole (process start to first screen, the script's
model included) and the debugger's part of it (the same less the seconds the script spends
on its own model, data, forward and backward pass before it calls `tb.debug`, which the
script records in $TB_BENCH_MODEL_TIME): what opening the debugger costs, next to what
mnist-mlp's whole start-up costs.

Targets (the graph issue): graph-64k's start-up <= 1.5x mnist-mlp's; every graph's key
press <= 3x bare's. It prints; it asserts nothing.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import sys
import tempfile
from pathlib import Path

from bench_app import APP, BARE, HERE, environment, presses, print_table, startup

GRAPH_APP = [sys.executable, str(HERE / "graph_app.py")]


def main() -> None:
    """Run every measurement and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="start-ups of each program (default 3)")
    parser.add_argument("--presses", type=int, default=30, help="key presses per program (default 30)")
    options = parser.parse_args()
    for folder in (HERE.parent / "tui_backprop", HERE):  # as installed: bytecode cached
        compileall.compile_dir(folder, quiet=1)
    programs = {
        "bare": BARE,
        "mnist-mlp": [*APP, "--example", "mnist-mlp"],
        "micrograd-lecture": [*APP, "--example", "micrograd-lecture", "--iterations", "5"],
        "graph-64k": GRAPH_APP,
    }
    with tempfile.TemporaryDirectory() as config_home:
        env = environment(False, config_home)
        starts: dict[str, list[float]] = {name: [] for name in programs}
        debugger: list[float] = []  # graph-64k's start-ups less the script's own model
        model: list[float] = []  # the seconds the script's own model took
        record = Path(config_home) / "model-seconds"
        for _ in range(options.runs):  # interleaved, so noise hits every program alike
            for name, argv in programs.items():
                if name == "graph-64k":
                    record.unlink(missing_ok=True)
                    seconds = startup(argv, {**env, "TB_BENCH_MODEL_TIME": str(record)})
                    starts[name].append(seconds)
                    model.append(float(record.read_text(encoding="ascii")))
                    debugger.append(seconds - model[-1])
                else:
                    starts[name].append(startup(argv, env))
        keys = {name: presses(argv, env, options.presses) for name, argv in programs.items()}

    print(f"80x24, TERM=xterm-256color (256 colours), {options.runs} start-ups, "
          f"{options.presses} presses of n; times in ms")
    print_table(programs, starts, keys, "mnist-mlp", 18)
    reference = statistics.median(starts["mnist-mlp"])
    opening = statistics.median(debugger)
    print(f"graph-64k less its script's own model ({statistics.median(model) * 1000:.0f} ms): "
          f"{opening * 1000:.1f} ms = {opening / reference:.2f}x mnist-mlp")
    print("targets: graph-64k start-up <= 1.50x mnist-mlp, key press <= 3.00x bare")


if __name__ == "__main__":
    main()
