"""The watch panel: each watched quantity's value at the cursor and its history.

One line a watch: the name, its value once the steps so far are taken (`·` before its
first step), and a sparkline of its value at the end of each iteration so far, so one
weight can be watched learning over a training run.
"""

from __future__ import annotations

from textual.content import Content

from ...core.breakpoints.watch import sparkline
from ...core.steps import format_number
from ...printable import printable
from ..view import View
from .anchored_lines import AnchoredLines
from .cells import UNKNOWN


class WatchPanel(AnchoredLines):
    """Watched quantities (see the module)."""

    DEFAULT_CSS = """
    WatchPanel {
        height: auto;
    }
    """

    def show(self, view: View) -> None:
        """Each watch at the view's position."""
        d = view.decimals
        watches = view.watches
        names = [printable(w.name) for w in watches]
        width = max([len(n) for n in names] + [4])
        number = max(d + 4, 8)
        room = max(self.size.width - width - number - 4, 8)
        lines: list[Content] = []
        for name, watch in zip(names, watches):
            value = watch.value(view.trace, view.taken)
            shown = UNKNOWN if value is None else format_number(value, d)
            history = watch.history(view.trace, view.taken)
            lines.append(Content.assemble((name.ljust(width), "bold"), "  ", shown.rjust(number),
                                          "  ", (sparkline(history, room), "$accent")))
        if not lines:
            lines.append(Content.styled("none: m watches the current step's quantity, "
                                        "or type :watch NAME", "italic $text-muted"))
        self.set_titles(f"Watches ({len(watches)})", "value · history per iteration · M hides")
        self.set_lines(lines, 0)
