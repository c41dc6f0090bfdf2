"""tb.debug keeps the garbage collector off from tracing the graph until the app is made
(run_trace then freezes what was made), as a script that opened the app by hand did."""

from __future__ import annotations

import gc
import importlib

import pytest

import tui_backprop as tb
import tui_backprop.app

debug_module = importlib.import_module("tui_backprop.debug")  # tb.debug is the function


def test_the_collector_is_off_from_the_trace_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, bool] = {}
    real_graph_trace = tb.graph_trace

    def graph_trace(*args, **kwargs):
        seen["before tracing"] = gc.isenabled()
        trace = real_graph_trace(*args, **kwargs)
        seen["after tracing"] = gc.isenabled()
        return trace

    def run_trace(trace, **options):
        seen["app"] = gc.isenabled()
        gc.enable()  # what the real one does once the app is made
        return 0

    monkeypatch.setattr(tb, "graph_trace", graph_trace)
    monkeypatch.setattr(tui_backprop.app, "run_trace", run_trace)
    monkeypatch.setattr(debug_module, "_is_terminal", lambda stream: True)
    assert gc.isenabled()
    tb.debug(tb.Value(2.0, label="a") * 3, learning_rate=0.1)
    assert seen == {"before tracing": False, "after tracing": False, "app": False}
    assert gc.isenabled()


def test_an_error_before_the_app_turns_the_collector_back_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(debug_module, "_is_terminal", lambda stream: False)
    with pytest.raises(tb.NotATerminalError):
        tb.debug(tb.Value(2.0) * 3)
    assert gc.isenabled()
    with pytest.raises(tb.ConfigError):
        tb.debug(tb.Value(float("nan")) * 3)
    assert gc.isenabled()
