"""The bottom line: the main keys, dimmed when they would do nothing, and the palette key.

It looks like Textual's compact Footer, but is one widget drawing one line. The Footer
composes a widget per key, and only after the first frame, so the whole screen is painted
twice at start-up; and it recomposes whenever a key is dimmed or lit. Here a change of
state redraws one line. Keys that do not fit the width are left out from the right,
except help and quit, which always show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.style import Style
from textual.widget import Widget

KEPT = ("help", "app.quit")
"""Actions whose keys show at any width: the way to every other key, and the way out."""
SEPARATOR = "▏"
"""Between the keys and the palette key on the right, as the Footer draws it."""


class KeyBar(Widget, can_focus=False):
    """One line of `key description` pairs for `bindings`, and the palette key on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--palette"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--palette {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, bindings: Sequence[Binding], palette: Binding | None = None, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        # One key per binding, as the Footer shows them: "n", not "n,right,space".
        self._bindings = [replace(binding, key=binding.key.split(",")[0].strip())
                          for binding in bindings if binding.show]
        self._palette = palette
        self._lit = (True,) * len(self._bindings)
        self._hits: list[tuple[int, int, str]] = []
        """(first column, last column + 1, key) of each key on show, for mouse clicks."""

    def set_lit(self, lit: Sequence[bool]) -> None:
        """Which of the shown bindings (those with `show`, in order: one flag each) can act
        now (False: dimmed); redraws only on a change."""
        lit = tuple(lit)
        if lit != self._lit:
            self._lit = lit
            self.refresh()

    @property
    def lit(self) -> tuple[bool, ...]:
        """Which of the shown bindings are lit, in order."""
        return self._lit

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def _label(self, binding: Binding, lit: bool, described: bool = True) -> Content:
        key = self.get_visual_style("key-bar--key")
        description = self.get_visual_style("key-bar--description")
        if not lit:  # dim, and the key not bold: a state that shows without colour too
            key, description = key + Style(dim=True, bold=False), description + Style(dim=True)
        shown = Content.styled(self.app.get_key_display(binding), key)
        return Content.assemble(shown, " ", (binding.description, description)) if described else shown

    def render(self) -> Content:
        width = self.size.width
        labels = [self._label(b, lit) for b, lit in zip(self._bindings, self._lit, strict=True)]
        right = Content("")
        if self._palette is not None:
            kept_width = sum(label.cell_length + 1 for label, binding in zip(labels, self._bindings)
                             if binding.action in KEPT)
            # On a very narrow terminal the palette key stays, without its word.
            described = kept_width + len(SEPARATOR) + self._label(self._palette, True).cell_length <= width
            right = Content.assemble((SEPARATOR, self.get_visual_style("key-bar--palette")),
                                     self._label(self._palette, True, described))
        room = width - right.cell_length - 1
        kept = set(range(len(labels)))
        # Drop keys from the right (help and quit stay) until the rest fits.
        for index in reversed(range(len(labels))):
            if sum(labels[i].cell_length + 1 for i in kept) - 1 <= room:
                break
            if self._bindings[index].action not in KEPT:
                kept.discard(index)
        shown = [index for index in range(len(labels)) if index in kept]
        self._hits, x = [], 0
        for index in shown:
            end = x + labels[index].cell_length
            self._hits.append((x, end, self._bindings[index].key))
            x = end + 1
        left = Content(" ").join(labels[index] for index in shown)
        gap = max(width - left.cell_length - right.cell_length, 1 if right else 0)
        if right and self._palette is not None:
            start = left.cell_length + gap + 1
            self._hits.append((start, width, self._palette.key))
        return Content.assemble(left, " " * gap, right).truncate(width)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it (nothing else needs the mouse, but it may be used)."""
        for start, end, key in self._hits:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
