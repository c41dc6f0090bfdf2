"""A stand-in for the debugger under textual-serve's protocol, for the server's tests.

It announces itself as a Textual app does, marks its start with a file in $ECHO_MARKS (so a
test sees whether a process started at all), then sends its start size and every meta packet
it gets back to the browser side as data. With --stubborn it ignores "quit" and SIGTERM, as
a hung debugger would.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path


def send(kind: bytes, payload: dict[str, object]) -> None:
    body = json.dumps(payload).encode("utf-8")
    sys.stdout.buffer.write(kind + len(body).to_bytes(4, "big") + body)
    sys.stdout.buffer.flush()


def main() -> None:
    stubborn = "--stubborn" in sys.argv
    if stubborn:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    (Path(os.environ["ECHO_MARKS"]) / str(os.getpid())).touch()
    sys.stdout.buffer.write(b"__GANGLION__\n")
    send(b"D", {"type": "started", "pid": os.getpid(),
                "width": int(os.environ["COLUMNS"]), "height": int(os.environ["ROWS"])})
    stdin = sys.stdin.buffer
    while len(head := stdin.read(5)) == 5:
        body = stdin.read(int.from_bytes(head[1:], "big"))
        if head[:1] != b"M":
            continue
        meta = json.loads(body)
        send(b"D", meta)
        if meta.get("type") == "quit":
            if stubborn:
                while True:  # hung: only SIGKILL ends it
                    time.sleep(60)
            send(b"M", {"type": "exit"})
            return


if __name__ == "__main__":
    main()
