"""The program bench_app.py times for a graph built in Python: micrograd's MLP(2, [16, 16, 1])
over 100 seeded samples (bench_value.py's program, about 64,000 operation nodes), its loss
differentiated, then the debugger opened on it, as a user's script does.

    python benchmarks/graph_app.py

`n` steps and `q` quits, as in the debugger run from the command line.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_value import program  # noqa: E402

import tui_backprop as tb  # noqa: E402
from tui_backprop.nn import MLP  # noqa: E402


def main() -> None:
    """Build the model and its loss, trace the graph, run the debugger."""
    model, loss_of = program(tb.Value, MLP)
    loss = loss_of()
    loss.backward()
    # What `tui_backprop.app.run` does (and `tb.debug`, once it exists, will): nothing made
    # before the app runs is garbage, so the collector is off meanwhile and what was made
    # is frozen.
    gc.disable()
    try:
        from tui_backprop.app.app import BackpropApp

        app = BackpropApp(tb.graph_trace(loss, learning_rate=0.01, parameters=model.parameters()))
    finally:
        gc.freeze()
        gc.enable()
    app.run()
    sys.exit(app.return_code or 0)


if __name__ == "__main__":
    main()
