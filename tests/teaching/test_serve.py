"""`tui-backprop serve`: a real server on 127.0.0.1 answers over HTTP, and a websocket client
gets the debugger's first screen, as a browser would."""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tui_backprop.serve import app_command, public_url

pytestmark = pytest.mark.slow  # a real server, and the debugger under it

textual_serve = pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, timeout: float) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


async def first_screen(url: str, timeout: float) -> bytes:
    """What the served debugger writes to a fresh 80x24 browser terminal, until its header."""
    received = b""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{url}/ws?width=80&height=24") as ws:
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
            await ws.close()
    return received


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
    for host, given in (("0.0.0.0", None), ("::", None), ("127.0.0.1", "10.0.0.5:8000")):
        with pytest.raises(ValueError):
            public_url(host, 8000, given)


@pytest.mark.parametrize("args,needle", [
    (["--host", "0.0.0.0"], "give --public-url http://"),
    (["--port", "0"], "--port: expected a port number"),
    (["--public-url", "example.org"], "--public-url: expected http://"),
    (["--theme", "nope"], "--theme: unknown theme"),
])
def test_bad_serve_options_exit_2_with_one_line(cli, args, needle) -> None:
    result = cli("serve", *args)
    assert result.status == 2 and needle in result.err and result.err.count("\n") == 1
