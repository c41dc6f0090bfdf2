"""`tui-backprop serve`: the debugger in web browsers, one debugger per tab (textual-serve).

textual-serve runs the command below once per browser connection and relays the terminal
over a websocket. The page tells browsers to connect back to `public_url`, so serving on
0.0.0.0 (every interface) needs the address students type, or their browsers would try
ws://0.0.0.0.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", "", "*"})
"""Hosts that mean "every interface": no browser can connect to them by that name."""
MISSING_EXTRA = "serving needs textual-serve: pip install 'tui-backprop[serve]'"


def app_command(args: argparse.Namespace) -> str:
    """The shell command that opens the debugger with the same network and options."""
    words = [sys.executable, "-m", "tui_backprop"]
    if args.config:
        words += ["--config", str(Path(args.config).resolve())]  # the app may run elsewhere
    elif args.example:
        words += ["--example", args.example]
    words += ["--iterations", str(args.iterations), "--decimals", str(args.decimals)]
    if getattr(args, "theme", None):
        words += ["--theme", args.theme]
    for folder in args.themes_dir:
        words += ["--themes-dir", str(Path(folder).resolve())]
    return shlex.join(words)


def public_url(host: str, port: int, given: str | None) -> str:
    """The URL browsers reach the server at; raises ValueError when it cannot be guessed."""
    if given:
        if not given.startswith(("http://", "https://")):
            raise ValueError(f"--public-url: expected http://HOST:PORT, got {given!r}")
        return given.rstrip("/")
    if host in WILDCARD_HOSTS:
        raise ValueError(f"--host {host or '(all)'} serves every network interface: give "
                         f"--public-url http://<this machine's address>:{port} as well")
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def serve(args: argparse.Namespace) -> int:
    """Serve until Ctrl+C (or SIGTERM); bad options raise UsageError (exit status 2)."""
    from .cli import UsageError, complain

    try:
        url = public_url(args.host, args.port, args.public_url)
    except ValueError as error:
        raise UsageError(str(error)) from None
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UsageError(MISSING_EXTRA) from None
    server = Server(app_command(args), host=args.host, port=args.port,
                    title="tui-backprop", public_url=url)
    try:
        server.serve()
    except OSError as error:  # e.g. the port is taken
        complain(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}")
        return 1
    return 0
