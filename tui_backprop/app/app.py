"""The Textual application: themes, the title, and the debugger screen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, InvalidThemeError
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.filter import Monochrome, NoColor

from ..core import Trace, build_trace, example
from ..printable import printable
from . import textual_fixes
from .commands import (DebugCommands, ExampleCommands, ExportCommands, StepCommands, ThemeCommands,
                       ThemePicker)
from .screens.main import MainScreen
from .trace_kinds import title
from .signals import exit_on_signals
from .themes import DEFAULT_THEME, load_themes, variable_defaults

if TYPE_CHECKING:
    from ..core.breakpoints import Breakpoint
    from rich.console import RenderableType
    from textual.actions import ActionParseResult
    from textual.dom import DOMNode

    from ..predict_log import PredictLog

textual_fixes.apply()  # before any screen exists: crashes ordinary keys reach (see there)


MAX_NOTICES = 3
"""Theme problems shown as notices at start; the rest are counted in one more."""


class BackpropApp(App[None]):
    """A step-through debugger for backpropagation over a prebuilt trace."""

    CSS_PATH = "app.tcss"
    exiting: bool = False
    """Set once `exit` has been asked for."""
    COMMANDS: ClassVar = App.COMMANDS | {StepCommands, ExampleCommands, ThemeCommands,
                                         ExportCommands, DebugCommands}

    def __init__(self, trace: Trace, *, theme: str | None = None,
                 themes_dirs: Sequence[Path] = (), decimals: int = 3,
                 examples: Sequence[str] = (), autoplay_interval: float = 1.0,
                 autoplay: float | None = None, exit_at_end: bool = False,
                 screenshot_dir: Path | None = None, breakpoints: Sequence[Breakpoint] = (),
                 watches: Sequence[str] = (), predict: str | None = None,
                 predict_log: PredictLog | None = None, source: str = "") -> None:
        super().__init__()
        self._breakpoints, self._watches = tuple(breakpoints), tuple(watches)
        self.trace = trace
        """The trace on show (replaced when another example is chosen)."""
        self.examples = list(examples)
        """Built-in examples the palette offers."""
        self._decimals = decimals
        self._autoplay_interval = autoplay_interval
        self._autoplay, self._exit_at_end = autoplay, exit_at_end
        self._predict = (predict, predict_log, source)
        """Predict mode at start (None: off), its log, and what the log calls the model."""
        self.screenshot_dir = screenshot_dir
        """Folder screenshots and notes are saved in (None: the current folder)."""
        themes, problems = load_themes(themes_dirs)
        self._theme_problems = [str(problem) for problem in problems]
        for loaded in themes:
            self.register_theme(loaded)
        self._ours = [loaded.name for loaded in themes]
        self._set_theme(theme)
        # App.__init__ built the stylesheet variables before our themes were registered.
        self.stylesheet.set_variables(self.get_css_variables())
        self._match_no_color()
        self.title = printable(title(trace))

    def _set_theme(self, name: str | None) -> None:
        for candidate in (name, DEFAULT_THEME):
            if candidate is None:
                continue
            try:
                self.theme = candidate
                return
            except InvalidThemeError:
                self._theme_problems.append(f"unknown theme {candidate!r}")

    def watch_theme(self) -> None:
        self._match_no_color()

    def _match_no_color(self) -> None:
        # Under NO_COLOR Textual picks its filter for the theme on show when the app is made
        # (before ours is set) and keeps it: greys for a colour theme, none at all (the
        # terminal's own) for an ANSI theme. Pick it again for the theme now on show.
        if not self.no_color:
            return
        wanted = NoColor() if self.native_ansi_color else Monochrome()
        self._filters = [wanted if isinstance(old, Monochrome | NoColor) else old
                         for old in self._filters]

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Concrete colours for the bp-* variables under the current theme."""
        return variable_defaults(self.current_theme)

    def theme_order(self) -> list[str]:
        """Registered theme names: ours first (in load order), then the rest by name."""
        rest = sorted(name for name in self.available_themes if name not in self._ours)
        return [name for name in self._ours if name in self.available_themes] + rest

    def get_default_screen(self) -> MainScreen:
        """The debugger screen is the app's first screen (no blank screen painted before it)."""
        return MainScreen(self.trace, decimals=self._decimals,
                          autoplay_interval=self._autoplay_interval,
                          autoplay=self._autoplay, exit_at_end=self._exit_at_end,
                          breakpoints=self._breakpoints, watches=self._watches,
                          predict=self._predict[0], predict_log=self._predict[1],
                          source=self._predict[2])

    def on_mount(self) -> None:
        # A folder of hundreds of broken files must not bury the debugger in notices.
        shown, rest = self._theme_problems[:MAX_NOTICES], self._theme_problems[MAX_NOTICES:]
        for problem in shown:
            self.notify(problem, title="Theme not loaded", severity="warning", markup=False)
        if rest:
            self.notify(f"and {len(rest)} more: run `tui-backprop themes` to see them all",
                        title="Theme not loaded", severity="warning", markup=False)

    def switch_example(self, name: str) -> None:
        """Show a built-in example from its start (same number of iterations)."""
        self.trace = build_trace(example(name), self.trace.iterations)
        self.title = printable(title(self.trace))
        screen = self.main_screen()
        if screen is not None:
            screen.predict_source = name
            screen.load(self.trace)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification (widgets' and screens' go through here too) as one printable
        line: messages carry file names, theme names and values from the user's files."""
        super().notify(printable(message), title=printable(title), severity=severity,
                       timeout=timeout, markup=markup)

    def search_themes(self) -> None:
        """The theme picker (Textual's "Change theme"), with theme names shown as text:
        Textual's own picker reads them as markup."""
        self.push_screen(CommandPalette(providers=[ThemePicker], placeholder="Search for themes…"))

    async def run_async(self, **options: Any) -> None:
        """Run the app (see App.run_async); SIGTERM and SIGHUP end it as `q` does, with
        exit status 128 + the signal, leaving the terminal as it was (see signals)."""
        with exit_on_signals(self):
            return await super().run_async(**options)

    def exit(self, result: None = None, return_code: int = 0,
             message: RenderableType | None = None) -> None:
        """Exit the app (see App.exit); keys still queued behind the quit no longer act."""
        self.exiting = True
        super().exit(result, return_code, message)

    async def run_action(self, action: str | ActionParseResult, default_namespace: DOMNode | None = None,
                         namespaces: Mapping[str, DOMNode] | None = None) -> bool:
        """Run an action (see App.run_action), unless the app is exiting: a burst such as
        `q w` must not open a screen while the app tears its screens down."""
        if self.exiting:
            return True  # handled: the key is spent, as the quit before it meant
        return await super().run_action(action, default_namespace, namespaces)

    def main_screen(self) -> MainScreen | None:
        """The debugger screen, wherever it is in the stack."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None
