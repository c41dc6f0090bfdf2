"""Predict mode in the debugger: forward moves stop before each step to predict and ask.

A mixin of the main screen. Every forward move goes through `move_to`: predicting, it
stops before the first step of the mode's kind not asked yet (`n`, a block move, continue,
autoplay, a jump from the palette, G alike: none reveals a value unasked) and asks it. The
question is a state of the screen, `asking` (that step's index, which is then `taken`):
the step panel shows the formula with its numbers and `= ?`, the predict bar an input.
Enter checks the answer (`predict.check`), Esc reveals without counting; either way the
step is then taken and the verdict shows until the next move. A step asked once is never
asked again (`Tally.seen`). The checking, hints and log are shared with line mode.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.content import Content

from ...core.steps import format_number
from ...predict import Tally, Verdict, check, parse_answer, which_steps
from ...printable import printable
from ..trace_kinds import span
from ..view import View

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widgets import Input

    from ...core import Step, Trace
    from ...predict_log import PredictLog
    from ..widgets.key_bar import KeyBar
    from ..widgets.predict_bar import PredictBar
    from ..widgets.debugger_header import DebuggerHeader
    from ..widgets.step_panel import StepPanel

    class _MainScreen(Screen[None]):
        """What the mixin uses of the main screen (for the type checker only)."""

        trace: Trace
        taken: int
        decimals: int
        playing: bool
        _header: DebuggerHeader
        _keys: KeyBar

        def refresh_view(self) -> None: ...

        def action_autoplay(self, on: bool | None = None) -> None: ...
else:
    _MainScreen = object

WHAT = {"backward": "the backward steps", "update": "the update steps",
        "forward": "the forward and loss steps", "all": "every step"}
"""What each predict mode asks, in words."""


def first_to_ask(trace: Trace, start: int, stop: int, asks: Callable[[int], bool],
                 seen: set[int]) -> int | None:
    """The first step of start..stop-1 that `asks` and that is not in `seen`, or None.

    Whether a step is asked depends on its phase only (`which_steps`), so a phase not asked
    is skipped whole: `G` on a trace of 200,000 steps looks at a handful.
    """
    index = start
    while index < stop:
        if not asks(index):
            index = span(trace, index, "phase").stop
        elif index in seen:
            index += 1
        else:
            return index
    return None


class PredictActions(_MainScreen):
    """Predict mode (P, Esc, the answer's Enter) for the main screen."""

    def init_predict(self, mode: str | None, log: PredictLog | None, source: str) -> None:
        """Predict `mode`'s steps from the start (None: off until P); log answers to `log`."""
        self.predict_mode = mode or "backward"
        self.predicting = mode is not None
        self.predict_log = log
        self.predict_source = source
        """What the log calls the model: the config file or the example's name."""
        self.tally = Tally()
        self.asking: int | None = None
        """The step whose value is awaited (then `taken`), or None."""
        self._verdict: tuple[int, Verdict | None, str] | None = None
        """(step, verdict, the text typed) of the last answer; verdict None: revealed."""
        self._problem: str | None = None
        """Why the last text typed was not read as a number."""
        self._bar: PredictBar | None = None
        """The bar the answer is typed in, made when predict mode is first on: a session
        that never predicts does not pay for it (nor for importing Textual's Input)."""

    def compose_predict_bar(self) -> ComposeResult:
        """The predict bar, if predict mode is on from the start."""
        if self.predicting:
            yield self._new_bar()

    def _new_bar(self) -> PredictBar:
        from ..widgets.predict_bar import PredictBar

        self._bar = PredictBar(id="predict")
        return self._bar

    # Moving --------------------------------------------------------------------------------

    def move_to(self, new: int) -> None:
        """Move the cursor to `new` steps taken. Predicting, a move forward stops before the
        first step still to ask, and asks it; while a question stands it stays asked."""
        new = min(max(new, 0), len(self.trace))
        if self.asking is not None:
            if new > self.taken:
                if self.playing:
                    self.action_autoplay(False)
                self._focus_answer()  # answer it (or Esc) first: nothing is revealed
                return
            self.asking = None  # going back withdraws the question: asked when reached again
        self._verdict = None
        if self.predicting and new > self.taken:
            asks = which_steps(self.trace, self.predict_mode)
            index = first_to_ask(self.trace, self.taken, new, asks, self.tally.seen)
            if index is not None:
                self._ask(index)
                new = index
        if new == self.taken:
            self.refresh_view()
        else:
            self.taken = new

    def _ask(self, index: int) -> None:
        self.asking = index
        self._problem = None
        if self.playing:
            self.action_autoplay(False)
        self._focus_answer()

    def _focus_answer(self) -> None:
        if self.asking is not None and self._bar is not None:
            self._bar.answer.focus()

    def new_trace(self, same_model: bool) -> None:
        """Another trace is on show: a question stands no longer; another model's steps
        were never asked (the tally's counts go on)."""
        self.asking = None
        self._verdict = None
        if not same_model:
            self.tally.seen.clear()

    # Keys ----------------------------------------------------------------------------------

    async def action_toggle_predict(self) -> None:
        """Turn predict mode on or off (off withdraws the question, unanswered)."""
        self.predicting = not self.predicting
        if self.predicting and self._bar is None:
            await self.mount(self._new_bar(), before=self._keys)
        if not self.predicting and self.asking is not None:
            self.asking = None
            self.set_focus(None)
        self._verdict = None
        state = f"on: forward moves stop and ask {WHAT[self.predict_mode]}" if self.predicting else "off"
        self.notify(f"Predict mode {state}", markup=False)
        self.refresh_view()

    def action_reveal(self) -> None:
        """Esc: show the value asked without counting it; the step is taken."""
        index = self.asking
        if index is None:
            return
        self.tally.reveal(index)
        self._finish(index, None, "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the predict bar: check the answer typed. (A handler by name: `@on` is
        not seen on a mixin, which Textual's metaclass does not build.)"""
        if event.input.id != "predict-answer":
            return
        event.stop()
        index = self.asking
        if index is None or not event.value.strip():
            return  # an Enter too many must not give the answer away
        if event.value.strip() == "?":
            self.action_reveal()  # as line mode reveals
            return
        try:
            answer = parse_answer(event.value)
        except ValueError as error:
            self._problem = str(error)
            self.refresh_view()
            return
        step = self.trace[index]
        verdict = check(self.trace, step, answer, self.decimals)
        self.tally.record(index, verdict.right)
        if self.predict_log is not None:
            from ...predict_log import answer_record

            self._log(answer_record(self.predict_source, step, answer, verdict))
        self._finish(index, verdict, event.value.strip())

    def _finish(self, index: int, verdict: Verdict | None, typed: str) -> None:
        """The question is over: the step is taken and its verdict shows until the next move."""
        self.asking = None
        self._verdict = (index, verdict, typed)
        self.set_focus(None)
        if self.taken == index + 1:
            self.refresh_view()
        else:
            self.taken = index + 1

    def _log(self, record: dict[str, object]) -> None:
        log = self.predict_log
        if log is not None and log.error is None and not log.append(record):
            self.notify(f"{log.error}; answers are no longer logged", title="Predict log",
                        severity="error", markup=False, timeout=10)

    # Showing -------------------------------------------------------------------------------

    def predict_view(self, view: View, step_panel: StepPanel) -> None:
        """Hand predict mode's state to the step panel, the header and the bar."""
        if self.asking is not None and self.asking != view.taken:
            self.asking = None  # the cursor was set directly (a test, a new trace)
        asked = self.trace[self.asking] if self.asking is not None else None
        step_panel.question = asked
        panel_line = bar_line = None
        if self._verdict is not None and view.current is not None and self._verdict[0] == view.taken - 1:
            _, verdict, typed = self._verdict  # shown at the decimals now on show
            panel_line, bar_line = verdict_lines(view.current, verdict, typed, view.decimals)
        step_panel.verdict = panel_line
        self._header.tally = (self.tally.right, self.tally.asked) if self.predicting else None
        self.set_class(self.predicting, "-predicting")
        bar = self._bar
        if bar is None:
            return
        bar.display = self.predicting
        if not self.predicting:
            return
        if asked is not None:
            hint = Content.styled(f"{printable(self._problem)}: type a number, Esc reveals", "$text-error") \
                if self._problem else Content("Enter checks · Esc reveals")
            bar.ask(asked.index, Content(f"{printable(asked.target)} = ?"), hint)
        elif bar_line is not None:
            bar.say(bar_line)
        else:
            bar.say(Content.styled(f"Predicting {WHAT[self.predict_mode]}: moving on asks each "
                                   "value first · practice, not a grade · P: off", "$text-muted"))


def verdict_lines(step: Step, verdict: Verdict | None, typed: str, decimals: int
                  ) -> tuple[Content, Content]:
    """The verdict on `step` (None: revealed) as the step panel's first line and the bar's line."""
    value = format_number(step.value, decimals)
    if verdict is None:
        return (Content.styled("○ revealed, not counted", "bold"),
                Content(f"revealed: {printable(step.target)} = {value} (not counted)"))
    said = f"{printable(step.target)} = {value}, you typed {printable(typed)}"
    if verdict.right:
        return (Content.styled("✓ right", "bold $text-success"),
                Content.assemble(("✓ right: ", "bold $text-success"), said))
    hint = printable(verdict.hint) if verdict.hint else ""
    return (Content.assemble(("✗ wrong", "bold $text-error"), f": {hint}" if hint else ""),
            Content.assemble(("✗ wrong: ", "bold $text-error"), said, f" · {hint}" if hint else ""))
