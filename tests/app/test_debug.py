"""`tb.debug(...)` from a script: it opens the debugger in a real terminal and returns on q;
without a terminal it raises one clear error; what it accepts and how it builds the trace."""

from __future__ import annotations

import os
import subprocess
import sys
import termios
import textwrap
from pathlib import Path

import pytest
from test_pty import Terminal, environment

import tui_backprop as tb
from tui_backprop.debug import NO_TERMINAL, NotATerminalError, _trace_of

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
# A micrograd program with its import swapped (was: from micrograd.engine import Value).
from tui_backprop import Value
import tui_backprop as tb

a, b, c, f = Value(2.0, label="a"), Value(-3.0, label="b"), Value(10.0, label="c"), Value(-2.0, label="f")
e = a * b; e.label = "e"
d = e + c; d.label = "d"
L = d * f; L.label = "L"
L.backward()
print("grads", a.grad, b.grad, c.grad, f.grad)
tb.debug(L)
print("debug returned")
"""


def script_file(tmp_path: Path) -> Path:
    path = tmp_path / "my_graph.py"
    path.write_text(textwrap.dedent(SCRIPT), encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_script_opens_the_debugger_steps_and_returns_on_q(tmp_path: Path) -> None:
    env = environment(PYTHONPATH=str(ROOT))
    terminal = Terminal([sys.executable, str(script_file(tmp_path))], env)
    try:
        assert terminal.wait_for(b"\x1b[?1049h", 30), f"no alternate screen: {terminal.tail()!r}"
        assert terminal.wait_for(b"\x1b[24;", 30), f"no first screen: {terminal.tail()!r}"
        terminal.read_for(0.3, 10)
        assert b"-6.000" not in terminal.output  # e = a*b is not known before its step
        terminal.press(b"nnn")
        assert b"-6.000" in terminal.output and b"-8.000" in terminal.output, terminal.tail()
        os.write(terminal.master, b"q")
        status = terminal.finish()
        assert status == 0, terminal.tail()
        assert terminal.output.rfind(b"\x1b[?1049l") > terminal.output.rfind(b"\x1b[?1049h")
        assert termios.tcgetattr(terminal.slave) == terminal.modes_before
        assert b"grads 6.0 -4.0 -2.0 4.0" in terminal.output  # micrograd's numbers, by backward()
        assert b"debug returned" in terminal.output  # tb.debug returned to the script
        assert b"Traceback" not in terminal.output
    finally:
        terminal.close()


@pytest.mark.slow
@pytest.mark.parametrize("stdin_is_terminal", [True, False])
def test_without_a_terminal_one_clear_error(tmp_path: Path, stdin_is_terminal: bool) -> None:
    """stdout piped (or stdin too): NotATerminalError with one line, no Textual in sight."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(script_file(tmp_path))], capture_output=True,
                          text=True, timeout=60, env=env,
                          stdin=None if stdin_is_terminal else subprocess.DEVNULL)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last == f"tui_backprop.debug.NotATerminalError: {NO_TERMINAL}"
    assert "textual" not in done.stderr.lower() and "debug returned" not in done.stdout


def test_the_error_is_a_runtime_error_on_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    assert issubclass(NotATerminalError, RuntimeError) and "\n" not in NO_TERMINAL
    monkeypatch.setattr(sys, "stdout", None)  # pythonw, or a closed stream
    with pytest.raises(NotATerminalError, match="needs a terminal"):
        tb.debug(tb.build_trace(tb.example("colah")))


def test_debug_is_the_function_even_once_its_module_is_imported() -> None:
    import tui_backprop.debug  # noqa: F401  (re-importing must not rebind tb.debug to the module)

    assert callable(tb.debug) and tb.debug.__module__ == "tui_backprop.debug"


def test_what_debug_accepts(trace_of) -> None:
    graph = trace_of("colah")
    assert _trace_of(graph, None, None, None) is graph  # a trace as it is
    again = _trace_of(graph, None, None, 3)
    assert again.iterations == 3 and again.spec is graph.spec
    spec = tb.example("micrograd-lecture")
    assert _trace_of(spec, None, None, None).spec is spec  # a spec is traced
    network = _trace_of(tb.example("seed"), None, None, 2)  # a network too
    assert network.iterations == 2
    with pytest.raises(TypeError, match="already has its learning rate"):
        _trace_of(graph, 0.1, None, None)


class Root:
    """Stands for a micrograd-style Value: no `spec`."""


def test_a_graph_root_is_traced_with_graph_trace(monkeypatch: pytest.MonkeyPatch, trace_of) -> None:
    calls = []

    def graph_trace(root, learning_rate=None, parameters=None):
        calls.append((root, learning_rate, parameters))
        return trace_of("micrograd-lecture")

    monkeypatch.setattr(tb, "graph_trace", graph_trace, raising=False)
    root, params = Root(), ["w"]
    trace = _trace_of(root, 0.5, params, 2)
    assert calls == [(root, 0.5, params)]
    assert trace.iterations == 2 and trace.spec is trace_of("micrograd-lecture").spec


def test_without_graph_trace_a_root_is_refused_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(tb, "graph_trace", raising=False)
    with pytest.raises(TypeError, match="no tb.graph_trace"):
        _trace_of(Root(), None, None, None)
