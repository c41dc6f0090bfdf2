"""Files are written whole or not at all (`tui_backprop.atomic`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_backprop.atomic import atomic_open


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
