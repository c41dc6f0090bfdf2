"""tui_backprop.Value against micrograd 0.1.0 on the same program, in one run.

    pip install -e ".[bench]"        # micrograd 0.1.0
    python benchmarks/bench_value.py [--runs 5]

The program: `random.seed(1337)`, `MLP(2, [16, 16, 1])`, 100 random samples, the sum of
squared errors over them (about 64,000 operation nodes), then `loss.backward()`. Each side
runs it in its own subprocess (so neither pays for the other's imports or garbage), the
sides interleaved so that machine noise hits both alike; building the model and the data
is not timed, the forward pass and the backward pass are (together, and apart). Most of
micrograd's time is the garbage collector walking its objects (a closure, its cells, a set
and a dict per value); a second pair of runs with the collector off shows the rest.

A third child times what the debugger adds on top of our forward+backward: `graph_spec(loss)`
(the converter) and, where the graph trace builder exists, `graph_trace(loss)` and reading
its first, middle and last step (with their explain() text).

Targets: our forward+backward no slower than micrograd's, and graph_trace + reading steps at
most micrograd's forward+backward. It also checks that both compute the same loss (bit for
bit) and gradients (to 1e-12: micrograd's set order decides how fan-in sums associate).
It prints; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
SIZES = [16, 16, 1]
SAMPLES = 100


def _maxrss_mb() -> float:
    """Peak resident memory of this process so far (VmHWM), MB."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def program(Value: type, MLP: type) -> tuple[object, object]:
    """The seeded model and the loss function over 100 seeded samples (not timed)."""
    random.seed(1337)
    model = MLP(2, SIZES)
    rng = random.Random(42)
    xs = [[rng.uniform(-2, 2), rng.uniform(-2, 2)] for _ in range(SAMPLES)]
    ys = [rng.choice([-1.0, 1.0]) for _ in range(SAMPLES)]

    def loss() -> object:
        return sum(((model(x) - y) ** 2 for x, y in zip(xs, ys)), Value(0.0))
    return model, loss


def run_side(side: str, collect: bool = True) -> dict[str, object]:
    """Forward and backward with one side's Value; runs in a child process."""
    import gc
    if side == "micrograd":
        from micrograd.engine import Value
        from micrograd.nn import MLP
        sys.setrecursionlimit(20_000)  # micrograd sorts the graph by recursion
    else:
        from tui_backprop.engine import Value
        from tui_backprop.nn import MLP
    model, loss_of = program(Value, MLP)
    base = _maxrss_mb()
    if not collect:
        gc.disable()
    start = time.perf_counter()
    loss = loss_of()
    middle = time.perf_counter()
    loss.backward()
    end = time.perf_counter()
    result: dict[str, object] = {"seconds": end - start, "forward": middle - start, "backward": end - middle,
                                 "rss_growth_mb": _maxrss_mb() - base, "loss": loss.data,
                                 "grads": [p.grad for p in model.parameters()]}
    if side == "ours":
        from tui_backprop.engine import topological_order
        result["nodes"] = len(topological_order(loss))
    return result


def run_trace() -> dict[str, object]:
    """The converter and the graph trace on our loss; runs in a child process."""
    import tui_backprop as tb
    from tui_backprop.nn import MLP
    from tui_backprop.value_graph import graph_spec
    model, loss_of = program(tb.Value, MLP)
    loss = loss_of()
    loss.backward()
    start = time.perf_counter()
    spec = graph_spec(loss, learning_rate=0.01, parameters=model.parameters())
    converted = time.perf_counter()
    result: dict[str, object] = {"spec_seconds": converted - start, "spec_nodes": len(spec.nodes)}
    try:
        import tui_backprop.core.graph.trace  # noqa: F401
    except ImportError:
        return result
    start = time.perf_counter()
    trace = tb.graph_trace(loss, learning_rate=0.01, parameters=model.parameters())
    n = len(trace)
    texts = [trace[i].explain() for i in (0, n // 2, n - 1)]
    result.update(trace_seconds=time.perf_counter() - start, steps=n, text_chars=sum(map(len, texts)))
    return result


def child(args: list[str]) -> dict[str, object]:
    done = subprocess.run([sys.executable, str(HERE), "--child", *args], capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"benchmark child {args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each side (default 5)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        which = args.child[0]
        print(json.dumps(run_trace() if which == "trace" else run_side(which, args.child[-1] != "nogc")))
        return
    try:
        import micrograd  # noqa: F401
    except ImportError:
        sys.exit('micrograd is not installed: pip install -e ".[bench]"')

    runs: dict[str, list[dict]] = {"ours": [], "micrograd": [], "trace": [], "ours-nogc": [], "micrograd-nogc": []}
    for _ in range(args.runs):  # interleaved, so that machine noise hits all alike
        for side in runs:
            runs[side].append(child(side.split("-")))

    def figure(side: str, key: str, pick=statistics.median) -> float:
        return pick(r[key] for r in runs[side])

    ours, theirs = runs["ours"][0], runs["micrograd"][0]
    worst = max(abs(a - b) / max(1.0, abs(b)) for a, b in zip(ours["grads"], theirs["grads"]))
    print(f"micrograd's MLP(2, {SIZES}) over {SAMPLES} samples, sum of squared errors: "
          f"{ours['nodes']:,} values in the graph")
    print()
    print(f"{'':38} {'ours':>9} {'micrograd':>10} {'ours/micrograd':>15}")
    rows = [(f"forward+backward (median of {args.runs}), s", "seconds", statistics.median),
            ("forward+backward (best run), s", "seconds", min),
            ("  forward (median), s", "forward", statistics.median),
            ("  backward (median), s", "backward", statistics.median),
            ("RSS growth over the work, MB", "rss_growth_mb", max),
            ("forward+backward, gc off (median), s", "seconds", statistics.median)]
    for label, key, pick in rows:
        suffix = "-nogc" if "gc off" in label else ""
        a, b = figure("ours" + suffix, key, pick), figure("micrograd" + suffix, key, pick)
        print(f"{label:38} {a:9.4f} {b:10.4f} {a / b:15.4f}")
    mg_time = figure("micrograd", "seconds")
    print(f"{'graph_spec(loss) (converter), s':38} {figure('trace', 'spec_seconds'):9.4f} {mg_time:10.4f} "
          f"{figure('trace', 'spec_seconds') / mg_time:15.4f}")
    if "trace_seconds" in runs["trace"][0]:
        t = figure("trace", "trace_seconds")
        print(f"{'graph_trace + steps first/mid/last, s':38} {t:9.4f} {mg_time:10.4f} {t / mg_time:15.4f}")
        print(f"  ({runs['trace'][0]['steps']:,} steps, {runs['trace'][0]['spec_nodes']:,} graph nodes)")
    else:
        print("graph_trace: tui_backprop.core.graph.trace is not here; only the converter was timed")
    print()
    speed = mg_time / figure("ours", "seconds")
    print(f"ours is {speed:.2f}x micrograd's speed (target >= 1): {'met' if speed >= 1 else 'NOT met'}")
    print(f"same numbers: loss {'bit-identical' if ours['loss'] == theirs['loss'] else 'DIFFERENT'}, "
          f"largest relative gradient difference {worst:.2e}")


if __name__ == "__main__":
    main()
