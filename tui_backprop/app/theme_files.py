"""Finding and reading theme files without trusting the folder they are in.

Theme folders are the user's (or anyone's who can write to them): an entry named `x.toml`
may be a directory, a FIFO that would block a plain `open` forever, a symlink loop, or a
file of gigabytes, and a folder may hold thousands of them. Each of these becomes one
`ThemeProblem`, and reading stays bounded in time and memory.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

from ..printable import printable
from pathlib import Path

MAX_THEME_BYTES: int = 64 * 1024
"""The largest theme file read; the packaged ones are under 2 KiB."""

MAX_THEME_FILES: int = 200
"""The most theme files read from one folder (the first ones by name)."""


@dataclass(frozen=True)
class ThemeProblem:
    """Why a theme file (or folder) was skipped; `str()` is the one-line notice."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return one_line(f"{self.path}: {self.reason}")


def one_line(text: object) -> str:
    """`text` on one printable line: control characters (a terminal escape or a newline in
    a file name, say) shown escaped rather than sent, as every label (see `printable`)."""
    return printable(str(text))


def theme_files(folder: Path, *, must_exist: bool) -> tuple[list[Path], list[ThemeProblem]]:
    """The `*.toml` entries of `folder`, sorted by name and at most MAX_THEME_FILES of them.

    A missing folder is a problem only when `must_exist` (one the user named); the user's
    default theme folder need not exist.
    """
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries if entry.name.endswith(".toml"))
    except FileNotFoundError:
        return [], [ThemeProblem(folder, "no such folder")] if must_exist else []
    except NotADirectoryError:
        return [], [ThemeProblem(folder, "not a folder")]
    except OSError as error:
        return [], [ThemeProblem(folder, f"cannot read the folder: {error.strerror or error}")]
    problems = []
    if len(names) > MAX_THEME_FILES:
        problems.append(ThemeProblem(folder, f"{len(names)} theme files; only the first "
                                             f"{MAX_THEME_FILES} by name were read"))
    return [folder / name for name in names[:MAX_THEME_FILES]], problems


def read_theme_text(path: Path) -> str:
    """The text of a regular theme file of at most MAX_THEME_BYTES; raises ValueError.

    Opened without blocking and checked on the open file itself, so neither a FIFO nor a
    file swapped in after a check can make start-up hang.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise ValueError(f"cannot read: {error.strerror or error}") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise ValueError(f"not a regular file ({_kind(mode)})")
    with os.fdopen(descriptor, "rb") as file:
        try:
            data = file.read(MAX_THEME_BYTES + 1)
        except OSError as error:
            raise ValueError(f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_THEME_BYTES:
        raise ValueError(f"larger than {MAX_THEME_BYTES // 1024} KiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text (byte {error.start})") from None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file"
