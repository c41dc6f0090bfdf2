"""Themes as data: TOML files read into Textual `Theme`s, plus the app's own colour variables.

Themes come from three places, later ones overriding earlier ones by name: the packaged
`themes/` folder, the user's config folder (`~/.config/tui-backprop/themes` on Linux), then
any `--themes-dir`. A broken file never stops the app: it becomes a one-line `ThemeProblem`
naming the file (and the field: `theme_check`), and the other themes still load. Folders are
read defensively (`theme_files`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

from textual.theme import BUILTIN_THEMES, Theme

from .theme_check import theme_from_data
from .theme_files import ThemeProblem, one_line, read_theme_text, theme_files

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


def load_themes(extra_dirs: Sequence[Path] = ()) -> tuple[list[Theme], list[ThemeProblem]]:
    """Every theme file found, and one problem per file or folder that could not be used.

    The default theme comes first; a theme whose name is loaded again later is replaced
    in place, so `--themes-dir` can restyle a packaged theme (or one of Textual's).
    """
    found: dict[str, Theme] = {}
    problems: list[ThemeProblem] = []
    packaged = packaged_themes_dir()
    folders = [(folder, False) for folder in (packaged, user_themes_dir()) if folder]
    folders += [(Path(folder), True) for folder in extra_dirs]
    for folder, named in folders:
        paths, folder_problems = theme_files(folder, must_exist=named)
        problems += folder_problems
        for path in paths:
            try:
                # The packaged themes' colour systems are built by the test suite, not at
                # every start.
                theme = load_theme_file(path, build=folder != packaged)
            except Exception as error:  # a hostile file must cost a notice, never the app
                problems.append(ThemeProblem(path, _reason(error)))
                continue
            found[theme.name] = theme
    themes = sorted(found.values(), key=lambda theme: theme.name != DEFAULT_THEME)
    return themes, problems


def theme_catalogue(extra_dirs: Sequence[Path] = ()) -> tuple[list[str], list[ThemeProblem]]:
    """The names `--theme` accepts (ours first, then Textual's built-in themes), and the
    problems met while loading ours."""
    themes, problems = load_themes(extra_dirs)
    ours = [theme.name for theme in themes]
    return ours + sorted(name for name in BUILTIN_THEMES if name not in ours), problems


def theme_names(extra_dirs: Sequence[Path] = ()) -> list[str]:
    """The names `--theme` accepts: ours first, then Textual's built-in themes."""
    return theme_catalogue(extra_dirs)[0]


def unknown_theme_reason(name: str, extra_dirs: Sequence[Path] = ()) -> str | None:
    """None if `--theme name` can be used, else one line saying why not (naming the file
    when a theme file of that name was skipped)."""
    names, problems = theme_catalogue(extra_dirs)
    if name in names:
        return None
    for problem in problems:
        if problem.path.suffix == ".toml" and problem.path.stem == name:
            return one_line(f"--theme: theme {name!r} was not loaded: {problem}")
    return one_line(f"--theme: unknown theme {name!r}")


def load_theme_file(path: Path, build: bool = True) -> Theme:
    """Read one theme file; raises ValueError saying what is wrong with it.

    `build` builds the theme's whole colour system, which catches what Textual would
    trip over when the theme is shown (half a millisecond a theme).
    """
    text = read_theme_text(path)
    try:
        data = tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per level of nested arrays or tables
        raise ValueError("nested too deeply") from None
    return theme_from_data(data, default_name=path.stem, build=build)


def _reason(error: Exception) -> str:
    if isinstance(error, ValueError):
        return str(error) or "invalid"
    return f"{type(error).__name__}: {error}"
