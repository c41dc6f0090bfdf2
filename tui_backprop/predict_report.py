"""`tui-backprop predict-report FILE`: a markdown summary of a predict log, per target.

The log may hold several sessions and examples, a line a crash cut short, or lines that are
not answers at all: each line that is not an answer object is skipped and counted, never
fatal. Every text from the file is shown through `printable`, with `|` escaped for tables.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from .core import ConfigError
from .printable import printable

MAX_LINE = 64 * 1024
"""A longer line is not one the log writes: it is skipped without being held in memory."""


@dataclass
class TargetTally:
    """The answers for one target of one example."""

    first_step: int
    answers: int = 0
    right: int = 0
    hints: Counter[str] = field(default_factory=Counter)


def _lines(path: str) -> Iterator[bytes | None]:
    """The file's lines; None for a line past MAX_LINE (its bytes are read and dropped)."""
    try:
        handle = open(path, "rb")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    with handle:
        try:
            while line := handle.readline(MAX_LINE + 1):
                if len(line) > MAX_LINE:
                    while line and not line.endswith(b"\n"):
                        line = handle.readline(MAX_LINE)
                    yield None
                else:
                    yield line
        except OSError as error:  # a directory opens, then fails to read
            raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None


def _answer(line: bytes | None) -> tuple[str, str, int, bool, str | None] | None:
    """(example, target, step, right, hint) of an answer line, or None."""
    if line is None or not line.endswith(b"\n"):
        return None  # too long, or cut short by a crash
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    example, target, step = record.get("example"), record.get("target"), record.get("step")
    right, hint = record.get("right"), record.get("hint")
    if not (isinstance(example, str) and isinstance(target, str) and isinstance(right, bool)
            and isinstance(step, int) and not isinstance(step, bool)
            and (hint is None or isinstance(hint, str))):
        return None
    return example, target, step, right, hint


def _cell(text: str) -> str:
    return printable(text).replace("|", "\\|")


def predict_report(path: str) -> Iterator[str]:
    """The markdown lines of the report on the log at `path`."""
    examples: dict[str, dict[str, TargetTally]] = {}
    skipped = 0
    for line in _lines(path):
        answer = _answer(line)
        if answer is None:
            skipped += 1
            continue
        example, target, step, right, hint = answer
        tally = examples.setdefault(example, {}).setdefault(target, TargetTally(step))
        tally.first_step = min(tally.first_step, step)
        tally.answers += 1
        tally.right += right
        if not right:
            tally.hints[hint or ""] += 1
    total = sum(t.answers for targets in examples.values() for t in targets.values())
    right = sum(t.right for targets in examples.values() for t in targets.values())
    yield f"# Predictions in {_cell(path)}\n\n"
    summary = f"{total} answers, {right} right" if total else "No answers yet"
    if skipped:
        summary += f"; {skipped} line(s) skipped (not an answer)"
    yield summary + ".\n"
    for example, targets in examples.items():
        yield f"\n## {_cell(example)}\n\n| target | answers | right | most common mistake |\n|---|---:|---:|---|\n"
        for target, tally in sorted(targets.items(), key=lambda item: (item[1].first_step, item[0])):
            yield (f"| {_cell(target)} | {tally.answers} | {tally.right} "
                   f"({100 * tally.right // tally.answers}%) | {_mistake(tally)} |\n")


def _mistake(tally: TargetTally) -> str:
    wrong = tally.answers - tally.right
    named = [(count, hint) for hint, count in tally.hints.items() if hint]
    if not wrong:
        return "none"
    if not named:
        return "none of the classic ones"
    count, hint = max(named, key=lambda pair: (pair[0], -len(pair[1]), pair[1]))
    return f"{_cell(hint)} ({count} of {wrong} wrong)"
