"""The predict log for teachers: one JSON object per answer, one line each, appended.

Each line is written by one `os.write` on a descriptor opened with O_APPEND, so answers
from several learners' sessions interleave whole, and a crash never leaves half a line.
The file is created with the permissions the umask allows; nothing is ever replaced.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
from datetime import datetime, timezone

from .core import ConfigError, Step
from .predict import Verdict

FIELDS = ("time", "example", "step", "target", "answer", "value", "right", "hint")
"""The fields of every line, in order."""


def answer_record(example: str, step: Step, answer: float, verdict: Verdict,
                  now: datetime | None = None) -> dict[str, object]:
    """The log line's object for one answer."""
    moment = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    return {"time": moment, "example": example, "step": step.index, "target": step.target,
            "answer": answer, "value": step.value, "right": verdict.right, "hint": verdict.hint}


class PredictLog:
    """An open predict log. Opening it checks it can be written: a bad path is an error at
    start-up, not after the first answer."""

    def __init__(self, path: str) -> None:
        self.path = path
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC | os.O_NONBLOCK
        try:
            # O_NONBLOCK: a FIFO nobody reads fails at once (ENXIO) instead of hanging.
            self._fd: int | None = os.open(path, flags, 0o666)
        except OSError as error:
            reason = "a FIFO nobody is reading" if error.errno == errno.ENXIO else error.strerror or error
            raise ConfigError(f"{path}: cannot open the predict log: {reason}") from None
        mode = fcntl.fcntl(self._fd, fcntl.F_GETFL)
        fcntl.fcntl(self._fd, fcntl.F_SETFL, mode & ~os.O_NONBLOCK)
        self.error: str | None = None
        """Why writing stopped, once a write failed (later answers are not logged)."""

    def append(self, record: dict[str, object]) -> bool:
        """Append one line; False (and `error` set) if it could not be written whole."""
        if self._fd is None:
            return False
        line = json.dumps(record, ensure_ascii=True, allow_nan=False) + "\n"
        data = line.encode("ascii")
        try:
            written = os.write(self._fd, data)
        except OSError as error:
            return self._fail(error.strerror or str(error))
        if written != len(data):  # a full disk part-way; nothing more is written after it
            return self._fail(f"only {written} of {len(data)} bytes written")
        return True

    def _fail(self, reason: str) -> bool:
        self.error = f"{self.path}: cannot write the predict log: {reason}"
        self.close()
        return False

    def close(self) -> None:
        """Close the file (appending afterwards does nothing)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
