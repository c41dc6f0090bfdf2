"""The header: the network's name (plain text), the phase, the step and the iteration."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from ...printable import printable
from ..view import View
from ..trace_kinds import title

SEPARATOR = ("  │  ", "$text-muted")


class DebuggerHeader(Widget):
    """One line: name │ phase │ step i of N │ iteration k of K │ autoplay state."""

    DEFAULT_CSS = """
    DebuggerHeader {
        dock: top;
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = self._medium = self._short = Content("")
        self.playing: str = ""
        """Autoplay state ("▶ 2x") or "" when not playing."""
        self.tally: tuple[int, int] | None = None
        """Predict mode's tally, (right, asked), or None when not predicting."""

    def show(self, view: View) -> None:
        """Describe the view's position."""
        trace = view.trace
        current = view.current
        phase = str(current.phase) if current is not None else "start"
        # Practice, not a grade: the count of answers right, no score or percentage.
        right, asked = self.tally or (0, 0)
        tally = f"predicted {right} of {asked} right" if self.tally else ""
        position = f"step {view.taken} of {len(trace)}"
        iteration = (view.iteration + 1, trace.iterations)
        forms = (  # (separator, position, iteration, tally): the widest that fits is shown
            (SEPARATOR, position, "iteration {} of {}".format(*iteration), tally),
            ((" │ ", "$text-muted"), position, "it {}/{}".format(*iteration), tally),
            (("│", "$text-muted"), f"{view.taken}/{len(trace)}", "it {}/{}".format(*iteration),
             f"{right}/{asked} right" if self.tally else ""),
        )
        self._content, self._medium, self._short = (
            Content.assemble(
                # A tuple is plain text, never markup; printable, never an escape sequence.
                " ", (printable(title(trace)), "bold"),
                separator, (phase, "bold $accent"), separator, where, separator, its,
                *((separator, (self.playing, "bold $bp-active")) if self.playing else ()),
                *((separator, count) if count else ()))
            for separator, where, its, count in forms
        )
        self.refresh()

    @property
    def text(self) -> str:
        """The header as plain text."""
        return self._content.plain

    def render(self) -> Content:
        # Narrow terminals get the short form: "seed│forward│3/17│it 1/1"; with the tally,
        # which makes the line longer, first a form with narrower separators.
        forms = (self._content, self._medium) if self.tally else (self._content,)
        for form in forms:
            if form.cell_length <= self.size.width:
                return form
        return self._short

