"""`tui-backprop serve`: the debugger in web browsers, one debugger per tab (textual-serve).

textual-serve runs the command below once per browser connection and relays the terminal
over a websocket. The page tells browsers to connect back to `public_url`, so serving on
every interface (0.0.0.0, ::, and their other spellings) needs the address students type,
or their browsers would try ws://0.0.0.0.

The server itself (origin check, session cap, size cap) is in `serve_server`; this module
turns the options into its settings and needs nothing beyond the standard library.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

MISSING_EXTRA = "serving needs textual-serve: pip install 'tui-backprop[serve]'"
SESSIONS_PER_CORE = 4
"""Default room size per CPU core. A debugger idles between keys but redraws on each one,
so this bounds the CPU a class pressing keys together needs, and the memory: a debugger
takes 50 MB (80x24) to 90 MB (mnist-mlp at 500x200), so 8 on 2 cores stay under 1 GB."""
DEFAULT_PORTS = {"http": 80, "https": 443}
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
"""Names a browser on this machine may use for a server that listens on loopback or everywhere."""
Origin = tuple[str, str, int]
"""(scheme, canonical host, port): what a browser's Origin header says, compared exactly."""


def default_max_sessions() -> int:
    """4 debuggers per CPU core this process may use (8 on a 2-core machine)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return SESSIONS_PER_CORE * max(cores or 1, 1)


def canonical_host(host: str) -> str:
    """The host as a browser writes it in an Origin: IPv4 dotted, IPv6 compressed, names lowercase.

    IPv4 is read as the system resolver reads it (inet_aton), so "0", "0x0" and "00.0.0.0" are
    all 0.0.0.0 and "0x7f.1" is 127.0.0.1, as they would be when the server binds to them.
    """
    text = host.strip().lower()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        pass
    if text and set(text) <= set("0123456789abcdefx."):  # inet_aton's forms, not a name
        try:
            return socket.inet_ntoa(socket.inet_aton(text))
        except OSError:
            pass
    return text


def is_wildcard(host: str) -> bool:
    """True when `host` means every interface, however it is spelt ("", "*", "0", "::0", ...)."""
    if host.strip() in ("", "*"):
        return True
    try:
        address = ipaddress.ip_address(canonical_host(host))
    except ValueError:
        return False  # a name: what it resolves to is the resolver's business
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:0.0.0.0 binds everywhere too
    return address.is_unspecified or (mapped is not None and mapped.is_unspecified)


def _is_loopback(host: str) -> bool:
    name = canonical_host(host)
    try:
        return name == "localhost" or ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def origin_of(url: str) -> Origin | None:
    """The origin of an http(s) URL or Origin header, or None when it is not one."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, canonical_host(parts.hostname), port or DEFAULT_PORTS[scheme]


def public_url(host: str, port: int, given: str | None) -> str:
    """The URL browsers reach the server at; raises ValueError when it cannot be guessed."""
    if given:
        origin = origin_of(given)
        if origin is None:
            raise ValueError(f"--public-url: expected http://HOST:PORT, got {given!r}")
        if is_wildcard(origin[1]):
            raise ValueError(f"--public-url: {given!r} names every interface, not an address "
                             "browsers can reach: give this machine's address")
        return given.strip().rstrip("/")
    if is_wildcard(host):
        raise ValueError(f"--host {host or '(all)'} serves every network interface: give "
                         f"--public-url http://<this machine's address>:{port} as well")
    shown = canonical_host(host)
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


def allowed_origins(host: str, port: int, url: str) -> frozenset[Origin]:
    """The pages allowed to open debuggers: the public URL's, and this server's own addresses.

    A page at another origin (any site the user visits) must not start processes here. On
    loopback or every interface, localhost/127.0.0.1/[::1] at this port are this server too.
    """
    origins = {origin_of(url)}
    if not is_wildcard(host):
        origins.add(("http", canonical_host(host), port))
    if is_wildcard(host) or _is_loopback(host):
        origins.update(("http", name, port) for name in LOOPBACK_NAMES)
    return frozenset(origin for origin in origins if origin is not None)


def app_command(args: argparse.Namespace) -> str:
    """The shell command that opens the debugger with the same network and options."""
    words = [sys.executable, "-m", "tui_backprop"]
    if args.config:
        words += ["--config", str(Path(args.config).resolve())]  # the app may run elsewhere
    elif args.example:
        words += ["--example", args.example]
    words += ["--iterations", str(args.iterations), "--decimals", str(args.decimals)]
    if getattr(args, "optimizer", None):
        words += ["--optimizer", args.optimizer]
    if getattr(args, "theme", None):
        words += ["--theme", args.theme]
    for folder in args.themes_dir:
        words += ["--themes-dir", str(Path(folder).resolve())]
    return shlex.join(words)


def serve(args: argparse.Namespace) -> int:
    """Serve until Ctrl+C (or SIGTERM); bad options raise UsageError (exit status 2)."""
    from .cli import UsageError, complain

    try:
        url = public_url(args.host, args.port, args.public_url)
    except ValueError as error:
        raise UsageError(str(error)) from None
    try:
        from .serve_server import GuardedServer, Limits
    except ImportError:
        raise UsageError(MISSING_EXTRA) from None
    max_sessions = getattr(args, "max_sessions", None) or default_max_sessions()
    server = GuardedServer(app_command(args), host=args.host, port=args.port, public_url=url,
                           origins=allowed_origins(args.host, args.port, url),
                           limits=Limits(max_sessions=max_sessions))
    try:
        server.serve()
    except OSError as error:  # e.g. the port is taken
        complain(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}")
        return 1
    return 0
