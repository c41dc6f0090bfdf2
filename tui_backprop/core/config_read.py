"""Read a config file's text safely and decode it (TOML or JSON) into plain data.

Reading is bounded: only regular files are read (a FIFO, a device such as /dev/zero or
/dev/urandom, a socket or a directory is refused with one line, never read or waited on),
and at most MAX_CONFIG_BYTES of them. Parsing is bounded too: nesting deep enough to
exhaust the parser's recursion is refused as "nested too deep".
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from .errors import ConfigError

MAX_CONFIG_BYTES = 16 * 1024 * 1024
"""Largest config file read (16 MiB): a 784-128-10 network with every weight written out
is about 2 MB of TOML; the packaged mnist-mlp example, which draws its weights, is 3 KB."""


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as a message shows it: printable characters as they are, others escaped.

    A newline, a tab or an undecodable byte (a lone surrogate) in a file name would break
    the one-line message or the terminal; they are written as Python escapes (``\\n``).
    """
    text = os.fspath(path)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def read_config_text(path: Path, where: str) -> str:
    """The UTF-8 text of the regular file at `path` (at most MAX_CONFIG_BYTES)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ConfigError(f"{where}: no such file") from None
    except OSError as error:
        raise ConfigError(f"{where}: cannot read: {error.strerror or type(error).__name__}") from None
    _check_kind(info, where)
    try:
        # O_NONBLOCK: should the path have become a FIFO since the stat, open does not wait
        # for a writer; fstat below then refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise ConfigError(f"{where}: cannot read: {error.strerror or type(error).__name__}") from None
    try:
        _check_kind(os.fstat(fd), where)
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        raise ConfigError(f"{where}: cannot read: {error.strerror or type(error).__name__}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(_too_big(where))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"{where}: cannot read: not UTF-8 text (byte 0x{data[error.start]:02x} "
                          f"at offset {error.start})") from None


def _check_kind(info: os.stat_result, where: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise ConfigError(f"{where}: is a directory, not a config file")
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"{where}: not a regular file (a device, FIFO or socket); "
                          f"give a TOML or JSON config file")
    if info.st_size > MAX_CONFIG_BYTES:
        raise ConfigError(_too_big(where))


def _too_big(where: str) -> str:
    return f"{where}: larger than {MAX_CONFIG_BYTES // (1024 * 1024)} MiB, the most a config may be"


def decode(text: str, where: str, json_first: bool = False) -> dict[str, Any]:
    """Parse TOML (or JSON) text into a dict, or raise ConfigError naming `where`."""
    try:
        if json_first or text.lstrip().startswith("{"):
            data = _json(text, where)
        else:
            data = _toml(text, where)
    except RecursionError:
        # Both parsers recurse once per level of [ or {; thousands of levels exhaust the stack.
        raise ConfigError(f"{where}: nested too deep (lists or tables inside each other "
                          f"hundreds of levels deep)") from None
    if not isinstance(data, dict):
        kind = {list: "a list", str: "text", bool: "true/false"}.get(type(data), "a number")
        raise ConfigError(f"{where}: the config must be a table (an object), not {kind}")
    return data


def _json(text: str, where: str) -> Any:
    import json  # here, not at the top: most configs are TOML and start-up counts

    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError as error:  # JSONDecodeError, NaN/Infinity, an integer of > 4300 digits
        raise ConfigError(f"{where}: not valid JSON: {_one_line(error)}") from None


def _toml(text: str, where: str) -> Any:
    try:
        return tomllib.loads(text)
    except ValueError as error:  # TOMLDecodeError, an integer of > 4300 digits
        raise ConfigError(f"{where}: not valid TOML: {_one_line(error)}") from None


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed")
