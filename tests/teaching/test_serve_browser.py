"""`tui-backprop serve` in a real browser: headless Chromium (Debian's `chromium`) driven by
Playwright opens the served page, types keys, saves an export, opens and closes tabs.

What the terminal shows is read from the websocket frames the page receives (xterm.js draws
on a canvas, which has no text to read). Under CI (CI=true) a missing browser or Playwright
fails these tests instead of skipping them: a skipped browser test proves nothing.
"""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from serve_helpers import children, ended, free_port, wait_until

pytestmark = pytest.mark.slow
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
"""As root in a container: no sandbox, no GPU, and no traffic beyond the test's server."""
TIMEOUT = 30.0


def _unavailable(why: str) -> None:
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(f"CI must run the browser tests of serve, but {why}", pytrace=False)
    pytest.skip(why)


def _chromium() -> str:
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists()
                                        else None)
    if path is None:
        _unavailable("chromium is not installed (apt-get install chromium)")
    return str(path)


class Served:
    """A `tui-backprop serve` process on 127.0.0.1, run in its own empty folder and home."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.cwd, self.home = folder / "cwd", folder / "home"
        self.cwd.mkdir()
        self.home.mkdir()
        self.log = folder / "serve.log"
        env = {**os.environ, "HOME": str(self.home), "TEXTUAL_ANIMATIONS": "none",
               "PYTHONUNBUFFERED": "1",  # its log is read while it runs
               "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parents[2]),
                                                           os.environ.get("PYTHONPATH")]))}
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tui_backprop", "serve", "--port", str(self.port),
                 "--example", "mazur"], cwd=self.cwd, env=env, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"serve did not start:\n{self.log.read_text(errors='replace')}")

    def debuggers(self) -> set[int]:
        return set(children(self.process.pid))

    def files_written(self) -> list[Path]:
        return [path for root in (self.cwd, self.home) for path in root.rglob("*")]

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    server = Served(tmp_path_factory.mktemp("served"))
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        # launch() gives the browser a fresh temporary profile (user-data-dir) of its own.
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Tab:
    """One browser tab on the served page, with the text its terminal has received."""

    def __init__(self, context, url: str) -> None:
        self.page = context.new_page()
        self.received: list[str] = []
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._frame))
        self.page.goto(url + "/")

    def _frame(self, payload: str | bytes) -> None:
        self.received.append(payload if isinstance(payload, str)
                             else payload.decode("utf-8", "replace"))

    def press(self, key: str) -> None:
        """Type a key into the terminal (xterm.js reads keys through its hidden textarea)."""
        self.page.focus(".xterm-helper-textarea")
        self.page.keyboard.press(key)

    def text(self) -> str:
        return "".join(self.received)

    def until(self, condition: Callable[[], bool], what: str) -> None:
        """Let the browser run (its events arrive meanwhile) until `condition`, or fail."""
        deadline = time.monotonic() + TIMEOUT
        while not condition():
            assert time.monotonic() < deadline, f"{what}: not before the deadline"
            self.page.wait_for_timeout(50)

    def until_shown(self, text: str) -> None:
        self.until(lambda: text in self.text(), f"the terminal shows {text!r}")


@pytest.fixture
def context(browser):
    context = browser.new_context(accept_downloads=True)
    # The page asks Google for a font; the test machine has no internet: fail it at once.
    context.route("https://fonts.googleapis.com/**", lambda route: route.abort())
    yield context
    context.close()


def test_the_page_shows_the_debugger_and_keys_step_it(context, served: Served) -> None:
    tab = Tab(context, served.url)
    tab.until_shown("mazur 2-2-2")
    tab.until_shown("step 0 of 43")
    assert tab.page.evaluate("document.body.classList.contains('-first-byte')")  # drawn
    tab.press("n")
    tab.until_shown("step 1 of 43")
    tab.press("n")
    tab.until_shown("step 2 of 43")


def test_an_export_downloads_to_the_browser_and_writes_nothing_on_the_server(
        context, served: Served) -> None:
    downloads: list = []
    # textual-serve opens the download in a new tab: listen on every tab the context opens.
    context.on("page", lambda page: page.on("download", lambda got: downloads.append(got)))
    tab = Tab(context, served.url)
    tab.until_shown("step 0 of 43")
    before = served.files_written()
    tab.press("n")
    tab.until_shown("step 1 of 43")
    tab.press("s")
    tab.until(lambda: bool(downloads), "a download arrives in the browser")
    download = downloads[0]
    assert download.suggested_filename.startswith("mazur-2-2-2_step-1_")
    assert download.suggested_filename.endswith(".svg")
    svg = Path(download.path()).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "mazur" in svg
    assert served.files_written() == before == []  # nothing in the server's folder or home


def test_every_tab_has_its_own_debugger_which_ends_with_the_tab(context, served: Served) -> None:
    first = Tab(context, served.url)
    first.until_shown("step 0 of 43")
    first.until(lambda: len(served.debuggers()) == 1, "one debugger for one tab")
    (mine,) = served.debuggers()
    second = Tab(context, served.url)
    second.until_shown("step 0 of 43")
    first.until(lambda: len(served.debuggers()) == 2, "a second debugger for a second tab")
    (theirs,) = served.debuggers() - {mine}
    second.press("n")
    second.until_shown("step 1 of 43")
    assert "step 1 of 43" not in first.text()  # the tabs do not share a debugger
    second.page.close()
    first.until(lambda: ended(theirs), "the closed tab's debugger ends")
    assert served.debuggers() == {mine} and not ended(mine)


class _Elsewhere(http.server.BaseHTTPRequestHandler):
    """Another web site on this machine: one page, no debugger."""

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        body = b"<!DOCTYPE html><html><body>elsewhere</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_page_from_another_site_cannot_open_a_debugger(context, served: Served) -> None:
    # Any page the user visits could script a websocket to this server. Chromium itself now
    # keeps public sites from reaching 127.0.0.1, but not other local ones (and not every
    # browser does), so "another site" here is a web server on another local port.
    elsewhere = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Elsewhere)
    threading.Thread(target=elsewhere.serve_forever, daemon=True).start()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{elsewhere.server_address[1]}/")
        before = served.debuggers()
        outcome = page.evaluate("""url => new Promise(done => {
            const ws = new WebSocket(url);
            ws.onopen = () => done("opened");
            ws.onerror = () => done("refused");
        })""", served.url.replace("http", "ws", 1) + "/ws")
    finally:
        elsewhere.shutdown()
        elsewhere.server_close()
    assert outcome == "refused"
    assert served.debuggers() == before
    assert wait_until(lambda: "refused a websocket from origin 'http://127.0.0.1:"
                      in served.log.read_text(errors="replace"))
