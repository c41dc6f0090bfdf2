"""`tui-backprop serve`: a real server on 127.0.0.1 answers over HTTP, and a websocket client
gets the debugger's first screen, as a browser would."""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from serve_helpers import children, ended, free_port, wait_until
from tui_backprop.serve import (allowed_origins, app_command, default_max_sessions, is_wildcard,
                                origin_of, public_url)

pytestmark = pytest.mark.slow  # a real server, and the debugger under it

textual_serve = pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")


def get(url: str, timeout: float) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


async def first_screen(url: str, timeout: float,
                       while_open: Callable[[], None] = lambda: None) -> bytes:
    """What the served debugger writes to a fresh 80x24 browser terminal, until its header;
    `while_open` runs once that is received, before the client leaves."""
    received = b""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{url}/ws?width=80&height=24",
                                      headers={"Origin": url}) as ws:
            deadline = time.monotonic() + timeout
            while b"mazur" not in received and time.monotonic() < deadline:
                try:
                    message = await ws.receive(timeout=max(deadline - time.monotonic(), 0.1))
                except asyncio.TimeoutError:
                    break
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += message.data
                elif message.type == aiohttp.WSMsgType.TEXT:
                    received += message.data.encode("utf-8")
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                      aiohttp.WSMsgType.ERROR):
                    break
            while_open()
            await ws.close()
    return received


@pytest.mark.slow
def test_serve_answers_on_a_real_local_port(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path / "serve.log").open("wb")
    env = {**os.environ, "TEXTUAL_ANIMATIONS": "none"}
    server = subprocess.Popen(
        [sys.executable, "-m", "tui_backprop", "serve", "--port", str(port), "--example", "mazur"],
        stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        page = None
        deadline = time.monotonic() + 30
        while page is None and time.monotonic() < deadline and server.poll() is None:
            page = get(url + "/", timeout=2)
            if page is None:
                time.sleep(0.1)
        assert page is not None, (tmp_path / "serve.log").read_text(errors="replace")
        assert f"ws://127.0.0.1:{port}/ws" in page  # browsers connect back to the public URL
        assert get(url + "/static/js/textual.js", timeout=5)
        screen = asyncio.run(asyncio.wait_for(first_screen(url, timeout=30), 40))
        assert b"mazur" in screen and b"step" in screen
        assert wait_until(lambda: children(server.pid) == [])  # the client left: it ended
        debuggers: list[int] = []

        def kill_the_server() -> None:  # a crash: no time to stop its debugger
            debuggers.extend(children(server.pid))
            os.kill(server.pid, signal.SIGKILL)

        asyncio.run(asyncio.wait_for(first_screen(url, 30, kill_the_server), 40))
        assert len(debuggers) == 1 and wait_until(lambda: ended(debuggers[0]))
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the server and the debugger it started
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)
        log.close()


def test_the_served_command_repeats_the_options(tmp_path: Path) -> None:
    config = tmp_path / "my net.toml"
    args = argparse.Namespace(config=str(config), example=None, iterations=3, decimals=4,
                              theme="chalkboard", themes_dir=["themes"])
    words = shlex.split(app_command(args))
    assert words[:3] == [sys.executable, "-m", "tui_backprop"]
    assert words[3:] == ["--config", str(config.resolve()), "--iterations", "3", "--decimals", "4",
                         "--theme", "chalkboard", "--themes-dir", str(Path("themes").resolve())]


def test_public_url() -> None:
    assert public_url("127.0.0.1", 8000, None) == "http://127.0.0.1:8000"
    assert public_url("::1", 9000, None) == "http://[::1]:9000"
    assert public_url("0.0.0.0", 8000, "http://10.0.0.5:8000/") == "http://10.0.0.5:8000"
    assert public_url("0x7f.1", 8000, None) == "http://127.0.0.1:8000"  # as the resolver reads it
    for host, given in (("0.0.0.0", None), ("::", None), ("127.0.0.1", "10.0.0.5:8000"),
                        ("0.0.0.0", "http://0:8000"), ("0.0.0.0", "http://[::]:8000"),
                        ("0.0.0.0", "http://10.0.0.5:port")):
        with pytest.raises(ValueError):
            public_url(host, 8000, given)


@pytest.mark.parametrize("host", ["0.0.0.0", "0", "0x0", "00.0.0.0", "0.0", "::", "::0", "[::]",
                                  "0:0:0:0:0:0:0:0", "::ffff:0.0.0.0", "", " ", "*"])
def test_every_spelling_of_every_interface_is_a_wildcard(host: str) -> None:
    assert is_wildcard(host)


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "10.0.0.5", "localhost", "0.example.org",
                                  "1", "fe80::1"])
def test_addresses_and_names_are_not_wildcards(host: str) -> None:
    assert not is_wildcard(host)


def test_allowed_origins() -> None:
    local = allowed_origins("127.0.0.1", 8000, "http://127.0.0.1:8000")
    assert origin_of("http://127.0.0.1:8000") in local
    assert origin_of("http://LOCALHOST:8000") in local and origin_of("http://[::1]:8000") in local
    for foreign in ("http://evil.example", "http://127.0.0.1:8001", "https://127.0.0.1:8000",
                    "http://evil.example:8000", "null", ""):
        assert origin_of(foreign) not in local
    room = allowed_origins("0.0.0.0", 8000, "https://class.example.org")
    assert origin_of("https://class.example.org:443") in room
    assert origin_of("http://localhost:8000") in room  # the teacher's own browser
    assert origin_of("http://10.0.0.5:8000") not in room  # not the address students were given
    lan = allowed_origins("10.0.0.5", 8000, "http://10.0.0.5:8000")
    assert origin_of("http://localhost:8000") not in lan  # 10.0.0.5 does not answer there


def test_the_default_room_size_grows_with_the_cores() -> None:
    assert default_max_sessions() % 4 == 0 and default_max_sessions() >= 4


@pytest.mark.parametrize("args,needle", [
    (["--host", "0.0.0.0"], "give --public-url http://"),
    (["--host", "0x0"], "give --public-url http://"),
    (["--host", "0:0:0:0:0:0:0:0"], "give --public-url http://"),
    (["--host", "0.0.0.0", "--public-url", "http://00.0.0.0:8000"], "names every interface"),
    (["--max-sessions", "0"], "--max-sessions: expected a whole number >= 1"),
    (["--port", "0"], "--port: expected a port number"),
    (["--public-url", "example.org"], "--public-url: expected http://"),
    (["--theme", "nope"], "--theme: unknown theme"),
])
def test_bad_serve_options_exit_2_with_one_line(cli, args, needle) -> None:
    result = cli("serve", *args)
    assert result.status == 2 and needle in result.err and result.err.count("\n") == 1
