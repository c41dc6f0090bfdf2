"""Line mode: `tui-backprop step`, a pdb-style prompt on standard input and output.

Plain text only (no colour, no box drawing, no cursor movement), so it works in any
terminal, a screen reader, a pipe or a script: `printf 'n 5\\nwhere\\nq\\n' | tui-backprop step`.
The prompt is printed whether or not the input is a terminal (as pdb does), and the end of
the input ends the session with a newline and exit status 0.
"""

from __future__ import annotations

from typing import TextIO

from .session import LineSession


def run_line_mode(session: LineSession, stdin: TextIO, stdout: TextIO) -> int:
    """Read commands until `q` or the end of the input; the exit status (0)."""
    typed = stdin.isatty()
    """A terminal echoes what is typed; from a pipe, the prompt's line is ended here."""
    for line in session.banner():
        stdout.write(line + "\n")
    while not session.done:
        stdout.write(session.prompt)
        stdout.flush()
        try:
            line = stdin.readline()
        except KeyboardInterrupt:  # Ctrl-C at the prompt: a fresh prompt, as pdb gives
            stdout.write("\n")
            continue
        if not line:
            stdout.write("\n")
            break
        for out in session.handle(line.rstrip("\r\n")):
            stdout.write(out + "\n")
        if session.done and not typed:
            stdout.write("\n")  # the q was not echoed: end the prompt's line
    for line in session.finish():
        stdout.write(line + "\n")
    stdout.flush()
    return 0


__all__ = ["LineSession", "run_line_mode"]
