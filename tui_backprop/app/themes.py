"""Themes as data: TOML files read into Textual `Theme`s, plus the app's own colour variables.

Themes come from three places, later ones overriding earlier ones by name: the packaged
`themes/` folder, the user's config folder (`~/.config/tui-backprop/themes` on Linux), then
any `--themes-dir`. A broken file never stops the app: it becomes a one-line message naming
the file, and the other themes still load.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterable, Sequence
from importlib.resources import files
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.theme import BUILTIN_THEMES, Theme

DEFAULT_THEME: str = "backprop-dark"
"""The theme the debugger starts with when none is asked for."""

THEME_VARIABLES: dict[str, str] = {
    "bp-grad-positive": "text-success",
    "bp-grad-negative": "text-error",
    "bp-changed": "text-warning",
    "bp-active": "text-primary",
    "bp-breakpoint": "error",
    "bp-unknown": "foreground-disabled",
}
"""The app's own CSS variables, each with the colour-system variable it defaults to."""

_FIELDS = {field.name: field for field in dataclasses.fields(Theme)}
_COLOUR_FIELDS = ("primary", "secondary", "warning", "error", "success", "accent",
                  "foreground", "background", "surface", "panel", "boost")
_NUMBER_FIELDS = ("luminosity_spread", "text_alpha")
_BOOL_FIELDS = ("dark", "ansi")


def variable_defaults(theme: Theme) -> dict[str, str]:
    """Concrete colours for every bp-* variable: the theme's own, else derived from its colours.

    Values are never `$references`: Textual substitutes programmatic variables without
    resolving references inside them.
    """
    colours = theme.to_color_system().generate()
    defaults: dict[str, str] = {}
    for name, source in THEME_VARIABLES.items():
        value = theme.variables.get(name) or colours.get(source)
        if name == "bp-unknown" and value is None:
            # ANSI colour systems have no `foreground-disabled`; a grey the terminal knows.
            value = "ansi_bright_black" if theme.ansi else colours["foreground-muted"]
        defaults[name] = value or colours["foreground"]
    return defaults


def packaged_themes_dir() -> Path | None:
    """The themes that ship with the program: in the wheel, or the checkout's `themes/`."""
    packaged = files("tui_backprop") / "themes"
    if packaged.is_dir():
        return Path(str(packaged))
    # An editable install does not map hatch's force-include, so look at the repo root.
    checkout = Path(__file__).resolve().parents[2] / "themes"
    return checkout if checkout.is_dir() else None


def user_themes_dir() -> Path:
    """The user's own theme folder (it need not exist)."""
    import platformdirs  # only here: ~15 ms of start-up otherwise (Textual imports it lazily too)

    return platformdirs.user_config_path("tui-backprop") / "themes"


def load_themes(extra_dirs: Sequence[Path] = ()) -> tuple[list[Theme], list[str]]:
    """Every theme file found, and one message per file that could not be used.

    The default theme comes first; a theme whose name is loaded again later is replaced
    in place, so `--themes-dir` can restyle a packaged theme.
    """
    found: dict[str, Theme] = {}
    failures: list[str] = []
    packaged = packaged_themes_dir()
    folders = [*([packaged] if packaged else []), user_themes_dir(), *map(Path, extra_dirs)]
    for folder in folders:
        for path in _theme_files(folder, failures):
            try:
                # The packaged themes' colours are checked by the test suite, not at every start.
                theme = load_theme_file(path, check_colours=folder != packaged)
            except (OSError, UnicodeDecodeError, ValueError) as error:
                failures.append(f"{path}: {_one_line(error)}")
                continue
            found[theme.name] = theme
    themes = sorted(found.values(), key=lambda theme: theme.name != DEFAULT_THEME)
    return themes, failures


def theme_names(extra_dirs: Sequence[Path] = ()) -> list[str]:
    """The names `--theme` accepts: ours first, then Textual's built-in themes."""
    ours = [theme.name for theme in load_themes(extra_dirs)[0]]
    return ours + sorted(name for name in BUILTIN_THEMES if name not in ours)


def load_theme_file(path: Path, check_colours: bool = True) -> Theme:
    """Read one theme file; raises ValueError saying what is wrong with it.

    `check_colours` builds the theme's whole colour system, which catches a colour Textual
    cannot parse before the theme is used (a millisecond or two a theme).
    """
    data = tomllib.loads(path.read_text("utf-8"))  # TOMLDecodeError is a ValueError
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise ValueError(f"unknown keys {', '.join(unknown)} (allowed: {', '.join(_FIELDS)})")
    data.setdefault("name", path.stem)
    _check_types(data)
    theme = Theme(**data)
    try:
        if check_colours:
            theme.to_color_system().generate()
    except ColorParseError as error:
        raise ValueError(f"bad colour: {error}") from None
    for name, value in theme.variables.items():
        problem = _variable_problem(name, value)
        if problem:
            raise ValueError(f"variables.{name} = {value!r}: {problem}")
    return theme


def _theme_files(folder: Path, failures: list[str]) -> Iterable[Path]:
    try:
        return sorted(path for path in folder.glob("*.toml") if path.is_file())
    except OSError as error:
        failures.append(f"{folder}: cannot read the folder: {error.strerror or error}")
        return ()


def _check_types(data: dict[str, object]) -> None:
    if not isinstance(data["name"], str) or not data["name"].strip():
        raise ValueError("name must be a non-empty string")
    if "primary" not in data:
        raise ValueError("primary colour missing (the one colour a theme must set)")
    for key in _COLOUR_FIELDS:
        if key in data and not isinstance(data[key], str):
            raise ValueError(f"{key} must be a colour string")
    for key in _NUMBER_FIELDS:
        if key in data and (isinstance(data[key], bool) or not isinstance(data[key], int | float)):
            raise ValueError(f"{key} must be a number")
    for key in _BOOL_FIELDS:
        if key in data and not isinstance(data[key], bool):
            raise ValueError(f"{key} must be true or false")
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(
        isinstance(value, str) for value in variables.values()
    ):
        raise ValueError("[variables] must be a table of strings")


def _variable_problem(name: str, value: str) -> str | None:
    """Why a variable's value would break the stylesheet, or None if it looks usable."""
    words = value.split()
    if not words:
        return "empty value"
    if name.startswith("bp-"):
        # The app uses these as colours in CSS and in Content markup.
        return None if _is_colour(value) else "expected a colour"
    if all(word in VALID_STYLE_FLAGS for word in words):
        return None  # a text style, e.g. block-cursor-text-style = "bold"
    head, *rest = words
    alpha_ok = len(rest) == 1 and rest[0].endswith("%") and rest[0][:-1].replace(".", "", 1).isdigit()
    if (_is_colour(head) or head == "auto") and (not rest or alpha_ok):
        return None  # a colour, optionally with an alpha: "#123456", "ansi_red 50%", "auto 87%"
    return "expected a colour or text style"


def _is_colour(text: str) -> bool:
    try:
        Color.parse(text)
    except ColorParseError:
        return False
    return True


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__
