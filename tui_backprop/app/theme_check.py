"""Checking a theme file's data completely before Textual sees it.

Textual checks nothing when a theme is registered: a bad value surfaces later, when the
stylesheet is parsed with the theme's variables, and stops the app. So every field is
checked here, each variable against the way Textual's own colour system uses it (a colour,
`auto` with an alpha, a text style), and the theme's colour system is built once; any
failure is a ValueError naming the field.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache

from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.theme import BUILTIN_THEMES, Theme

FIELDS: tuple[str, ...] = tuple(field.name for field in dataclasses.fields(Theme))
COLOUR_FIELDS = ("primary", "secondary", "warning", "error", "success", "accent",
                 "foreground", "background", "surface", "panel", "boost")
_NUMBER_FIELDS = ("luminosity_spread", "text_alpha")
_BOOL_FIELDS = ("dark", "ansi")
_ANSI_ONLY = ("ansi-background", "ansi-foreground")
"""Variables Textual's widgets use that its ANSI colour system does not define."""
MAX_VARIABLES = 500
"""More than Textual generates (under 200) with room to spare; bounds the work per file."""
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,63}")
_ALPHA = re.compile(r"\d{1,3}(\.\d+)?%")
_MAX_NAME = 64
_SHOWN = 40  # characters of a bad value quoted in a notice


def theme_from_data(data: dict[str, object], default_name: str, build: bool = True) -> Theme:
    """A Theme from a theme file's TOML table; raises ValueError naming the bad field.

    `build` also builds the theme's colour system (about half a millisecond), which Textual
    would otherwise do, and fail at, only when the theme is shown.
    """
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        shown = ", ".join(_show(key)[1:-1] for key in unknown[:5])  # a notice, not a dump
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise ValueError(f"unknown keys {shown}{more} (allowed: {', '.join(FIELDS)})")
    data = {"name": default_name, **data}
    _check_name(data["name"])
    if "primary" not in data:
        raise ValueError("primary colour missing (the one colour a theme must set)")
    for key in COLOUR_FIELDS:
        if key in data and not (isinstance(data[key], str) and _is_colour(data[key])):
            raise ValueError(f"{key} = {_show(data[key])}: expected a colour")
    for key in _NUMBER_FIELDS:
        if key in data:
            data[key] = _fraction(key, data[key])
    for key in _BOOL_FIELDS:
        if key in data and not isinstance(data[key], bool):
            raise ValueError(f"{key} = {_show(data[key])}: expected true or false")
    variables = _variables(data.get("variables", {}))
    if data.get("ansi"):
        # Textual's ANSI colour system leaves these out, yet its buttons and trees use them.
        defaults = BUILTIN_THEMES["ansi-dark" if data.get("dark", True) else "ansi-light"]
        variables = {name: defaults.variables[name] for name in _ANSI_ONLY} | variables
    theme = Theme(**{**data, "variables": variables})  # type: ignore[arg-type]
    if build:
        _build(theme)
    return theme


def _build(theme: Theme) -> None:
    """Generate the theme's colour system as Textual will; a failure names the variable
    that caused it when leaving that one out mends it (Textual parses some overrides again,
    e.g. `background-darken-1` without an alpha)."""
    def fails(candidate: Theme) -> Exception | None:
        try:
            candidate.to_color_system().generate()
        except Exception as error:  # Textual's arithmetic on our values: any failure is the file's
            return error
        return None

    error = fails(theme)
    if error is None:
        return
    # Only the variables the error quotes are tried: one rebuild each, never hundreds.
    suspects = {name: value for name, value in theme.variables.items()
                if value in str(error)}
    for name, value in suspects.items():
        others = {key: other for key, other in theme.variables.items() if key != name}
        if fails(dataclasses.replace(theme, variables=others)) is None:
            raise ValueError(f"variables.{name} = {_show(value)}: Textual cannot use it here "
                             f"({_one_line(error)})")
    raise ValueError(f"colours: {_one_line(error)}")


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:120]


def _check_name(name: object) -> None:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"name = {_show(name)}: expected a non-empty string")
    if len(name) > _MAX_NAME or name != name.strip() or "," in name or not name.isprintable():
        # Textual reads "a,b" as "a, else b"; control characters would reach the terminal.
        raise ValueError(f"name = {_show(name)}: expected at most {_MAX_NAME} printable "
                         "characters, no comma, no leading or trailing spaces")


def _fraction(key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key} = {_show(value)}: expected a number")
    # Compared before float(): a 400-digit integer would overflow it. NaN compares false.
    if not 0 <= value <= 1:
        raise ValueError(f"{key} = {_show(value)}: expected a number from 0 to 1")
    return float(value)


def _variables(table: object) -> dict[str, str]:
    if not isinstance(table, dict):
        raise ValueError("variables: expected a table ([variables])")
    if len(table) > MAX_VARIABLES:
        raise ValueError(f"variables: {len(table)} of them; at most {MAX_VARIABLES}")
    for name, value in table.items():
        if not _VARIABLE_NAME.fullmatch(name):
            raise ValueError(f"variables.{_show(name)}: not a variable name "
                             "(letters, digits, - and _)")
        if not isinstance(value, str):
            raise ValueError(f"variables.{name} = {_show(value)}: expected a string")
        problem = _variable_problem(name, value)
        if problem:
            raise ValueError(f"variables.{name} = {_show(value)}: {problem}")
    return dict(table)


def _variable_problem(name: str, value: str) -> str | None:
    """Why `value` would break the stylesheet where Textual or the app uses `name`."""
    if name.startswith("bp-"):
        # The app uses these as colours in CSS and in Content markup: no alpha, no auto.
        return None if _is_colour(value) else "expected a colour"
    kind = textual_kinds().get(name)
    if kind == "style" or (kind is None and _is_style(value)):
        return None if _is_style(value) else "expected a text style (bold, italic, none, ...)"
    if kind is None:
        return None if _is_colour_value(value, "auto") else "expected a colour or text style"
    if _is_colour_value(value, kind):
        return None
    extra = {"auto": " or auto", "initial": " or initial"}.get(kind, "")
    return f"expected a colour{extra} (Textual uses it as one)"


@cache
def textual_kinds() -> dict[str, str]:
    """What each variable Textual generates holds, judged by Textual's own default value:
    "style", "auto" (a colour or auto), "initial" (a colour or initial), else "colour"."""
    reference = Theme("reference", primary="#808080", ansi=True).to_color_system().generate()
    reference |= Theme("reference", primary="#808080").to_color_system().generate()
    kinds = {}
    for name, value in reference.items():
        head = value.split()[0] if value.split() else ""
        kinds[name] = ("style" if _is_style(value) else
                       head if head in ("auto", "initial") else "colour")
    return kinds


def _is_colour_value(value: str, allowed: str) -> bool:
    """A colour, optionally with an alpha: "#123456", "ansi_red 50%", "auto 87%"."""
    head, *rest = value.split() or [""]
    if rest and not (len(rest) == 1 and _ALPHA.fullmatch(rest[0])):
        return False
    if head == allowed and allowed in ("auto", "initial"):
        return allowed == "auto" or not rest
    return _is_colour(head)


def _is_style(value: str) -> bool:
    words = value.split()
    return bool(words) and all(word in VALID_STYLE_FLAGS for word in words)


def _is_colour(text: str) -> bool:
    try:
        Color.parse(text)
    except (ColorParseError, ValueError, ArithmeticError):
        return False
    return True


def _show(value: object) -> str:
    """A value as quoted in a notice: its repr, cut short."""
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**_SHOWN else "a huge number"
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."
