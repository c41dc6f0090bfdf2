"""Which key names a `record --keys` script may use: a typo must be refused, not pressed.

Textual turns any string into a key event, so "rigth" or "Enter" would be pressed silently,
match no binding and record frames of nothing happening. A name is known when it is:

- a single printable character (typed into the palette or an edit box);
- one of Textual's key names (`textual.keys.Keys`: enter, escape, tab, up, pageup, f1...),
  or a character's name as Textual spells it (space, comma, question_mark, plus...);
- a key of one of the debugger's bindings;
- modifiers (ctrl, shift, alt, meta, super, hyper) joined by "+" to a known name: ctrl+p.
"""

from __future__ import annotations

from functools import cache

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
"""The modifier prefixes Textual's key names use."""
EXAMPLES = "n, f, ctrl+p, enter, escape, tab, up, down, left, right, pageup, space, question_mark"
"""Named in the error message, so the user sees what a key name looks like."""


@cache
def _named_keys() -> frozenset[str]:
    """Textual's key names and the keys of the debugger's bindings."""
    from textual.keys import KEY_ALIASES, Keys

    names = {key.value for key in Keys}
    names.update(KEY_ALIASES)
    for aliases in KEY_ALIASES.values():
        names.update(aliases)
    names.update({"enter", "space"})
    return frozenset(names | _binding_keys())


def _binding_keys() -> set[str]:
    """Every key bound by a widget, screen or app of the debugger (and Textual's own App)."""
    from textual.app import App
    from textual.dom import DOMNode

    # Import the debugger's classes, with the screens the main one opens only when asked.
    from ..app import app as _app  # noqa: F401
    from ..app.screens import edit as _edit, help as _help  # noqa: F401

    keys: set[str] = set()
    pending: list[type] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls is App or cls.__module__.startswith("tui_backprop."):
            for binding in getattr(cls, "BINDINGS", ()):
                text = binding.key if hasattr(binding, "key") else binding[0]
                keys.update(part.strip() for part in text.split(","))
    return keys


def _character_name(name: str) -> bool:
    """True for a character's name as Textual spells it (comma, question_mark, full_stop)."""
    from textual.keys import REPLACED_KEYS, key_to_character

    character = key_to_character(REPLACED_KEYS.get(name, name))  # plus -> plus_sign -> "+"
    return character is not None and len(character) == 1 and character.isprintable()


def known_key(name: str) -> bool:
    """Whether a script may press `name` (see the module's docstring)."""
    if len(name) == 1:
        return name.isprintable()
    if name in _named_keys() or _character_name(name):
        return True
    *modifiers, base = name.split("+")
    return (bool(modifiers) and bool(base) and all(m in MODIFIERS for m in modifiers)
            and len(set(modifiers)) == len(modifiers) and known_key(base))


def unknown_key_message(name: str) -> str:
    """The one-line reason a script's key is refused."""
    return f"unknown key {name!r} (keys are the debugger's or Textual's names, e.g. {EXAMPLES}; or wait:MS)"
