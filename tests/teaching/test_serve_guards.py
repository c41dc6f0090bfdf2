"""The guards of `tui-backprop serve`, on a real server in this process: the origin check, the
room size, the terminal-size cap, and processes that end when their client leaves.

The served command is tests/teaching/served_echo.py, a stand-in that speaks textual-serve's
protocol, reports the size it started at and echoes what it is told, and marks each start
with a file (so "no process started" is checked, not assumed).
"""

from __future__ import annotations

import asyncio
import json
import logging
import shlex
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

aiohttp = pytest.importorskip("aiohttp")
pytest.importorskip("textual_serve")

from aiohttp import web  # noqa: E402

from serve_helpers import free_port  # noqa: E402
from tui_backprop.serve import allowed_origins  # noqa: E402
from tui_backprop.serve_server import GuardedServer, Limits  # noqa: E402

ECHO = Path(__file__).with_name("served_echo.py")
pytestmark = pytest.mark.slow  # every test starts processes


Start = Callable[..., Awaitable[tuple[GuardedServer, str]]]


@pytest.fixture
async def start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Start]:
    """Start a GuardedServer on 127.0.0.1 serving the echo app; stopped after the test."""
    monkeypatch.setenv("ECHO_MARKS", str(tmp_path))
    runners: list[web.AppRunner] = []

    async def start_server(limits: Limits, *flags: str) -> tuple[GuardedServer, str]:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = GuardedServer(shlex.join([sys.executable, str(ECHO), *flags]),
                               host="127.0.0.1", port=port, public_url=url,
                               origins=allowed_origins("127.0.0.1", port, url), limits=limits)
        runner = web.AppRunner(await server._make_app())
        await runner.setup()
        runners.append(runner)
        await web.TCPSite(runner, "127.0.0.1", port).start()
        return server, url

    yield start_server
    for runner in runners:
        await runner.cleanup()


def marks(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


async def next_report(ws: aiohttp.ClientWebSocketResponse, timeout: float = 20) -> dict:
    """The next JSON the echo app sent (its start report or an echoed meta packet)."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        message = await ws.receive(timeout=left)
        if message.type == aiohttp.WSMsgType.BINARY:
            return json.loads(message.data)
        if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                            aiohttp.WSMsgType.ERROR):
            break
    raise AssertionError("the served app sent nothing")


async def until(condition: Callable[[], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met before the deadline"
        await asyncio.sleep(0.05)


def alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


async def test_only_the_served_origins_may_start_a_debugger(start: Start, tmp_path: Path) -> None:
    server, url = await start(Limits(max_sessions=4))
    port = url.rsplit(":", 1)[1]
    async with aiohttp.ClientSession() as client:
        for headers in ({"Origin": "http://evil.example"}, {}, {"Origin": "null"},
                        {"Origin": "http://127.0.0.1:1"}, {"Origin": f"https://127.0.0.1:{port}"},
                        {"Origin": f"http://rebound.example:{port}"}):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(f"{url}/ws", headers=headers)
            assert refused.value.status == 403, headers
        assert marks(tmp_path) == [] and not server.sessions  # no process was started
        for origin in (url, f"http://localhost:{port}", f"http://[::1]:{port}"):
            async with client.ws_connect(f"{url}/ws", headers={"Origin": origin}) as ws:
                assert (await next_report(ws))["type"] == "started"
    assert len(marks(tmp_path)) == 3


async def test_a_full_room_starts_no_process(start: Start, tmp_path: Path) -> None:
    server, url = await start(Limits(max_sessions=2))
    origin = {"Origin": url}
    async with aiohttp.ClientSession() as client:
        first = await client.ws_connect(f"{url}/ws", headers=origin)
        second = await client.ws_connect(f"{url}/ws", headers=origin)
        for ws in (first, second):
            assert (await next_report(ws))["type"] == "started"
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(f"{url}/ws", headers=origin)
        assert refused.value.status == 503
        async with client.get(url + "/") as page:
            assert page.status == 503 and "The room is full" in await page.text()
        assert len(marks(tmp_path)) == 2
        await first.close()
        await until(lambda: len(server.sessions) == 1)  # a seat frees when its debugger ends
        async with client.get(url + "/") as page:
            assert page.status == 200
        async with client.ws_connect(f"{url}/ws", headers=origin) as third:
            assert (await next_report(third))["type"] == "started"
        await second.close()


async def test_terminal_sizes_are_capped(start: Start) -> None:
    _, url = await start(Limits(max_sessions=2))
    async with aiohttp.ClientSession() as client:
        async with client.ws_connect(f"{url}/ws?width=5000&height=5000",
                                     headers={"Origin": url}) as ws:
            report = await next_report(ws)
            assert (report["width"], report["height"]) == (500, 200)
            for asked, got in (((5000, 5000), (500, 200)), ((-3, 0), (1, 1)),
                               (("x", 30), None), (({}, 30), None), ((120, "40"), (120, 40))):
                await ws.send_json(["resize", {"width": asked[0], "height": asked[1]}])
                if got is not None:  # a size that is no number is not relayed at all
                    report = await next_report(ws)
                    assert (report["type"], report["width"], report["height"]) == ("resize", *got)
        async with client.ws_connect(f"{url}/ws?width=wide", headers={"Origin": url}) as ws:
            report = await next_report(ws)
            assert (report["width"], report["height"]) == (80, 24)


async def test_a_debugger_ends_when_its_client_leaves(start: Start) -> None:
    server, url = await start(Limits(max_sessions=2))
    async with aiohttp.ClientSession() as client:
        async with client.ws_connect(f"{url}/ws", headers={"Origin": url}) as ws:
            pid = (await next_report(ws))["pid"]
            assert alive(pid)
    await until(lambda: not alive(pid) and not server.sessions)


async def test_a_hung_debugger_is_killed_when_its_client_leaves(
        start: Start, caplog: pytest.LogCaptureFixture) -> None:
    server, url = await start(Limits(max_sessions=2, grace=0.3), "--stubborn")
    async with aiohttp.ClientSession() as client:
        async with client.ws_connect(f"{url}/ws", headers={"Origin": url}) as ws:
            pid = (await next_report(ws))["pid"]
    with caplog.at_level(logging.WARNING, logger="textual-serve"):
        await until(lambda: not alive(pid) and not server.sessions)
    assert "kill" in caplog.text  # it ignored quit and SIGTERM: only the kill ended it
