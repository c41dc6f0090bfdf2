"""Drive the real debugger headless and save an SVG of the screen after every key."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core import Trace, example_names
from .animation import write_atomic
from .script import Press

FRAME_NAME = "frame-{:04d}.svg"
"""Frame files: frame-0000.svg is the start, frame-0001.svg the screen after the first key."""
_OLD_FRAME = re.compile(r"frame-\d{4,}\.svg")


@dataclass(frozen=True)
class Frame:
    """One screenshot written to disk."""

    path: Path
    """The SVG file."""
    key: str | None
    """The key pressed just before it (None for the start)."""
    wait_ms: int
    """Extra milliseconds it is held in an animation (the script's `wait:` after the key)."""


def clear_frames(folder: Path) -> None:
    """Remove the frames of an earlier recording in `folder`, so none is left over."""
    for old in folder.glob("frame-*.svg"):
        if _OLD_FRAME.fullmatch(old.name):
            old.unlink()


async def capture(trace: Trace, presses: Sequence[Press], folder: Path, *,
                  size: tuple[int, int], lead_ms: int = 0, theme: str | None = None,
                  themes_dirs: Sequence[Path] = (), decimals: int = 3,
                  on_frame: Callable[[Frame], None] | None = None) -> list[Frame]:
    """Run the app at `size`, press each key and write frame-NNNN.svg after it.

    Animations are off and nothing blinks, so the same script gives the same frames. A key
    that quits the app (q) ends the recording with the frames taken so far.
    """
    from textual.widgets import Input

    from ..app.app import BackpropApp

    app = BackpropApp(trace, theme=theme, themes_dirs=themes_dirs, decimals=decimals,
                      examples=example_names())
    app.animation_level = "none"
    frames: list[Frame] = []

    def shoot(key: str | None, wait_ms: int) -> None:
        # A text box (the palette's, an edit) would blink: hold its cursor steady.
        for box in app.screen.query(Input):
            box.cursor_blink = False
        path = folder / FRAME_NAME.format(len(frames))
        write_atomic(path, app.export_screenshot().encode("utf-8"))  # no half frame on SIGTERM
        frame = Frame(path, key, wait_ms)
        frames.append(frame)
        if on_frame is not None:
            on_frame(frame)

    async with app.run_test(size=size) as pilot:
        await pilot.pause(lead_ms / 1000 if lead_ms else None)
        shoot(None, 0)
        for press in presses:
            await pilot.press(press.key)
            await pilot.pause(press.wait_ms / 1000 if press.wait_ms else None)
            await pilot.pause()  # a new screen (palette, help) lays out before its picture
            if app.return_code is not None or not app.is_running:
                break  # the script quit the app
            shoot(press.key, press.wait_ms)
    return frames
