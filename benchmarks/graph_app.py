"""The program bench_app.py times for a graph built in Python: micrograd's MLP(2, [16, 16, 1])
over 100 seeded samples (bench_value.py's program, about 64,000 operation nodes), its loss
differentiated, then the debugger opened on it with `tb.debug`, as a user's script does.

    python benchmarks/graph_app.py

`n` steps and `q` quits, as in the debugger run from the command line. With the environment
variable TB_BENCH_MODEL_TIME set to a file name, the seconds the script's own work took
(the model, its data, the forward and backward pass) are written there, so that bench_graph_app.py can tell the
debugger's start-up from the model's; nothing extra is written to the terminal.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_value import program  # noqa: E402

import tui_backprop as tb  # noqa: E402
from tui_backprop.nn import MLP  # noqa: E402


def main() -> None:
    """Build the model and its loss, differentiate it, open the debugger on it."""
    start = time.perf_counter()
    model, loss_of = program(tb.Value, MLP)
    loss = loss_of()
    loss.backward()
    seconds = time.perf_counter() - start
    record = os.environ.get("TB_BENCH_MODEL_TIME")
    if record:
        Path(record).write_text(f"{seconds:.6f}\n", encoding="ascii")
    tb.debug(loss, learning_rate=0.01, parameters=model.parameters())


if __name__ == "__main__":
    main()
