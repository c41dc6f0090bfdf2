"""Files are written whole or not at all (`tui_backprop.atomic`)."""

from __future__ import annotations

import os
import signal
import stat
import threading
from pathlib import Path

import pytest

from tui_backprop.atomic import READ_ONLY, atomic_open


def test_replaces_the_target_on_success(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with atomic_open(target) as out:
        out.write("néw")
        assert target.read_text() == "old"  # nothing visible until the end
    assert target.read_text(encoding="utf-8") == "néw"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_an_error_leaves_the_target_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_open(target, "wb") as out:
        out.write(b"half")
        raise RuntimeError("found bad input mid-way")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_cli_output_to_a_missing_folder_is_one_line(cli, tmp_path: Path) -> None:
    result = cli("summary", "-o", str(tmp_path / "no" / "such" / "out.txt"))
    assert result.status == 2
    assert result.err.strip().splitlines() == [
        f"tui-backprop: {tmp_path / 'no' / 'such' / 'out.txt'}: cannot write: No such file or directory"]


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path, umask_027) -> None:
    target = tmp_path / "new.txt"
    with atomic_open(target) as out:
        out.write("x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # 0666 less the umask, not 0600


def test_a_replaced_file_keeps_its_own_mode(tmp_path: Path, umask_027) -> None:
    target = tmp_path / "old.txt"
    target.write_text("old")
    target.chmod(0o604)
    with atomic_open(target) as out:
        out.write("new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o604 and target.read_text() == "new"


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "data" / "real.txt"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(Path("data") / "real.txt")  # relative, as links often are
    with atomic_open(link) as out:
        out.write("new")
    assert link.is_symlink() and os.readlink(link) == os.path.join("data", "real.txt")
    assert real.read_text() == "new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.txt"]


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    with atomic_open(fifo, "wb") as out:
        out.write(b"through the pipe")
    reader.join(timeout=30)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device needs root")
def test_a_device_of_our_own_is_written_through_not_replaced(tmp_path: Path) -> None:
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a second /dev/null
    with atomic_open(device) as out:
        out.write("gone")
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_a_read_only_file_is_refused_even_to_root(tmp_path: Path) -> None:
    target = tmp_path / "kept.txt"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(PermissionError) as caught, atomic_open(target) as out:
        out.write("new")
    assert caught.value.filename == str(target) and caught.value.strerror == READ_ONLY
    assert target.read_text() == "old"


def test_errors_name_the_target_not_the_temporary_file(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError) as caught, atomic_open(tmp_path) as out:
        out.write("x")
    assert caught.value.filename == str(tmp_path)
    missing = tmp_path / "no" / "out.txt"
    with pytest.raises(FileNotFoundError) as caught, atomic_open(missing) as out:
        out.write("x")
    assert caught.value.filename == str(missing)


def test_a_caller_s_own_error_keeps_its_name(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as caught, atomic_open(tmp_path / "out.txt") as out:
        out.write((tmp_path / "input.txt").read_text())
    assert caught.value.filename == str(tmp_path / "input.txt")


def test_sigterm_goes_on_to_the_handler_from_before(tmp_path: Path) -> None:
    seen: list[int] = []

    def remember(number: int, _frame: object) -> None:
        seen.append(number)

    before = signal.signal(signal.SIGTERM, remember)
    try:
        target = tmp_path / "out.txt"
        with pytest.raises(FileNotFoundError) as caught, atomic_open(target) as out:
            out.write("half")
            signal.raise_signal(signal.SIGTERM)
            assert seen == [signal.SIGTERM]  # ours ran first, then the one from before
            assert list(tmp_path.iterdir()) == []  # the temporary file is gone already
        assert caught.value.filename == str(target)  # the rename found its file gone
        assert signal.getsignal(signal.SIGTERM) is remember  # put back
    finally:
        signal.signal(signal.SIGTERM, before)
