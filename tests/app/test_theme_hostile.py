"""Hostile theme folders: every file that once loaded and then stopped the app (or stopped
it from starting, or hung it) is skipped with one line naming it, the app starts in the
default theme, and `tui-backprop themes` still lists the good ones."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.theme import BUILTIN_THEMES

import tui_backprop as tb
from tui_backprop.app import theme_files
from tui_backprop.app.app import MAX_NOTICES, BackpropApp
from tui_backprop.app.theme_check import textual_kinds
from tui_backprop.app.themes import DEFAULT_THEME, load_theme_file, load_themes

GOOD = 'primary = "#123456"\n'


def text(body: str, name: str = "bad.toml") -> Callable[[Path], Path]:
    """A maker of one file with `body` in the folder it is given."""
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_text(body, encoding="utf-8")
        return path
    return make


def special(kind: str) -> Callable[[Path], Path]:
    """A maker of an entry named bad.toml that is not a regular file."""
    def make(folder: Path) -> Path:
        path = folder / "bad.toml"
        if kind == "folder":
            path.mkdir()
        elif kind == "fifo":
            os.mkfifo(path)  # a plain open() of it would block start-up for ever
        elif kind == "loop":
            path.symlink_to(path.name)
        elif kind == "big":
            path.write_text(GOOD + "# " + "x" * theme_files.MAX_THEME_BYTES + "\n")
        elif kind == "latin1":
            path.write_bytes(b'primary = "#123456"\n# caf\xe9\n')
        return path
    return make


# id: (maker, what the one-line notice must say after the file's path)
HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "variable-not-a-colour": (text(GOOD + '[variables]\nforeground = "bold"\n'),
                              "variables.foreground = 'bold': expected a colour"),
    "style-variable-a-colour": (text(GOOD + '[variables]\nlink-style = "#ffffff"\n'),
                                "variables.link-style = '#ffffff': expected a text style"),
    "auto-where-no-auto": (text(GOOD + '[variables]\nbackground = "auto 50%"\n'),
                           "variables.background = 'auto 50%'"),
    "variable-reference": (text(GOOD + '[variables]\nborder = "$accent"\n'), "variables.border"),
    "variable-alpha-junk": (text(GOOD + '[variables]\nborder = "#ffffff 50"\n'), "variables.border"),
    "shade-with-alpha": (text(GOOD + '[variables]\nbackground-darken-1 = "#ffffff 50%"\n'),
                         "variables.background-darken-1 = '#ffffff 50%': Textual cannot use"),
    "too-many-variables": (text(GOOD + "[variables]\n" + "".join(
        f'v{number} = "#ffffff"\n' for number in range(501))), "variables: 501 of them"),
    "variable-not-string": (text(GOOD + "[variables]\nborder = 3\n"),
                            "variables.border = 3: expected a string"),
    "variable-bad-name": (text(GOOD + '[variables]\n"a b" = "#ffffff"\n'), "variables.'a b'"),
    "variables-not-table": (text(GOOD + 'variables = "x"\n'), "variables: expected a table"),
    "deep-nesting": (text(GOOD + "x = " + "[" * 5000 + "]" * 5000 + "\n"), "nested too deeply"),
    "huge-integer": (text(GOOD + "luminosity_spread = " + "9" * 400 + "\n"),
                     "luminosity_spread = a huge number: expected a number from 0 to 1"),
    "too-many-digits": (text(GOOD + "text_alpha = " + "9" * 5000 + "\n"), "digits"),
    "infinite-float": (text(GOOD + "luminosity_spread = 1e999\n"), "luminosity_spread = inf"),
    "nan": (text(GOOD + "luminosity_spread = nan\n"), "luminosity_spread = nan"),
    "negative": (text(GOOD + "luminosity_spread = -0.5\n"), "luminosity_spread = -0.5"),
    "colour-field-number": (text(GOOD + "accent = 12\n"), "accent = 12: expected a colour"),
    "colour-field-junk": (text(GOOD + 'background = "#zzzzzz"\n'),
                          "background = '#zzzzzz': expected a colour"),
    "name-not-string": (text('name = 5\nprimary = "#123456"\n'), "name = 5"),
    "name-with-comma": (text('name = "a,nord"\n' + GOOD), "name = 'a,nord'"),
    "name-from-escape-file-name": (text(GOOD, name="evil\x1b]0;owned\x07.toml"), "name = "),
    "unknown-key": (text(GOOD + 'colour = "#ffffff"\n'), "unknown keys colour"),
    "many-unknown-keys": (text(GOOD + "".join(f'k{n:03}{"x" * 60} = 1\n' for n in range(300))),
                          "unknown keys k000xxx"),
    "bool-not-bool": (text(GOOD + 'ansi = "yes"\n'), "ansi = 'yes': expected true or false"),
    "a-folder": (special("folder"), "not a regular file (a folder)"),
    "a-fifo": (special("fifo"), "not a regular file (a FIFO)"),
    "a-symlink-loop": (special("loop"), "cannot read"),
    "too-big": (special("big"), "larger than 64 KiB"),
    "not-utf8": (special("latin1"), "not UTF-8"),
}


def hostile_folder(folder: Path, case: str) -> Path:
    """`folder` with one good theme (fine.toml) and the hostile entry; returns its path."""
    folder.mkdir(exist_ok=True)
    (folder / "fine.toml").write_text(GOOD)
    return HOSTILE[case][0](folder)


def recording_app(**options: object) -> tuple[BackpropApp, list[str]]:
    """The app on Mazur's network, and the list its notices are recorded in."""
    app = BackpropApp(tb.build_trace(tb.example("mazur")), **options)
    notices: list[str] = []
    notify = app.notify

    def record(message: str, **kwargs: object) -> None:
        notices.append(message)
        notify(message, **kwargs)  # and really show it: the toast must not break either

    app.notify = record  # type: ignore[method-assign]
    return app, notices


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_file_costs_one_line_and_the_rest_load(tmp_path: Path, case: str) -> None:
    bad = hostile_folder(tmp_path, case)
    themes, problems = load_themes([tmp_path])
    assert [problem.path for problem in problems] == [bad]
    line = str(problems[0])
    assert len(line) < len(str(bad)) + 400  # a notice, never a dump of the file
    assert line.isprintable() and "\n" not in line and "\x1b" not in line
    assert HOSTILE[case][1] in line, line
    assert "fine" in [theme.name for theme in themes]


@pytest.mark.parametrize("case", HOSTILE)
async def test_the_app_starts_in_the_default_theme_with_the_notice(tmp_path: Path,
                                                                   case: str) -> None:
    bad = hostile_folder(tmp_path, case)
    app, notices = recording_app(themes_dirs=[tmp_path])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("n")
        assert app.theme == DEFAULT_THEME
        # Show every theme loaded from files, as `t` would: one that loaded but cannot be
        # shown stops the app here (the stylesheet is parsed with its variables).
        ours = [name for name in app.theme_order() if name not in BUILTIN_THEMES]
        assert "fine" in ours
        for name in ours:
            app.theme = name
            await pilot.pause()
    assert len(notices) == 1
    expected = theme_files.one_line(str(bad)) + ": "
    assert notices[0].startswith(expected) and HOSTILE[case][1] in notices[0]


@pytest.mark.parametrize("case", HOSTILE)
def test_the_themes_command_lists_the_good_ones(tmp_path: Path, case: str, cli) -> None:
    bad = hostile_folder(tmp_path, case)
    result = cli("themes", "--themes-dir", str(tmp_path))
    assert result.status == 0
    assert "fine" in result.out.split() and DEFAULT_THEME in result.out.split()
    (line,) = result.err.splitlines()
    assert line.startswith(f"tui-backprop: theme not loaded: {theme_files.one_line(str(bad))}: ")
    assert HOSTILE[case][1] in line


def test_theme_naming_a_skipped_file_exits_2_with_one_line(tmp_path: Path, cli) -> None:
    (tmp_path / "chalk.toml").write_text(GOOD + '[variables]\nforeground = "bold"\n')
    result = cli("--theme", "chalk", "--themes-dir", str(tmp_path))
    assert result.status == 2 and result.out == ""
    (line,) = result.err.splitlines()
    assert f"'chalk' was not loaded: {tmp_path / 'chalk.toml'}: variables.foreground" in line
    result = cli("--theme", "nothing-like-it", "--themes-dir", str(tmp_path))
    assert result.status == 2 and "unknown theme 'nothing-like-it'" in result.err


# ---- folders ----------------------------------------------------------------------------

def unreadable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make `folder` fail to list as chmod 000 would (tests run as root, which reads all)."""
    scandir = os.scandir

    def refuse(path: object) -> object:
        if Path(str(path)) == folder:
            raise PermissionError(13, "Permission denied", str(folder))
        return scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(theme_files.os, "scandir", refuse)


@pytest.mark.parametrize(("case", "says"), [
    ("missing", "no such folder"),
    ("a-file", "not a folder"),
    ("unreadable", "cannot read the folder: Permission denied"),
])
async def test_a_bad_themes_dir_is_one_notice_and_the_app_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli, case: str, says: str
) -> None:
    folder = tmp_path / "themes"
    if case == "a-file":
        folder.write_text(GOOD)
    elif case == "unreadable":
        folder.mkdir()
        unreadable(monkeypatch, folder)
    app, notices = recording_app(themes_dirs=[folder])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("n")
        assert app.theme == DEFAULT_THEME
    assert notices == [f"{folder}: {says}"]
    result = cli("themes", "--themes-dir", str(folder))
    assert result.status == 0 and DEFAULT_THEME in result.out.split()
    assert result.err == f"tui-backprop: theme not loaded: {folder}: {says}\n"


def test_a_folder_of_thousands_is_read_only_to_the_cap(tmp_path: Path) -> None:
    count = theme_files.MAX_THEME_FILES + 5
    for number in range(count):
        (tmp_path / f"t{number:04}.toml").write_text(GOOD)
    themes, problems = load_themes([tmp_path])
    ours = [theme.name for theme in themes if theme.name.startswith("t0")]
    assert ours == [f"t{number:04}" for number in range(theme_files.MAX_THEME_FILES)]
    assert [str(problem) for problem in problems] == [
        f"{tmp_path}: {count} theme files; only the first {theme_files.MAX_THEME_FILES} "
        "by name were read"]


async def test_many_broken_files_give_a_few_notices_and_a_count(tmp_path: Path) -> None:
    for number in range(MAX_NOTICES + 4):
        (tmp_path / f"b{number}.toml").write_text('primary = "nope"\n')
    app, notices = recording_app(themes_dirs=[tmp_path])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("n")
    assert len(notices) == MAX_NOTICES + 1
    assert notices[-1].startswith("and 4 more")


# ---- what is accepted must really work -----------------------------------------------

ACCEPTED = {
    # Textual's ANSI colour system defines no $ansi-background, which its widgets use.
    "ansi-hex": 'ansi = true\nprimary = "#123456"\nbackground = "#000000"\n',
    "ansi-light-names": 'ansi = true\ndark = false\nprimary = "ansi_blue"\n',
    "alphas-and-styles": GOOD + '[variables]\nborder = "ansi_red 50%"\ntext = "auto 60%"\n'
                         'link-background = "initial"\nlink-style = "bold not underline"\n'
                         'block-cursor-text-style = "b reverse"\nmy-own = "#ffffff"\n',
    "whole-number-fractions": GOOD + "luminosity_spread = 1\ntext_alpha = 0\n",
    "nord": 'name = "nord"\nprimary = "#123456"\n',  # ours replaces Textual's, by design
}


@pytest.mark.parametrize("case", ACCEPTED)
async def test_accepted_edge_cases_apply_in_the_app(tmp_path: Path, case: str) -> None:
    path = tmp_path / f"{case}.toml"
    path.write_text(ACCEPTED[case])
    name = load_theme_file(path).name
    app, notices = recording_app(theme=name, themes_dirs=[tmp_path])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("n", "ctrl+p")  # the palette's own CSS joins the stylesheet
        await pilot.pause()
        assert app.theme == name and notices == []
        app.stylesheet.reparse()  # raises here, not in a callback, if a variable is bad
        await pilot.press("escape")


@pytest.mark.parametrize("colour", ["#808080", "ansi_bright_red"])
async def test_every_textual_variable_kind_matches_the_stylesheet(tmp_path: Path,
                                                                  colour: str) -> None:
    """A theme setting every variable Textual generates to a value of the kind the loader
    accepts for it parses in the app's stylesheet: the kinds are Textual's own."""
    samples = {"colour": colour, "auto": "auto 70%", "initial": "initial",
               "style": "bold not underline"}
    lines = [f'{name} = "{samples[kind]}"' for name, kind in textual_kinds().items()]
    (tmp_path / "everything.toml").write_text(GOOD + "[variables]\n" + "\n".join(lines) + "\n")
    app, notices = recording_app(theme="everything", themes_dirs=[tmp_path])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("n", "ctrl+p")
        await pilot.pause()
        assert app.theme == "everything" and notices == []
        app.stylesheet.reparse()
        await pilot.press("escape")
    assert {"text", "link-style", "link-background", "border"} <= set(textual_kinds())
    assert set(BUILTIN_THEMES["nord"].variables) <= set(textual_kinds())
