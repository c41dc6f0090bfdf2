"""`-o FILE` never harms what FILE stands for: devices stay devices, a full disk or a read-only
file is one line with exit status 2, and a killed writer leaves no temporary file."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEVICES = ("/dev/null", "/dev/full", "/dev/stdout")


@pytest.fixture(autouse=True)
def machine_devices():
    """Put back a device or link the fault under test replaced: as root it would replace the
    machine's own /dev/null or /dev/stdout, which every other program then trips over."""
    before = {path: os.lstat(path) for path in DEVICES if os.path.lexists(path)}
    links = {path: os.readlink(path) for path, info in before.items() if stat.S_ISLNK(info.st_mode)}
    yield
    broken = [path for path, info in before.items()
              if stat.S_IFMT(os.lstat(path).st_mode) != stat.S_IFMT(info.st_mode)]
    for path in broken:
        os.remove(path)
        if path in links:
            os.symlink(links[path], path)
        else:
            os.mknod(path, before[path].st_mode, before[path].st_rdev)
            os.chmod(path, stat.S_IMODE(before[path].st_mode))
    assert not broken, f"replaced by a regular file (now put back): {broken}"


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_trace_to_dev_null_leaves_it_a_device(cli) -> None:
    result = cli("trace", "--example", "mazur", "-o", "/dev/null")
    assert result.status == 0, result.err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_device_is_one_line_naming_it(cli) -> None:
    result = cli("trace", "-o", "/dev/full")
    assert result.status == 2
    assert result.err.splitlines() == ["tui-backprop: /dev/full: cannot write: No space left on device"]
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_standard_output_on_a_full_device_is_one_line(script: str) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run([script, "summary"], stdout=full, stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "tui-backprop: standard output: cannot write: No space left on device"]


def test_dev_stdout_is_written_through_to_the_pipe(script: str, seed_summary: bytes) -> None:
    proc = subprocess.run([script, "summary", "-o", "/dev/stdout"], capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == seed_summary


def test_dev_stdout_redirected_to_a_file_appends_to_it(script: str, seed_summary: bytes,
                                                         tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_bytes(b"before\n")
    with open(log, "ab") as out:
        proc = subprocess.run([script, "summary", "-o", "/dev/stdout"], stdout=out)
    assert proc.returncode == 0
    assert log.read_bytes() == b"before\n" + seed_summary  # the file, not a new one, got it


def test_a_read_only_file_is_refused_in_one_line(cli, tmp_path: Path) -> None:
    target = tmp_path / "kept.txt"
    target.write_text("old")
    target.chmod(0o444)
    result = cli("summary", "-o", str(target))
    assert result.status == 2
    assert result.err.splitlines() == [f"tui-backprop: {target}: cannot write: the file is read-only"]
    assert target.read_text() == "old"


def test_a_directory_is_refused_in_one_line(cli, tmp_path: Path) -> None:
    result = cli("summary", "-o", str(tmp_path))
    assert result.status == 2
    assert result.err.splitlines() == [f"tui-backprop: {tmp_path}: cannot write: Is a directory"]
    assert list(tmp_path.iterdir()) == []


SLOW_WRITER = """
import sys, time
from pathlib import Path
from tui_backprop.atomic import atomic_open
with atomic_open(Path(sys.argv[1])) as out:
    for n in range(10**9):  # a large output, written slowly, until a signal ends it
        out.write("x" * 65536)
        out.flush()
        if n == 0:
            print("writing", flush=True)
        time.sleep(0.01)
"""


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_removes_the_temporary_file(tmp_path: Path, number: int) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(target)],
                            stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "writing\n"
        assert len(list(tmp_path.iterdir())) == 2  # the target and the temporary file
        proc.send_signal(number)
        assert proc.wait(timeout=60) == -number  # ended by the signal, as before
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    assert target.read_text() == "old"
