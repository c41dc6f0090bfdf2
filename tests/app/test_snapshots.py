"""What the screen looks like: SVG snapshots at the SSH default size and a larger one, at the
start, mid-forward, mid-backward and end of the seed and Mazur networks, and in every theme.

A changed look fails here; if the change is wanted, look at the new pictures in
snapshot_report.html, then accept them with `pytest tests/app/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

import tui_backprop as tb
from tui_backprop.app.app import BackpropApp

SMALL = (80, 24)
"""The terminal size SSH users get by default: everything must be readable here."""
LARGE = (120, 40)
"""A roomy terminal: the panels beside the diagram."""
THEMES = sorted(path.stem for path in (Path(__file__).resolve().parents[2] / "themes").glob("*.toml"))

POSITIONS: dict[str, dict[str, int]] = {
    # Steps taken; mid-backward lands on a step of interest (see the trace listings).
    "seed": {"start": 0, "mid-forward": 2, "mid-backward": 8, "end": 17},
    # Mazur at 21 has just taken the "+=" step: dL/da1[1] gathers its second term.
    "mazur": {"start": 0, "mid-forward": 5, "mid-backward": 21, "end": 43},
}
CASES = [(network, size, position)
         for network in POSITIONS for size in (SMALL, LARGE) for position in POSITIONS[network]]

SnapCompare = Callable[..., bool]


def debugger(network: str, theme: str | None = None) -> BackpropApp:
    """The real app on a built-in example, with animations off so frames are repeatable."""
    app = BackpropApp(tb.build_trace(tb.example(network)), theme=theme)
    app.animation_level = "none"
    return app


def at_step(taken: int) -> Callable[[Pilot], Awaitable[None]]:
    """A run_before that puts the cursor after `taken` steps, as the palette's jump does."""
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        screen = pilot.app.main_screen()  # type: ignore[attr-defined]
        screen.taken = taken
        await pilot.pause()
    return run_before


@pytest.mark.parametrize(("network", "size", "position"), CASES,
                         ids=[f"{n}-{w}x{h}-{p}" for n, (w, h), p in CASES])
def test_size_and_position(snap_compare: SnapCompare, network: str, size: tuple[int, int],
                           position: str) -> None:
    app = debugger(network)
    assert snap_compare(app, terminal_size=size, run_before=at_step(POSITIONS[network][position]))


@pytest.mark.parametrize("theme", THEMES)
def test_theme(snap_compare: SnapCompare, theme: str) -> None:
    app = debugger("mazur", theme)
    assert snap_compare(app, terminal_size=SMALL, run_before=at_step(POSITIONS["mazur"]["mid-backward"]))


def test_wide_layers_collapse(snap_compare: SnapCompare) -> None:
    """mnist-mlp's 784 inputs and 128 hidden units, mid-way through its first hidden unit."""
    app = debugger("mnist-mlp")
    assert snap_compare(app, terminal_size=SMALL, run_before=at_step(3))


def test_keys_drive_the_same_screen(snap_compare: SnapCompare) -> None:
    """Reached by keys, not by setting the cursor: f (end of forward), n, then d (decimals)."""
    app = debugger("seed")
    assert snap_compare(app, press=["f", "n", "d"], terminal_size=SMALL)
