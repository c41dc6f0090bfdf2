"""Validators of single config fields: numbers, choices, text, vectors and matrices.

Each takes the decoded value as it came (any type at all: TOML and JSON can put a list,
a table, a bool or a 400-digit integer anywhere) and either returns it checked or raises
ConfigError with one line naming the file and the field. Messages describe a bad value
without printing it whole (`show`), so a huge or deeply nested value cannot make the
message itself fail or run over many lines.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .errors import ConfigError


def kind(value: Any) -> str:
    """What a decoded value is, in the config's words: "text", "a list", ..."""
    return {bool: "true/false", str: "text", dict: "a table", list: "a list", type(None): "nothing"}.get(
        type(value), type(value).__name__)


def show(value: Any) -> str:
    """A bad value for a message: short, one line, never the whole of a big value."""
    if isinstance(value, bool) or value is None:
        return kind(value)
    if isinstance(value, int):
        if abs(value) < 10**15:
            return str(value)
        digits = math.floor(math.log10(abs(value))) + 1  # str() of a huge int may fail
        return f"an integer of about {digits} digits"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        text = repr(value[:40])  # repr escapes newlines and lone surrogates
        return f"text {text}" + ("…" if len(value) > 40 else "")
    return kind(value)


def finite(value: Any, field: str, where: str) -> float:
    """A number (not a bool) that is finite as a float64."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: {field}: expected a number, got {show(value)}")
    try:
        number = float(value)
    except OverflowError:  # an integer beyond float64's range (about 1.8e308)
        number = math.inf
    if not math.isfinite(number):
        raise ConfigError(f"{where}: {field}: expected a finite number, got {show(value)}")
    return number


def whole(value: Any, field: str, where: str, low: int, high: int) -> int:
    """A whole number (not a bool, not 2.0) from `low` to `high`."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{where}: {field}: expected a whole number >= {low} and <= {high:,}, "
                          f"got {show(value)}")
    return value


def text(value: Any, field: str, where: str) -> str:
    """Text, kept exactly as given: a lone surrogate (JSON's "\\ud800") included, since every
    output shows labels through `printable` and JSON writes it back as an escape."""
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {field}: expected text, got {show(value)}")
    return value


def choice(data: dict[str, Any], key: str, options: dict[str, Any], where: str, prefix: str = "") -> str:
    """One of `options`' names, given as text."""
    value = data.get(key)
    names = " | ".join(options)
    if value is None:
        raise ConfigError(f"{where}: {prefix}{key}: missing (one of {names})")
    if not isinstance(value, str) or value not in options:  # a list is unhashable: test type first
        got = repr(value) if isinstance(value, str) and len(value) <= 40 else show(value)
        raise ConfigError(f"{where}: {prefix}{key}: unknown {key} {got} (one of {names})")
    return value


def samples(data: dict[str, Any], key: str, where: str) -> tuple[np.ndarray, bool]:
    """x or y as (samples, features), and whether it was given as one flat sample."""
    value = data.get(key)
    if value is None:
        raise ConfigError(f"{where}: {key}: missing")
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{where}: {key}: expected a non-empty list of numbers (or of lists)")
    if all(isinstance(v, list) for v in value):
        width = len(value[0])
        rows = []
        for s, row in enumerate(value, start=1):
            if not row:
                raise ConfigError(f"{where}: {key}[{s}]: expected a non-empty list of numbers")
            if len(row) != width:
                raise ConfigError(f"{where}: {key}[{s}]: expected {width} number(s) like {key}[1], "
                                  f"got {len(row)}")
            rows.append([finite(v, f"{key}[{s}][{i}]", where) for i, v in enumerate(row, start=1)])
        return np.array(rows, dtype=np.float64), False
    row = [finite(v, f"{key}[{i}]", where) for i, v in enumerate(value, start=1)]
    return np.array([row], dtype=np.float64), True


def vector(value: Any, n: int, field: str, where: str) -> np.ndarray:
    """A list of `n` finite numbers."""
    if not isinstance(value, list) or len(value) != n:
        got = f"{len(value)} numbers" if isinstance(value, list) else kind(value)
        raise ConfigError(f"{where}: {field}: expected a list of {n} number(s) (one per unit), got {got}")
    return np.array([finite(v, f"{field}[{i}]", where) for i, v in enumerate(value, start=1)])


def matrix(value: Any, rows: int, cols: int, field: str, where: str) -> np.ndarray:
    """`rows` lists of `cols` finite numbers each."""
    shape = f"{rows} row(s) (one per unit) of {cols} number(s) (one per unit before)"
    if not isinstance(value, list) or len(value) != rows:
        got = f"{len(value)} rows" if isinstance(value, list) else kind(value)
        raise ConfigError(f"{where}: {field}: expected {shape}, got {got}")
    out = []
    for r, row in enumerate(value, start=1):
        if not isinstance(row, list) or len(row) != cols:
            got = f"{len(row)} numbers" if isinstance(row, list) else kind(row)
            raise ConfigError(f"{where}: {field}[{r}]: expected {cols} number(s), got {got}")
        out.append([finite(v, f"{field}[{r}][{c}]", where) for c, v in enumerate(row, start=1)])
    return np.array(out, dtype=np.float64)


def targets(y: np.ndarray, single: bool, loss: str, where: str) -> None:
    """bce targets must lie in [0, 1]; cross_entropy targets must each be a distribution.

    Outside that, the loss formulas still compute, but the "loss" they show can be
    negative and its gradient is not that of any probability model.
    """
    if loss not in ("bce", "cross_entropy"):
        return
    for s, row in enumerate(y, start=1):
        name = "y" if single else f"y[{s}]"
        for j, v in enumerate(row, start=1):
            if not 0.0 <= v <= 1.0:
                raise ConfigError(f"{where}: {name}[{j}]: {loss} targets must lie in [0, 1], got {v:g}")
        total = float(np.sum(row))
        if loss == "cross_entropy" and abs(total - 1.0) > 1e-9 * len(row):
            raise ConfigError(f"{where}: {name}: cross_entropy targets must sum to 1 "
                              f"(a probability distribution), got a sum of {total:.12g}")
