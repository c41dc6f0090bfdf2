"""Writing an output file: whole or not at all, and never harming what the name stands for.

- A regular file, or a name not taken yet, is written to a temporary file next to it that is
  renamed over it at the end: a reader never sees half a file, and a failure (bad input found
  mid-way, a full disk, Ctrl-C, SIGTERM, SIGHUP) leaves the target as it was and no temporary
  file behind. A new file gets the mode the umask gives; a replaced file keeps its own mode.
- A symlink is followed: the file it points at is replaced and the link stays a link.
- Anything else (a device such as /dev/null, a FIFO, a descriptor such as /dev/stdout) is
  written through, directly: renaming over it would replace the device itself (as root) or
  take the place of the pipe the reader waits on.
- A directory, or a file without write permission, is refused before anything is written.

Every OSError raised names the target as the caller gave it, never the temporary file.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .signals import removed_on_signal

READ_ONLY = "the file is read-only"
"""The reason given (as `strerror`) for refusing a file without write permission."""


@dataclass(frozen=True)
class _Target:
    path: str
    """The file to write: the target with its symlinks followed."""
    through: bool
    """Write directly: a device, a FIFO, a descriptor."""
    existing: os.stat_result | None
    """The file being replaced, if any."""


def _follow(target: str) -> tuple[str, bool]:
    """Follow `target`'s symlinks: (the path reached, whether it is a descriptor in /proc).

    Links are followed one at a time because /dev/stdout leads to /proc/self/fd/1, whose
    link text ("pipe:[123]", or a file the shell opened) must not be taken for a path.
    """
    path = os.path.abspath(target)
    for _ in range(40):  # the kernel's own limit on a chain of links
        parent = os.path.realpath(os.path.dirname(path))
        path = os.path.join(parent, os.path.basename(path))
        if parent == "/proc" or parent.startswith("/proc/"):
            return path, True
        if not os.path.islink(path):
            return path, False
        path = os.path.normpath(os.path.join(parent, os.readlink(path)))
    raise OSError(errno.ELOOP, os.strerror(errno.ELOOP))


def _writable(path: str, info: os.stat_result) -> bool:
    # os.access says yes to root for every file; the mode bits are what marks a file
    # read-only on purpose, so a file nobody may write is refused to root as well.
    return os.access(path, os.W_OK) and bool(info.st_mode & 0o222)


def check_target(target: Path) -> _Target:
    """Decide how `target` is written; raise OSError (naming it) for a directory or a
    read-only file. Callers may call it early, to refuse before doing any work."""
    try:
        path, descriptor = _follow(os.fspath(target))
        try:
            info: os.stat_result | None = os.stat(path)
        except FileNotFoundError:
            if descriptor:  # a closed descriptor: nothing to write to
                raise
            info = None
    except OSError as error:
        raise named(error, target) from None
    if info is None:
        return _Target(path, False, None)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(target))
    if descriptor or not stat.S_ISREG(info.st_mode):
        return _Target(path, True, info)
    if not _writable(path, info):
        raise PermissionError(errno.EACCES, READ_ONLY, os.fspath(target))
    return _Target(path, False, info)


def named(error: OSError, target: Path | str) -> OSError:
    """`error` naming `target` (the temporary file, or no file, named before)."""
    if error.errno is None:
        return error
    return type(error)(error.errno, error.strerror, os.fspath(target))


@contextmanager
def atomic_open(target: Path, mode: str = "w") -> Iterator[IO]:
    """Open `target` for writing ("w" text as UTF-8, or "wb") as the module says: through a
    temporary file renamed at a clean exit, or directly for devices, FIFOs and descriptors.

    An OSError of ours (open, write, rename) names `target`; other errors go on unchanged.
    """
    plan = check_target(target)
    options = {} if "b" in mode else {"encoding": "utf-8"}
    ours = {plan.path}  # the names an OSError about our own files carries
    try:
        if plan.through:
            # Append to a regular file reached through a descriptor (`-o /dev/stdout >> log`).
            regular = plan.existing is not None and stat.S_ISREG(plan.existing.st_mode)
            fd = os.open(plan.path, os.O_WRONLY | os.O_CLOEXEC | (os.O_APPEND if regular else 0))
            with os.fdopen(fd, mode, **options) as out:
                yield out
            return
        fd, temporary = _temporary(plan)
        ours.add(temporary)
        try:
            with removed_on_signal(temporary), os.fdopen(fd, mode, **options) as out:
                yield out
            os.replace(temporary, plan.path)
        except BaseException:
            with suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as error:
        if error.filename is not None and error.filename not in ours:
            raise  # not about our file (the caller's own error): leave it as it is
        raise named(error, target) from None


def _temporary(plan: _Target) -> tuple[int, str]:
    """Create the temporary file next to the target: mode 0666 less the umask for a new
    file (mkstemp's 0600 would hide every output from the group), the old mode otherwise."""
    folder, name = os.path.split(plan.path)
    for _ in range(100):
        temporary = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:
            continue
        except OSError as error:  # no such folder, no permission: about the target
            raise named(error, plan.path) from None
        if plan.existing is not None:
            old = plan.existing
            if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                with suppress(OSError):  # only root may give a file away; others keep it
                    os.fchown(fd, old.st_uid, old.st_gid)
            os.fchmod(fd, stat.S_IMODE(old.st_mode))
        return fd, temporary
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), plan.path)
