"""Labels from files are shown, never obeyed: a network name holding escape sequences, C1,
DEL, bidi overrides, a lone surrogate or markup reaches no output raw, and JSON keeps it
exactly. Error messages that embed file names stay on one printable line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hostile import DESCRIPTION, NAME, unsafe, write_config
from tui_backprop.printable import printable

TEXT_COMMANDS = [
    ("summary",),
    ("trace", "--format", "text"),
    ("trace", "--format", "markdown"),
    ("gradcheck",),
]


@pytest.mark.parametrize("command", TEXT_COMMANDS, ids=" ".join)
def test_text_outputs_show_the_labels_printable(cli, tmp_path: Path, command: tuple[str, ...]) -> None:
    config = write_config(tmp_path)
    done = cli(*command, "--config", str(config))
    assert done.status == 0, done.err
    assert not unsafe(done.out.replace("\n", "")), command
    done.out.encode("utf-8")  # what a UTF-8 terminal or file takes (a lone surrogate did not)
    if command[0] != "summary":  # the summary names quantities, not the network
        # The name is there, made visible, whole on one line.
        shown = printable(NAME)
        if "markdown" in command:  # where \ [ ] . are escaped again, to be text
            shown = shown.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace(".", "\\.")
        assert any(shown in line for line in done.out.splitlines()), shown
    if "markdown" in command:
        # The description stays one paragraph: its newline is shown, not obeyed.
        assert not any(line.startswith("second line") for line in done.out.splitlines())


@pytest.mark.parametrize("command", [c for c in TEXT_COMMANDS if c[0] != "gradcheck"], ids=" ".join)
def test_text_outputs_written_to_a_file_are_printable(cli, tmp_path: Path, command: tuple[str, ...]) -> None:
    config = write_config(tmp_path)
    out = tmp_path / "out.txt"
    assert cli(*command, "--config", str(config), "-o", str(out)).status == 0
    assert not unsafe(out.read_text(encoding="utf-8").replace("\n", ""))


def test_json_keeps_the_exact_strings_and_writes_them_safely(cli, tmp_path: Path) -> None:
    config = write_config(tmp_path)
    done = cli("trace", "--format", "json", "--config", str(config))
    assert done.status == 0, done.err
    done.out.encode("utf-8")  # the lone surrogate is an escape, not a character
    assert not unsafe(done.out.replace("\n", ""))  # C1 and bidi overrides escaped too
    network = json.loads(done.out)["network"]
    assert network["name"] == NAME and network["description"] == DESCRIPTION
    out = tmp_path / "trace.json"  # and to a file, written as UTF-8
    assert cli("trace", "--format", "json", "--config", str(config), "-o", str(out)).status == 0
    assert json.loads(out.read_text(encoding="utf-8"))["network"]["name"] == NAME


def test_the_python_api_keeps_the_exact_name(tmp_path: Path) -> None:
    import tui_backprop as tb

    network = tb.load_network(write_config(tmp_path))
    assert network.name == NAME and network.description == DESCRIPTION


@pytest.mark.parametrize("name", ["a\nb\x1b[2J.toml", "\u202eevil\x9b.toml", "tab\there\r.json"])
def test_an_error_naming_a_hostile_path_is_one_printable_line(cli, tmp_path: Path, name: str) -> None:
    done = cli("summary", "--config", str(tmp_path / name))  # no such file
    assert done.status == 2 and done.out == ""
    assert done.err.count("\n") == 1 and done.err.endswith("no such file\n")
    assert not unsafe(done.err.rstrip("\n"))
    assert printable(name) in done.err


def test_an_error_in_a_file_with_a_hostile_name_is_one_printable_line(cli, tmp_path: Path) -> None:
    bad = tmp_path / "net\n\x1b]0;pwned\x07.toml"
    bad.write_text('name = "x"\nlearning_rate = "fast"\n', encoding="utf-8")
    done = cli("summary", "--config", str(bad))
    assert done.status == 2 and done.err.count("\n") == 1 and not unsafe(done.err.rstrip("\n"))
    assert "learning_rate" in done.err


def test_a_path_that_is_no_text_is_shown_not_crashed_on(tmp_path: Path) -> None:
    # A file name that is not UTF-8 reaches Python as lone surrogates (surrogateescape).
    name = tmp_path / "net\udcff\x1b.toml"
    done = subprocess.run([sys.executable, "-m", "tui_backprop", "summary", "--config", str(name)],
                          capture_output=True, timeout=60)
    assert done.returncode == 2, done.stderr
    err = done.stderr.decode("utf-8")
    assert err.count("\n") == 1 and "\\udcff" in err and "\\x1b" in err and not unsafe(err.strip())


def test_an_unknown_theme_with_control_characters_is_one_printable_line(cli) -> None:
    done = cli("--theme", "x\x1b[2J\ny")
    assert done.status == 2 and done.err.count("\n") == 1 and not unsafe(done.err.rstrip("\n"))


def _hostile_themes(folder: Path) -> Path:
    folder.mkdir()
    colour = 'primary = "#0178D4"\n'
    (folder / "evil\x1b]0;pwned\x07[@click=app.quit].toml").write_text(colour, encoding="utf-8")
    (folder / "named.toml").write_text('name = "[/x]\\u202e\\u001b[2J"\n' + colour, encoding="utf-8")
    return folder


def test_theme_names_from_files_are_listed_printable(cli, tmp_path: Path) -> None:
    folder = _hostile_themes(tmp_path / "themes")
    done = cli("themes", "--themes-dir", str(folder))
    assert done.status == 0, done.err
    assert not unsafe(done.out.replace("\n", ""))
    assert not unsafe(done.err.replace("\n", ""))
    # A name a terminal would obey is refused (theme names are checked at load), and the
    # notice says so printable; the listing never holds it raw.
    assert "evil\\x1b]0;pwned\\x07[@click=app.quit]" in done.err
    assert "[/x]\\u202e\\x1b[2J" in done.err


def test_examples_are_listed_printable(cli) -> None:
    done = cli("examples")
    assert done.status == 0 and not unsafe(done.out.replace("\n", ""))


def test_recorded_frames_are_valid_xml_and_the_paths_printable(cli, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    config = write_config(tmp_path)
    out = tmp_path / "rec\x1b]0;pwned\x07"
    done = cli("record", "--config", str(config), "--keys", "n,n", "--out", str(out),
               "--svg-animation")
    assert done.status == 0, done.err
    assert not unsafe(done.out.replace("\n", "")) and "rec\\x1b]0;pwned\\x07" in done.out
    frames = sorted(out.glob("*.svg"))
    assert len(frames) == 4  # three frames and the animation
    for frame in frames:
        ET.parse(frame)  # no control character or lone surrogate: valid XML
        assert not unsafe(frame.read_text(encoding="utf-8").replace("\n", ""))
