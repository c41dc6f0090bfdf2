"""Theme files: they load, they are what they claim (ANSI-only, greys-only, legible), broken
ones are reported and skipped, user folders override, and the wheel carries them."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from textual.color import Color
from textual.theme import BUILTIN_THEMES

import tui_backprop as tb
from tui_backprop.app import themes as themes_module
from tui_backprop.app.app import BackpropApp
from tui_backprop.app.themes import (
    DEFAULT_THEME,
    THEME_VARIABLES,
    load_theme_file,
    load_themes,
    theme_names,
    user_themes_dir,
    variable_defaults,
)

REPO = Path(__file__).resolve().parents[2]
THEME_FILES = sorted((REPO / "themes").glob("*.toml"))
REQUIRED = ("backprop-dark", "backprop-light", "backprop-contrast", "backprop-ansi", "backprop-mono")
COLOUR_FIELDS = ("primary", "secondary", "warning", "error", "success", "accent",
                 "foreground", "background", "surface", "panel", "boost")


def colours_of(path: Path) -> dict[str, str]:
    """Every colour a theme file writes: its fields and its colour-valued variables."""
    theme = load_theme_file(path)
    found = {key: getattr(theme, key) for key in COLOUR_FIELDS if getattr(theme, key)}
    for key, value in theme.variables.items():
        if not key.endswith("text-style"):
            found[key] = value
    return found


def contrast(one: Color, two: Color) -> float:
    """WCAG 2 contrast ratio of two opaque colours."""
    def luminance(colour: Color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_five_themes_ship() -> None:
    assert {path.stem for path in THEME_FILES} >= set(REQUIRED)


@pytest.mark.parametrize("path", THEME_FILES, ids=lambda path: path.stem)
def test_every_theme_file_loads_and_sets_every_app_variable(path: Path) -> None:
    theme = load_theme_file(path)
    assert theme.name == path.stem  # `--theme NAME` is the file's name
    assert set(THEME_VARIABLES) <= set(theme.variables)
    for value in variable_defaults(theme).values():
        Color.parse(value)


def test_packaged_themes_load_without_failures_default_first() -> None:
    themes, failures = load_themes()
    assert failures == []
    names = [theme.name for theme in themes]
    assert names[0] == DEFAULT_THEME
    assert set(REQUIRED) <= set(names)


def test_ansi_theme_uses_only_ansi_colours() -> None:
    theme = load_theme_file(REPO / "themes" / "backprop-ansi.toml")
    assert theme.ansi
    for key, value in colours_of(REPO / "themes" / "backprop-ansi.toml").items():
        assert value.startswith("ansi_"), f"{key} = {value}"


def test_mono_theme_uses_only_greys() -> None:
    for key, value in colours_of(REPO / "themes" / "backprop-mono.toml").items():
        colour = Color.parse(value)
        assert colour.r == colour.g == colour.b, f"{key} = {value}"


@pytest.mark.parametrize(("name", "least"), [
    ("backprop-contrast", 7.0),  # WCAG AAA
    ("backprop-light", 4.5),     # WCAG AA, for projectors
    ("backprop-dark", 4.5),
])
def test_state_colours_are_legible_on_the_background(name: str, least: float) -> None:
    theme = load_theme_file(REPO / "themes" / f"{name}.toml")
    background = Color.parse(theme.background or "")
    for variable in THEME_VARIABLES:
        if variable == "bp-unknown":
            continue  # deliberately faint: not computed yet
        ratio = contrast(Color.parse(theme.variables[variable]), background)
        assert ratio >= least, f"{variable}: {ratio:.2f}"


@pytest.mark.parametrize("name", sorted(BUILTIN_THEMES))
def test_variable_defaults_are_concrete_for_builtin_themes(name: str) -> None:
    defaults = variable_defaults(BUILTIN_THEMES[name])
    assert set(defaults) == set(THEME_VARIABLES)
    for value in defaults.values():
        assert "$" not in value
        Color.parse(value)


BROKEN = {
    "bad-toml.toml": 'name = "x\nprimary = "#fff"\n',
    "unknown-key.toml": 'primary = "#123456"\ncolour = "#ffffff"\n',
    "bad-colour.toml": 'primary = "#zzzzzz"\n',
    "no-primary.toml": 'background = "#000000"\n',
    "wrong-type.toml": 'primary = "#123456"\ndark = "yes"\n',
    "bad-variable.toml": 'primary = "#123456"\n[variables]\nfooter-key-foreground = "notacolor"\n',
    "bad-bp-variable.toml": 'primary = "#123456"\n[variables]\nbp-changed = "bold"\n',
    "ref-variable.toml": 'primary = "#123456"\n[variables]\nbp-active = "$accent"\n',
}


def test_broken_theme_files_give_one_line_each_and_the_rest_load(tmp_path: Path) -> None:
    for name, text in BROKEN.items():
        write(tmp_path, name, text)
    write(tmp_path, "fine.toml", 'primary = "#123456"\n[variables]\nblock-cursor-text-style = "b reverse"\n'
          'footer-key-foreground = "#ffffff 50%"\n')
    (tmp_path / "notes.txt").write_text("not a theme")
    themes, problems = load_themes([tmp_path])
    failures = [str(problem) for problem in problems]
    assert len(failures) == len(BROKEN)
    for message, name in zip(sorted(failures), sorted(BROKEN)):
        assert message.startswith(str(tmp_path / name) + ": ")
        assert "\n" not in message
    names = [theme.name for theme in themes]
    assert "fine" in names and set(REQUIRED) <= set(names)
    assert not any(Path(name).stem in names for name in BROKEN)


def test_a_missing_user_theme_folder_is_not_an_error(isolated_settings: Path) -> None:
    assert not user_themes_dir().exists()
    themes, failures = load_themes()
    assert failures == [] and len(themes) >= len(REQUIRED)


def test_user_folder_overrides_packaged_and_themes_dir_overrides_user(
    isolated_settings: Path, tmp_path: Path
) -> None:
    user = user_themes_dir()
    assert user.is_relative_to(isolated_settings)  # platformdirs follows XDG_CONFIG_HOME
    write(user, "mine.toml", 'name = "backprop-dark"\nprimary = "#010203"\n')
    write(user, "extra.toml", 'primary = "#445566"\n')
    themes = {theme.name: theme for theme in load_themes()[0]}
    assert themes["backprop-dark"].primary == "#010203"
    assert themes["extra"].primary == "#445566"
    write(tmp_path, "again.toml", 'name = "extra"\nprimary = "#778899"\n')
    themes = {theme.name: theme for theme in load_themes([tmp_path])[0]}
    assert themes["extra"].primary == "#778899"
    assert themes["backprop-dark"].primary == "#010203"


def test_theme_names_ours_first_then_textuals(tmp_path: Path) -> None:
    write(tmp_path, "zebra.toml", 'primary = "#123456"\n')
    names = theme_names([tmp_path])
    ours = [theme.name for theme in load_themes([tmp_path])[0]]
    assert names[: len(ours)] == ours
    assert names[0] == DEFAULT_THEME and "zebra" in ours
    assert names[len(ours):] == sorted(BUILTIN_THEMES)
    assert len(names) == len(set(names))


def test_a_theme_named_like_a_builtin_replaces_it_and_is_listed_once(tmp_path: Path) -> None:
    write(tmp_path, "nord.toml", 'primary = "#123456"\n')
    names = theme_names([tmp_path])
    assert names.count("nord") == 1 and names.index("nord") < names.index("ansi-dark")


@pytest.mark.slow  # builds a wheel in a subprocess
def test_wheel_carries_themes_and_examples(tmp_path: Path) -> None:
    """Build the wheel (no downloads when hatchling is installed) and load themes from it."""
    command = [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(tmp_path)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-build-isolation")
    subprocess.run(command, check=True, timeout=300, capture_output=True)
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        archive_names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for path in THEME_FILES:
        assert f"tui_backprop/themes/{path.name}" in archive_names
    examples = sorted((REPO / "tui_backprop" / "core" / "examples").glob("*.toml"))
    assert examples
    for path in examples:
        assert f"tui_backprop/core/examples/{path.name}" in archive_names
    # Imported from the unpacked wheel, the loader must find the packaged folder inside it.
    probe = ("import tui_backprop.app.themes as t; d = t.packaged_themes_dir(); "
             "print(d); print(','.join(x.name for x in t.load_themes()[0]))")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    out = subprocess.run([sys.executable, "-c", probe], env=env, check=True, timeout=60,
                         capture_output=True, text=True, cwd=tmp_path).stdout.splitlines()
    assert Path(out[0]) == tmp_path / "site" / "tui_backprop" / "themes"
    assert set(REQUIRED) <= set(out[1].split(","))


def test_checkout_falls_back_to_the_repository_folder() -> None:
    folder = themes_module.packaged_themes_dir()
    assert folder is not None and {path.stem for path in folder.glob("*.toml")} >= set(REQUIRED)


# ---- in the running app -------------------------------------------------------------------

def mazur_app(**options: object) -> BackpropApp:
    """The real app on Mazur's network (two layers, gradients of both signs)."""
    return BackpropApp(tb.build_trace(tb.example("mazur")), **options)


@pytest.mark.parametrize("path", THEME_FILES, ids=lambda path: path.stem)
async def test_every_theme_applies_in_the_app(path: Path) -> None:
    theme = load_theme_file(path)
    app = mazur_app(theme=theme.name)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == theme.name
        await pilot.press("f", "f", "n", "n", "n")  # into the backward phase: gradients show
        for variable in THEME_VARIABLES:
            assert app.theme_variables[variable] == theme.variables[variable]
        app.export_screenshot()
        # Switching away and back at run time re-derives the app's variables each time.
        app.theme = "textual-light"
        await pilot.pause()
        light = variable_defaults(BUILTIN_THEMES["textual-light"])
        assert {name: app.theme_variables[name] for name in THEME_VARIABLES} == light
        app.theme = theme.name
        await pilot.pause()
        assert app.theme_variables["bp-changed"] == theme.variables["bp-changed"]
        app.export_screenshot()


async def test_a_broken_theme_file_gives_a_notice_and_the_app_runs(tmp_path: Path) -> None:
    write(tmp_path, "broken.toml", 'primary = "#zzzzzz"\n')
    write(tmp_path, "chalk.toml", 'primary = "#88C0D0"\nbackground = "#1C2B22"\n')
    app = mazur_app(theme="chalk", themes_dirs=[tmp_path])
    notices: list[str] = []
    notify = app.notify

    def record(message: str, **options: object) -> None:
        notices.append(message)
        notify(message, **options)  # and really show it: a path must not be read as markup

    app.notify = record  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("n", "n")
        assert app.theme == "chalk"
        assert "broken" not in app.available_themes
        app.export_screenshot()
    assert len(notices) == 1
    assert notices[0].startswith(f"{tmp_path / 'broken.toml'}: ") and "\n" not in notices[0]


async def test_no_color_is_honoured_even_when_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "")  # presence is what counts (no-color.org)
    app = mazur_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert app.no_color
        assert app.theme == DEFAULT_THEME  # colour off is not a theme change


async def test_no_color_filter_follows_the_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under NO_COLOR: greys for a colour theme, no colour at all for the ANSI theme, chosen
    again when the theme changes (Textual chose once, for its own default theme)."""
    from textual.filter import Monochrome, NoColor

    monkeypatch.setenv("NO_COLOR", "1")
    app = mazur_app(theme="backprop-ansi")
    async with app.run_test(size=(80, 24)) as pilot:
        def filters() -> set[type]:
            return {type(f) for f in app.get_line_filters()} & {Monochrome, NoColor}
        assert filters() == {NoColor}
        app.theme = "backprop-dark"
        await pilot.pause()
        assert filters() == {Monochrome}
        await pilot.press("t")  # the next theme, whichever it is, gets its own filter
        assert filters() == ({NoColor} if app.current_theme.ansi else {Monochrome})
