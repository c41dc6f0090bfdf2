"""Helpers the tests of `serve` share: a free port, and the processes a server started."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _state(stat: Path) -> tuple[str, int]:
    fields = stat.read_text().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    return fields[0], int(fields[1])


def children(pid: int) -> list[int]:
    """The live processes whose parent is `pid` (from /proc: Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, parent = _state(stat)
        except OSError:  # it ended while we looked
            continue
        if parent == pid and state != "Z":
            found.append(int(stat.parent.name))
    return found


def ended(pid: int) -> bool:
    """True when process `pid` is gone or a zombie (ended, not yet reaped)."""
    try:
        return _state(Path(f"/proc/{pid}/stat"))[0] == "Z"
    except OSError:
        return True


def wait_until(condition: Callable[[], bool], timeout: float = 30) -> bool:
    """Poll `condition` until it holds or `timeout` seconds pass; returns it."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return condition()
