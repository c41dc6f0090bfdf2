"""Command palette providers: jump to a step, choose an example, choose a theme, export.

Labels (step targets and formulas, example and theme names) are user text: the palette gets
them as `Content`, never as markup (a theme named "[@click=app.quit]" would be a live link),
and made printable.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from ..printable import printable

if TYPE_CHECKING:
    from .app import BackpropApp

MAX_HITS = 40
"""Most step hits one search yields."""
SCAN = 3000
"""Steps searched per query on a big trace: those from the cursor on."""


def _app(provider: Provider) -> BackpropApp:
    return provider.app  # type: ignore[return-value]


def text(label: str) -> Content:
    """A label as the palette shows it: printable plain text, never markup."""
    return Content(printable(label))


def highlight(matcher: Matcher, label: str) -> Content:
    """`label` as text with the matched letters styled (`Matcher.highlight` reads markup)."""
    label = printable(label)
    content = Content(label)
    score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    if score:
        for offset in offsets:
            if not label[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def help_markup(label: str) -> str:
    """Help text as the palette wants it (markup, always parsed), escaped to show as text."""
    from textual.markup import escape

    return escape(printable(label))


class StepCommands(Provider):
    """"Jump to step N: <target>": by number, or by fuzzy search over targets and formulas."""

    def _jump(self, taken: int) -> None:
        screen = _app(self).main_screen()
        if screen is not None:
            screen.move_to(taken)  # predicting, a jump forward stops at a step to ask

    async def search(self, query: str) -> Hits:
        app = _app(self)
        trace = app.trace
        screen = app.main_screen()
        if screen is None or not len(trace):
            return
        number = query.strip()
        if number.isdigit() and 1 <= int(number) <= len(trace):
            step = trace[int(number) - 1]
            yield Hit(1.0, text(f"Jump to step {number}: {step.target}"),
                      partial(self._jump, int(number)), help=help_markup(step.formula))
        if number.isdigit():
            return  # a number means a step number, not a fuzzy search
        matcher = self.matcher(query)
        needle = query.strip().lower()
        # A big trace is searched lazily from the cursor on, a bounded stretch at a time.
        start = screen.taken if len(trace) > SCAN else 0
        found: list[tuple[float, int]] = []
        for offset in range(min(len(trace), SCAN)):
            index = (start + offset) % len(trace)
            step = trace[index]
            score = matcher.match(f"Jump to step {index + 1}: {step.target} {step.formula}")
            if needle and needle in step.target.lower():
                score += 1.0  # the target itself holds what was typed: rank it first
            if score > 0:
                found.append((score, index))
            if offset % 200 == 199:
                await asyncio.sleep(0)  # let the palette keep up with typing
        for score, index in sorted(found, key=lambda hit: -hit[0])[:MAX_HITS]:
            step = trace[index]
            label = f"Jump to step {index + 1}: {step.target}"
            yield Hit(score, highlight(matcher, label), partial(self._jump, index + 1),
                      help=help_markup(step.formula))


class ExampleCommands(Provider):
    """"Example: <name>" for each built-in example: shows it from the start."""

    def _names(self) -> list[str]:
        return list(_app(self).examples)

    async def discover(self) -> Hits:
        for name in self._names():
            yield DiscoveryHit(text(f"Example: {name}"), partial(_app(self).switch_example, name),
                               help="Open this built-in example")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in self._names():
            label = f"Example: {name}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, highlight(matcher, label), partial(_app(self).switch_example, name),
                          help="Open this built-in example")


class ThemeCommands(Provider):
    """"Theme: <name>" for each registered theme."""

    def _set(self, name: str) -> None:
        self.app.theme = name

    PREFIX = "Theme: "

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in _app(self).theme_order():
            label = f"{self.PREFIX}{name}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, highlight(matcher, label), partial(self._set, name),
                          text=label, help="Switch to this theme")


class ThemePicker(ThemeCommands):
    """The theme picker (Textual's "Change theme" command): every theme, by name."""

    PREFIX = ""

    async def discover(self) -> Hits:
        for name in _app(self).theme_order():
            yield DiscoveryHit(text(name), partial(self._set, name), text=name)


class ExportCommands(Provider):
    """"Export notes (markdown)" and "Export screenshot (SVG)" of the current state."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        from .exports import save_notes, save_screenshot

        app = _app(self)
        # After the palette has closed, so the screenshot shows the debugger, not the palette.
        return [
            ("Export notes (markdown)", lambda: app.call_after_refresh(save_notes, app),
             "The step, the diagram, the values and gradients known, as a markdown file"),
            ("Export screenshot (SVG)", lambda: app.call_after_refresh(save_screenshot, app),
             "The screen as an SVG file"),
        ]

    async def discover(self) -> Hits:
        for label, run, help_text in self._commands():
            yield DiscoveryHit(label, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, run, help_text in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, highlight(matcher, label), run, help=help_text)


class DebugCommands(Provider):
    """"Add breakpoint…" and "Add watch…": open the `:` command line with the verb typed."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = _app(self)

        def opener(text: str) -> Callable[[], object]:
            def run() -> None:
                screen = app.main_screen()
                if screen is not None:  # after the palette has closed, so the line gets focus
                    app.call_after_refresh(screen.action_command_line, text)
            return run
        return [
            ("Add breakpoint…", opener("break "),
             "break WHERE [if CONDITION], e.g. dL/dw* if abs(value) < 1e-4"),
            ("Add watch…", opener("watch "), "watch NAME: its value and history in the watch panel"),
        ]

    async def discover(self) -> Hits:
        for label, run, help_text in self._commands():
            yield DiscoveryHit(label, run, help=help_markup(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, run, help_text in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, highlight(matcher, label), run, help=help_markup(help_text))
