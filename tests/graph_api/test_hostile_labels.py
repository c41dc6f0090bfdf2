"""A Value's label is any text the program gave: every export of its graph shows it, never
obeys it. A newline must not start a line of its own (it could forge "Forward Pass:"), a
backtick must not end a markdown code span early (the rest would be read as markdown, a
link included), a | must not split a table row; JSON keeps the exact text."""

from __future__ import annotations

import json

import tui_backprop as tb
from tui_backprop import Value
from tui_backprop.export import FORMATS, summary

FORGED = "b\nForward Pass:\n  L = 999"
"""A label that would add lines of its own to the summary."""
TICKS = "t`` [x](javascript:alert(1)) `|"
"""A label that would end a code span and start a link, then a table cell."""


def hostile_trace():
    a = Value(2.0, label=FORGED)
    b = Value(-3.0, label=TICKS)
    out = (a * b).tanh()
    out.label = "out"
    return tb.graph_trace(out, learning_rate=0.1)


def test_text_outputs_keep_a_label_on_its_line() -> None:
    trace = hostile_trace()
    for name, lines in [("summary", summary(trace, 3)), ("text", FORMATS["text"](trace, 3))]:
        text = "".join(lines)
        assert "b\\nForward Pass:\\n  L = 999" in text, name
        assert not any(line.startswith("  L = 999") for line in text.splitlines()), name
        assert text.count("Forward Pass:\n") == (1 if name == "summary" else 0), name


def code_spans(line: str) -> list[str]:
    """The contents of the code spans of a markdown line, by CommonMark's rule: a span opens
    with a run of n backticks and closes at the next run of exactly n."""
    spans, i = [], 0
    while (start := line.find("`", i)) >= 0:
        n = len(line[start:]) - len(line[start:].lstrip("`"))
        j = start + n
        while (close := line.find("`" * n, j)) >= 0:
            run = len(line[close:]) - len(line[close:].lstrip("`"))
            if run == n:
                spans.append(line[start + n:close])
                i = close + n
                break
            j = close + run
        else:
            return spans  # an unclosed run is literal text
    return spans


def test_markdown_code_spans_hold_the_whole_label() -> None:
    text = "".join(FORMATS["markdown"](hostile_trace(), 3))
    leaves = next(line for line in text.splitlines() if line.startswith("Leaves: "))
    shown = [span.strip() for span in code_spans(leaves)]
    assert shown == ["b\\nForward Pass:\\n  L = 999", TICKS]
    # Outside code spans, nothing of the label is left to be read as markdown.
    for line in text.splitlines():
        outside = line
        for span in code_spans(line):
            outside = outside.replace(span, "", 1)
        assert "javascript" not in outside, line


def test_json_keeps_the_exact_labels() -> None:
    data = json.loads("".join(FORMATS["json"](hostile_trace(), 3)))
    names = [node["name"] for node in data["iterations"][0]["nodes"]]
    assert FORGED in names and TICKS in names
