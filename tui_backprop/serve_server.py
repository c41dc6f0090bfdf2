"""The web server of `tui-backprop serve`: textual-serve's Server, with four guards.

- A door: the websocket (which starts a debugger process) is accepted only from the served
  page's own origins; another Origin, or none, gets 403 before any process starts. Browsers
  always send Origin on websockets, so only a page on another site is refused, and a
  non-browser client must say `Origin: <the public URL>`.
- A room size: at most `max_sessions` debuggers at once; when full, the page and the
  websocket answer 503 "the room is full" and no process starts.
- A size cap: the terminal size a browser asks for, at connection and in every resize, is
  clamped to 500x200 cells (a 5000x5000 request once grew a debugger to 550 MB).
- An end: when its tab goes, a debugger is asked to quit, then terminated, then killed, so
  no process outlives its client; on Linux it is also killed when the server dies (a
  debugger whose input closes would otherwise run on). The command runs without a shell:
  one process a tab.
"""

from __future__ import annotations

import asyncio
import ctypes
import html
import logging
import shlex
import signal
import sys
from asyncio.subprocess import PIPE, Process
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from .serve import Origin, origin_of

log = logging.getLogger("textual-serve")


@dataclass(frozen=True)
class Limits:
    """What one server allows: debuggers at once, terminal cells, seconds to quit."""

    max_sessions: int
    max_width: int = 500
    max_height: int = 200
    grace: float = 5.0
    """Seconds a debugger has to quit when asked, then again when terminated, before a kill."""


def cells(value: object, limit: int) -> int | None:
    """A terminal dimension a browser sent, as a whole number from 1 to `limit` (None: not one)."""
    try:
        number = int(value)  # type: ignore[call-overload]  # "80", 80 and 80.5 are all fine
    except (TypeError, ValueError, OverflowError):
        return None
    return min(max(number, 1), limit)


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _find_prctl() -> Any:
    """libc's prctl, looked up in the server: the child, between fork and exec, only calls it."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # no prctl here: the server's own stop still ends it
        return None


_PRCTL = _find_prctl()


def _die_with_server() -> None:
    """In the child, before exec: be killed when the server's process goes."""
    _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL)


async def _ended(process: Process, seconds: float) -> bool:
    try:
        await asyncio.wait_for(process.wait(), seconds)
    except TimeoutError:
        return False
    return True


class Session(AppService):
    """One browser tab's debugger: its size capped, its process ended when the tab goes."""

    def __init__(self, command: str, *, limits: Limits, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.limits = limits
        self._stopping: asyncio.Task[None] | None = None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        # No shell: the process textual-serve stops (and this class kills) is the debugger.
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command), stdin=PIPE, stdout=PIPE, stderr=PIPE, env=environment,
            preexec_fn=_die_with_server if _PRCTL is not None else None)
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def start(self, width: object, height: object) -> None:
        """Start the debugger at the asked size, capped."""
        await super().start(cells(width, self.limits.max_width) or 80,
                            cells(height, self.limits.max_height) or 24)

    async def set_terminal_size(self, width: object, height: object) -> None:
        """Relay a resize, capped; a size that is not a pair of numbers is ignored."""
        columns, rows = cells(width, self.limits.max_width), cells(height, self.limits.max_height)
        if columns is not None and rows is not None:
            await super().set_terminal_size(columns, rows)

    async def stop(self) -> None:
        """End the debugger (safe to call again, and from several tasks)."""
        if self._stopping is None:
            self._stopping = asyncio.create_task(self._stop())
        await asyncio.shield(self._stopping)  # a cancelled caller leaves the ending to finish

    async def _stop(self) -> None:
        process = self._process
        if process is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        if process.returncode is None:
            await self.send_meta({"type": "quit"})
            for ending in (process.terminate, process.kill):
                if await _ended(process, self.limits.grace):
                    break
                log.warning("debugger %s did not end: %s", process.pid, ending.__name__)
                with suppress(ProcessLookupError):
                    ending()
            await process.wait()
        if self._task is not None:
            task, self._task = self._task, None
            with suppress(Exception):  # its websocket is gone: writes to it may fail
                await task


def room_full_page(limit: int) -> str:
    """The page a browser gets when every debugger is taken; it retries by itself."""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><meta http-equiv='refresh' "
        "content='15'><title>tui-backprop: the room is full</title></head>"
        "<body style='font-family: monospace; background: #0c181f; color: #eee; padding: 3em'>"
        f"<h1>The room is full</h1><p>All {html.escape(str(limit))} debuggers are in use. This "
        "page tries again every 15 seconds; a debugger frees up when its tab is closed.</p>"
        "</body></html>")


class GuardedServer(Server):
    """textual-serve's Server with an origin check, a session cap, a size cap, and clean ends."""

    def __init__(self, command: str, *, host: str, port: int, public_url: str,
                 origins: frozenset[Origin], limits: Limits) -> None:
        super().__init__(command, host=host, port=port, title="tui-backprop",
                         public_url=public_url)
        self.origins = origins
        self.limits = limits
        self.sessions: set[Session] = set()

    @property
    def full(self) -> bool:
        """True when a new tab would get no debugger."""
        return len(self.sessions) >= self.limits.max_sessions

    async def on_startup(self, app: web.Application) -> None:
        await super().on_startup(app)
        self.console.print(f"At most {self.limits.max_sessions} debuggers at once "
                           "(--max-sessions)", highlight=False)

    async def on_shutdown(self, app: web.Application) -> None:
        await asyncio.gather(*(session.stop() for session in list(self.sessions)))

    async def handle_index(self, request: web.Request) -> Any:
        if self.full:
            return web.Response(status=503, text=room_full_page(self.limits.max_sessions),
                                content_type="text/html", headers={"Retry-After": "15"})
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        origin = request.headers.get("Origin")
        if origin is None or origin_of(origin) not in self.origins:
            log.warning("refused a websocket from origin %r", origin)
            raise web.HTTPForbidden(text="tui-backprop serve: this page's origin may not "
                                         "open debuggers here\n")
        if self.full:
            raise web.HTTPServiceUnavailable(
                text=f"tui-backprop serve: the room is full ({self.limits.max_sessions} "
                     "debuggers in use)\n", headers={"Retry-After": "15"})
        websocket = web.WebSocketResponse(heartbeat=15)
        session = Session(self.command, limits=self.limits, write_bytes=websocket.send_bytes,
                          write_str=websocket.send_str, close=websocket.close,
                          download_manager=self.download_manager, debug=self.debug)
        self.sessions.add(session)  # before any await: checking and taking a seat are one step
        try:
            await websocket.prepare(request)
            await session.start(request.query.get("width"), request.query.get("height"))
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one tab's failure is logged, the server serves on
            log.exception(error)
        finally:
            try:
                await session.stop()
            finally:
                self.sessions.discard(session)
        return websocket
