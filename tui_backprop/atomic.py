"""Writing a file whole or not at all: through a temporary file renamed over the target.

A reader never sees a half-written file, and a failure (bad input found mid-way, a full
disk, Ctrl-C) leaves the target as it was and no temporary file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_open(target: Path, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file next to `target` ("w" text as UTF-8, or "wb"); on a clean exit
    it replaces `target`, on an error it is removed and the error goes on."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as out:
            yield out
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
