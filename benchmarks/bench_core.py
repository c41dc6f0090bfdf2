"""The core's trace of mnist-mlp (784-128-10) next to micrograd's forward+backward of the
same network, in one run.

    pip install -e ".[bench]"        # micrograd 0.1.0
    python benchmarks/bench_core.py [--runs 3]

Each side runs in its own subprocess (so neither pays for the other's imports or
garbage), several times, timed after its imports:

- ours: `tb.example("mnist-mlp")` (config, seeded init), `tb.build_trace(net)`, then
  reading steps (first, middle, last, with their explain() text) and a TraceState value;
- micrograd: micrograd.nn.MLP(784, [128, 10]) (relu hidden, linear outputs) given our
  weights, then the forward pass, the loss, and `loss.backward()`. The loss is the same
  softmax cross-entropy ours computes, written with micrograd Values: exp and log are
  added as two Value ops in micrograd's own style (micrograd 0.1.0 has neither). Building
  the MLP is not timed (only forward+backward is).

Figures: the median time, the peak resident memory of the process (VmHWM), its
growth over the work (peak minus the peak after the imports), and the peak of the work
under tracemalloc (a separate run, since tracing slows both). Targets (issue 2): ours
<= 1/20 of micrograd's time, and a lower peak memory. It also checks that micrograd's
gradients equal ours. It prints; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve()


def _maxrss_mb() -> float:
    """Peak resident memory of this process so far, MB.

    On Linux VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's peak at the
    fork (it survives the exec), which would charge both sides with this script's memory.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux, bytes on macOS


def run_ours(trace_memory: bool) -> dict[str, float]:
    """Build the trace and read a few steps; runs in a child process."""
    import tui_backprop as tb
    base = _maxrss_mb()
    if trace_memory:
        tracemalloc.start()
    start = time.perf_counter()
    net = tb.example("mnist-mlp")
    trace = tb.build_trace(net)
    n = len(trace)
    texts = [trace[i].explain() for i in (0, n // 2, n - 1)]
    state = trace.state(n // 2)
    known = state.value(int(trace.table.slot[n // 2 - 1]))
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if trace_memory else 0
    assert n == 205_245 and len(texts) == 3 and known is not None
    return {"seconds": elapsed, "rss_mb": _maxrss_mb(), "rss_growth_mb": _maxrss_mb() - base,
            "traced_mb": peak / 2**20, "loss": trace.results[0].loss}


def run_micrograd(weights_file: str, trace_memory: bool) -> dict[str, float]:
    """Forward+backward of the same network with micrograd; runs in a child process."""
    from micrograd.engine import Value
    from micrograd.nn import MLP

    def exp(v: Value) -> Value:
        out = Value(math.exp(v.data), (v,), "exp")

        def _backward() -> None:
            v.grad += out.data * out.grad
        out._backward = _backward
        return out

    def log(v: Value) -> Value:
        out = Value(math.log(v.data), (v,), "log")

        def _backward() -> None:
            v.grad += out.grad / v.data
        out._backward = _backward
        return out

    # Value.backward sorts the graph by recursion, as deep as the longest chain of Values
    # (a neuron's sum of 784 terms is a chain of 785 additions): past Python's default 1000.
    sys.setrecursionlimit(20_000)
    with open(weights_file, "rb") as f:
        data = pickle.load(f)
    model = MLP(len(data["x"]), [len(b) for b in data["biases"]])
    for layer, w, b in zip(model.layers, data["weights"], data["biases"]):
        for neuron, row, bias in zip(layer.neurons, w, b):
            for p, value in zip(neuron.w, row):
                p.data = value
            neuron.b.data = bias
    base = _maxrss_mb()
    if trace_memory:
        tracemalloc.start()
    start = time.perf_counter()
    logits = model(data["x"])
    # softmax cross-entropy, shifted by the largest logit as ours is (a constant: no gradient)
    top = max(v.data for v in logits)
    exps = [exp(v - top) for v in logits]
    total = sum(exps[1:], exps[0])
    loss = sum((-t * (log(e) - log(total)) for t, e in zip(data["y"], exps) if t), Value(0.0))
    loss.backward()
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if trace_memory else 0
    grads = [[[p.grad for p in n.w] for n in layer.neurons] for layer in model.layers]
    bias_grads = [[n.b.grad for n in layer.neurons] for layer in model.layers]
    with open(weights_file + ".grads", "wb") as f:
        pickle.dump({"dw": grads, "db": bias_grads}, f)
    return {"seconds": elapsed, "rss_mb": _maxrss_mb(), "rss_growth_mb": _maxrss_mb() - base,
            "traced_mb": peak / 2**20, "loss": loss.data}


def child(args: list[str]) -> dict[str, float]:
    done = subprocess.run([sys.executable, str(HERE), "--child", *args], capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"benchmark child {args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each side (default 3)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        which, memory, *rest = args.child
        result = run_ours(memory == "1") if which == "ours" else run_micrograd(rest[0], memory == "1")
        print(json.dumps(result))
        return

    try:
        import micrograd  # noqa: F401
    except ImportError:
        sys.exit('micrograd is not installed: pip install -e ".[bench]"')
    import numpy as np

    import tui_backprop as tb

    net = tb.example("mnist-mlp")
    trace = tb.build_trace(net)
    with tempfile.TemporaryDirectory() as tmp:
        weights_file = str(Path(tmp) / "weights.pkl")
        with open(weights_file, "wb") as f:
            pickle.dump({"x": net.x[0].tolist(), "y": net.y[0].tolist(),
                         "weights": [layer.weights.tolist() for layer in net.layers],
                         "biases": [layer.biases.tolist() for layer in net.layers]}, f)
        runs = {"ours": [], "micrograd": []}
        for _ in range(args.runs):  # interleaved, so that machine noise hits both alike
            runs["ours"].append(child(["ours", "0"]))
            runs["micrograd"].append(child(["micrograd", "0", weights_file]))
        traced = {"ours": child(["ours", "1"]), "micrograd": child(["micrograd", "1", weights_file])}
        with open(weights_file + ".grads", "rb") as f:
            grads = pickle.load(f)

    worst = 0.0
    for layer, dw, db in zip(trace.results[0].layers, grads["dw"], grads["db"]):
        worst = max(worst, float(np.max(np.abs(layer.dw - np.array(dw)))),
                    float(np.max(np.abs(layer.db - np.array(db)))))
    loss_gap = abs(runs["ours"][0]["loss"] - runs["micrograd"][0]["loss"])

    def figure(side: str, key: str, pick=statistics.median) -> float:
        return pick(r[key] for r in runs[side])

    rows = [
        ("time (median of %d runs), s" % args.runs, figure("ours", "seconds"), figure("micrograd", "seconds")),
        ("time (best run), s", figure("ours", "seconds", min), figure("micrograd", "seconds", min)),
        ("peak RSS of the process, MB", figure("ours", "rss_mb", max), figure("micrograd", "rss_mb", max)),
        ("RSS growth over the work, MB", figure("ours", "rss_growth_mb", max), figure("micrograd", "rss_growth_mb", max)),
        ("tracemalloc peak of the work, MB", traced["ours"]["traced_mb"], traced["micrograd"]["traced_mb"]),
    ]
    print(f"mnist-mlp 784-128-10, one sample, {net.parameter_count:,} parameters; "
          f"our trace: {len(trace):,} steps")
    print("ours: example() + build_trace() + reading steps 0, middle, last and a TraceState value")
    print("micrograd 0.1.0: forward + softmax cross-entropy (Value ops) + backward")
    print()
    print(f"{'':34} {'ours':>10} {'micrograd':>11} {'ours/micrograd':>15}")
    for label, a, b in rows:
        print(f"{label:34} {a:10.4f} {b:11.4f} {a / b:15.4f}")
    speedup = figure("micrograd", "seconds") / figure("ours", "seconds")
    print()
    print(f"ours is {speedup:.1f}x faster (target >= 20x): "
          f"{'met' if speedup >= 20 else 'NOT met'}; lower peak RSS: "
          f"{'yes' if figure('ours', 'rss_mb', max) < figure('micrograd', 'rss_mb', max) else 'NO'}")
    print(f"same numbers: |loss difference| = {loss_gap:.2e}, largest |gradient difference| = {worst:.2e}")


if __name__ == "__main__":
    main()
