"""The yardstick for bench_app.py: a bare Textual app with a header, one line and a footer.

`n` rewrites the line (as a step rewrites the debugger's panels) and `q` quits, so both
programs can be driven by the same key presses.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    """Header, one line of text, footer."""

    TITLE = "bare"
    BINDINGS = [("n", "next", "Next"), ("q", "quit", "Quit")]

    count: int = 0
    """How many times `n` was pressed."""

    def compose(self) -> ComposeResult:
        """One line between a header and a footer."""
        yield Header()
        yield Static("step 0", id="line")
        yield Footer()

    def action_next(self) -> None:
        """Rewrite the line."""
        self.count += 1
        self.query_one("#line", Static).update(f"step {self.count}")


if __name__ == "__main__":
    BareApp().run()
