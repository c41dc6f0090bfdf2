"""The debugger screen: owns the cursor into the trace and hands a View to every panel."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer

from ...core import Trace

from ..trace_kinds import is_graph, place_of, sizes
from ..view import View
from ..widgets.debugger_header import DebuggerHeader
from ..widgets.forward_panel import ForwardPanel
from ..widgets.gradient_panel import GradientPanel
from ..widgets.key_bar import KeyBar
from ..widgets.network_diagram import NetworkDiagram
from ..widgets.step_panel import StepPanel
from .ahead import DrawAhead
from .conditional import DebuggingActions
from .help import PALETTE
from .keys import KEYS
from .navigation import block_move, continue_to, move_focus, node_steps
from .predicting import PredictActions
from .teaching import TeachingActions

if TYPE_CHECKING:
    from ...core.breakpoints import Breakpoint
    from ...predict_log import PredictLog

SPEEDS: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
"""Autoplay speeds, in multiples of one step per `autoplay_interval`."""
MAX_DECIMALS = 8
"""Most decimals `d` shows."""
SHOWN: list[Binding] = [binding for binding in KEYS if isinstance(binding, Binding) and binding.show]
"""The keys the key bar shows."""
SHOWN_ACTIONS: list[tuple[str, tuple[object, ...]]] = [
    parse_action(binding.action)[1:] for binding in SHOWN]
"""(action, parameters) of each shown key, parsed once: `check_action` takes them."""
COMPACT_WIDTH, COMPACT_HEIGHT = 70, 18
"""Below either size the forward and gradient panels give way to the diagram and step."""
TALL_HEIGHT = 36
"""From this height the step panel grows, so long formulas show whole."""


class MainScreen(PredictActions, DebuggingActions, TeachingActions, DrawAhead, Screen[None]):
    """Steps through the trace: every key moves the cursor, the focus or the breakpoints."""

    BINDINGS: ClassVar = KEYS
    AUTO_FOCUS = ""
    """Nothing focused at the start: the keys are the debugger's (the command line's input
    and the breakpoints panel take them only when opened)."""

    taken: reactive[int] = reactive(0, init=False, repaint=False)
    """Steps taken, 0..len(trace): the single source of truth for what the panels show."""
    focus: reactive[tuple[int, int]] = reactive((1, 0), init=False, repaint=False)
    """The focused diagram node (layer, unit); layer 0 is the input."""
    decimals: reactive[int] = reactive(3, init=False, repaint=False)
    """Decimals numbers are shown with."""
    playing: reactive[bool] = reactive(False, init=False, repaint=False)
    """Autoplay is on."""
    speed: reactive[int] = reactive(SPEEDS.index(1.0), init=False, repaint=False)
    """Index into SPEEDS."""

    def __init__(self, trace: Trace, *, decimals: int = 3, autoplay_interval: float = 1.0,
                 autoplay: float | None = None, exit_at_end: bool = False,
                 breakpoints: Iterable[Breakpoint] = (), watches: Iterable[str] = (),
                 predict: str | None = None, predict_log: PredictLog | None = None,
                 source: str = "") -> None:
        super().__init__()
        self.start_debugging(breakpoints, watches)
        self.trace = trace
        self.autoplay_interval = autoplay_interval
        """Seconds per step at 1x."""
        self.autoplay_on_mount = autoplay
        """Speed (one of SPEEDS) to start autoplaying at when shown, or None."""
        self.exit_at_end = exit_at_end
        """Quit the app once autoplay has shown the last step (clean asciinema casts)."""
        self.node_breakpoints: frozenset[tuple[int, int]] = frozenset()
        self.step_breakpoints: frozenset[int] = frozenset()
        self._touching: dict[tuple[int, int], np.ndarray] = {}
        self._timer: Timer | None = None
        self._fitted: tuple[object, ...] = ()
        """(trace, decimals, size) the graph's room was last decided for."""
        self._ready = False
        self.set_reactive(MainScreen.decimals, decimals)
        self.set_reactive(MainScreen.focus, self._first_focus())
        self.init_predict(predict, predict_log, source)

    def compose(self) -> ComposeResult:
        yield DebuggerHeader(id="header")
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield NetworkDiagram(id="diagram")
                yield StepPanel(id="step")
            with Vertical(id="right"):
                yield ForwardPanel(id="forward")
                yield GradientPanel(id="gradients")
        yield from self.compose_drawer()
        yield from self.compose_command_line()
        yield from self.compose_predict_bar()
        yield KeyBar(SHOWN, PALETTE, id="keys")

    def on_mount(self) -> None:
        if getattr(self.app, "exiting", False):
            return  # the app quit before this screen mounted: its children are gone
        # Looked up once: a DOM query per panel per key press is measurable on the hot path.
        diagram, forward, gradients = (self.query_one(NetworkDiagram), self.query_one(ForwardPanel),
                                       self.query_one(GradientPanel))
        self._panels = (diagram, self.query_one(StepPanel), forward, gradients)
        self._drawers = (diagram, forward, gradients)  # the costly ones draw ahead
        self._header = self.query_one(DebuggerHeader)
        self._step_panel = self.query_one(StepPanel)
        self._keys = self.query_one(KeyBar)
        self._ready = True
        self.open_drawer_defaults()
        if self.debugging.watches:
            self.call_later(self.open_panel, "watches")
        self.refresh_view()
        if self.autoplay_on_mount is not None:
            self.speed = SPEEDS.index(self.autoplay_on_mount)
            self.action_autoplay(True)

    def on_resize(self) -> None:
        compact = self.size.width < COMPACT_WIDTH or self.size.height < COMPACT_HEIGHT
        self.set_class(compact, "-compact")
        self.set_class(self.size.height >= TALL_HEIGHT, "-tall")
        if self._ready:
            self._fit_graph(self.view)

    # The view -----------------------------------------------------------------------------

    @property
    def view(self) -> View:
        """The position as a record for the panels."""
        return View(self.trace, self.taken, self.focus, self.decimals,
                    self.node_breakpoints, self.step_breakpoints,
                    tuple(self.debugging.entries), self.debugging.stops(self.trace),
                    self.debugging.shown_watches(self.trace))

    def refresh_view(self) -> None:
        """Hand the current view to every panel (attributes down)."""
        if not self._ready:
            return
        view = self.view
        self._fit_graph(view)
        self._header.playing = f"▶ {SPEEDS[self.speed]:g}x" if self.playing else ""
        self.predict_view(view, self._step_panel)
        self._header.show(view)
        for panel in self._panels:
            panel.show(view)
        self.show_drawer(view)
        # A key whose action cannot act now is dimmed.
        self._keys.set_lit(bool(self.check_action(*action)) for action in SHOWN_ACTIONS)

    def _fit_graph(self, view: View) -> None:
        """A graph that fits whole only without the lists beside it gets the width."""
        key = (self.trace, self.decimals, self.size)
        if key == self._fitted:
            return
        self._fitted = key
        graph = is_graph(self.trace)
        self.set_class(graph, "-graph")
        whole = False
        if graph:
            from ..graph_picture import graph_width

            needed, room = graph_width(view), self.size.width - 4
            beside = room - max(24, int(self.size.width * 0.32))
            whole = beside < needed <= room
        self.set_class(whole, "-graph-whole")

    def watch_taken(self, old: int, taken: int) -> None:
        self.set_reactive(MainScreen.focus, self.focus_at(taken))
        self.refresh_view()
        self.moved(old, taken)  # and, while the user reads this step, draw the next one

    def watch_focus(self) -> None:
        self.refresh_view()

    def watch_decimals(self) -> None:
        self.refresh_view()

    def load(self, trace: Trace) -> None:
        """Show another trace from its start, with no breakpoints."""
        self.action_autoplay(False)
        self.trace = trace
        self.forget_drawn()
        self.node_breakpoints = frozenset()
        self.step_breakpoints = frozenset()
        self._touching = {}
        self.forget_edit()
        self.open_drawer_defaults()
        self.new_trace(same_model=False)
        self.set_reactive(MainScreen.taken, 0)
        self.set_reactive(MainScreen.focus, self._first_focus())
        self.refresh_view()

    def _first_focus(self) -> tuple[int, int]:
        first = place_of(self.trace, 0) if len(self.trace) else None
        return first if first is not None else (0, 0)

    # Which keys can act now ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim the moves that cannot happen here (None shows the key dimmed)."""
        if not self._ready:
            return True
        end = len(self.trace)
        forward = bool(parameters) and isinstance(parameters[-1], int) and parameters[-1] > 0
        if action in ("step", "block", "continue"):
            possible = self.taken < end if forward else self.taken > 0
        elif action == "jump":
            possible = self.taken != (0 if parameters == (0,) else end)
        elif action == "toggle_step_breakpoint":
            possible = self.taken > 0
        elif action == "focus_unit":
            possible = self._focus_moves(0, int(parameters[0]))  # type: ignore[call-overload]
        elif action == "focus_layer":
            possible = self._focus_moves(int(parameters[0]), 0)  # type: ignore[call-overload]
        elif action == "speed":
            possible = 0 <= self.speed + int(parameters[0]) < len(SPEEDS)  # type: ignore[call-overload]
        elif action == "decimals":
            possible = 0 <= self.decimals + int(parameters[0]) <= MAX_DECIMALS  # type: ignore[call-overload]
        else:
            return True
        return True if possible else None

    def _focus_moves(self, layers: int, units: int) -> bool:
        return move_focus(sizes(self.trace), self.focus, layers, units) != self.focus

    # Moving the cursor ---------------------------------------------------------------------

    # Every move goes through `move_to`: predicting, a move forward stops at a step to ask.

    def action_step(self, delta: int) -> None:
        """Take (or undo) single steps."""
        self.move_to(self.taken + delta)

    def action_jump(self, where: int) -> None:
        """To the start (0) or the end (-1)."""
        self.move_to(len(self.trace) if where < 0 else where)

    def action_block(self, level: str, direction: int) -> None:
        """Step over or back across a unit, layer, phase or iteration."""
        self.move_to(block_move(self.trace, self.taken, level, direction))

    def action_continue(self, direction: int) -> None:
        """Run to the next breakpoint forward or back (or to the end/start)."""
        nodes = node_steps(self.trace, self.node_breakpoints, self._touching)
        nodes += self.debugging.arrays(self.trace)  # the conditional breakpoints' stops
        self.move_to(continue_to(self.trace, self.taken, direction, self.step_breakpoints, nodes))

    # Focus and breakpoints ---------------------------------------------------------------

    def action_focus_unit(self, delta: int) -> None:
        """Focus another unit of the focused layer."""
        self.focus = move_focus(sizes(self.trace), self.focus, 0, delta)

    def action_focus_layer(self, delta: int) -> None:
        """Focus another layer (keeping the unit where it exists)."""
        self.focus = move_focus(sizes(self.trace), self.focus, delta, 0)

    def action_toggle_node_breakpoint(self) -> None:
        """Set or clear a breakpoint on the focused node."""
        self.node_breakpoints = self.node_breakpoints ^ {self.focus}
        self.refresh_view()

    def action_toggle_step_breakpoint(self) -> None:
        """Set or clear a breakpoint on the current step."""
        if self.taken > 0:
            self.step_breakpoints = self.step_breakpoints ^ {self.taken - 1}
            self.refresh_view()

    def at_breakpoint(self) -> bool:
        """True if the current step is a step breakpoint or touches a node breakpoint."""
        return self.view.at_breakpoint

    # Autoplay, themes, decimals, help --------------------------------------------------

    def action_autoplay(self, on: bool | None = None) -> None:
        """Start or stop taking one step per tick."""
        self.playing = (not self.playing) if on is None else on
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.playing:
            if self.taken >= len(self.trace):
                self.move_to(0)  # playing at the end replays from the start
            self._timer = self.set_interval(self.autoplay_interval / SPEEDS[self.speed], self._tick)
        self.refresh_view()

    def action_speed(self, delta: int) -> None:
        """Autoplay faster or slower."""
        self.speed = min(max(self.speed + delta, 0), len(SPEEDS) - 1)
        if self.playing:
            self.action_autoplay(True)  # restart the timer at the new rate
        self.refresh_view()

    def _tick(self) -> None:
        if not self.playing:
            return  # a tick already queued when autoplay stopped (a busy machine queues them)
        if self.taken >= len(self.trace):
            self.action_autoplay(False)
            return
        self.move_to(self.taken + 1)  # predicting, may stop to ask (and stop playing)
        if self.taken >= len(self.trace) or self.at_breakpoint():
            self.action_autoplay(False)
        if self.exit_at_end and self.taken >= len(self.trace):
            # Hold the last step for one tick, so a recording ends on it.
            self.set_timer(self.autoplay_interval / SPEEDS[self.speed], self.app.exit)

    def action_next_theme(self) -> None:
        """Switch to the next registered theme (ours first)."""
        names = self.app.theme_order()  # type: ignore[attr-defined]
        current = names.index(self.app.theme) if self.app.theme in names else -1
        self.app.theme = names[(current + 1) % len(names)]

    def action_decimals(self, delta: int) -> None:
        """Show more or fewer decimals."""
        self.decimals = min(max(self.decimals + delta, 0), max(MAX_DECIMALS, self.decimals))

    def action_screenshot(self) -> None:
        """Save an SVG screenshot into the screenshot folder and say where."""
        from ..exports import save_screenshot

        save_screenshot(self.app)

    def action_help(self) -> None:
        """Open the help screen listing every key."""
        from .help import HelpScreen

        self.app.push_screen(HelpScreen())
