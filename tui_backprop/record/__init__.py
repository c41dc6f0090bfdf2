"""`tui-backprop record`: a key script played on the real debugger, saved as SVG frames and,
from them, an animated GIF and/or an animated SVG (issue 4, point 1)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core import Trace
from .animation import MISSING_EXTRA, animated_gif, animated_svg, gif_missing, write_atomic
from .capture import Frame, capture, clear_frames
from .progress import Progress
from .script import Press, ScriptError, default_keys, parse_keys

LAST_FRAME_HOLD_MS = 2000
"""Extra time the last frame stays up before an animation loops."""


@dataclass(frozen=True)
class Recording:
    """What `record` wrote."""

    frames: list[Frame]
    """The SVG screenshots, start first."""
    gif: Path | None = None
    """The animated GIF, if asked for."""
    svg: Path | None = None
    """The animated SVG, if asked for."""


def durations(frames: Sequence[Frame], frame_ms: int) -> list[int]:
    """How long each frame shows in an animation: `frame_ms` plus its wait, the last longer."""
    shown = [frame_ms + frame.wait_ms for frame in frames]
    if shown:
        shown[-1] += LAST_FRAME_HOLD_MS
    return shown


def record(trace: Trace, presses: Sequence[Press], folder: Path, *, size: tuple[int, int],
           lead_ms: int = 0, theme: str | None = None, themes_dirs: Sequence[Path] = (),
           decimals: int = 3, frame_ms: int = 700, gif: Path | None = None,
           svg: Path | None = None, gif_width: int | None = None) -> Recording:
    """Play `presses` on the debugger, write the frames into `folder`, then the animations.

    Raises RuntimeError (saying what to install) before doing anything when a GIF is asked
    for and cairosvg, Pillow or the system's cairo library is missing.
    """
    missing = gif_missing() if gif is not None else None
    if missing is not None:
        raise RuntimeError(missing)
    folder.mkdir(parents=True, exist_ok=True)
    clear_frames(folder)
    bar = Progress("Recording", len(presses) + 1)
    try:
        frames = asyncio.run(capture(trace, presses, folder, size=size, lead_ms=lead_ms,
                                     theme=theme, themes_dirs=themes_dirs, decimals=decimals,
                                     on_frame=lambda _: bar.advance()))
    finally:
        bar.close()
    shown = durations(frames, frame_ms)
    texts = [frame.path.read_text(encoding="utf-8") for frame in frames]
    if svg is not None:
        write_atomic(svg, animated_svg(texts, shown).encode("utf-8"))
    if gif is not None:
        bar = Progress("Rendering GIF", len(texts))
        try:
            animated_gif(texts, shown, gif, width=gif_width, advance=bar.advance)
        finally:
            bar.close()
    return Recording(frames, gif, svg)


__all__ = ["MISSING_EXTRA", "Frame", "Press", "Recording", "ScriptError", "default_keys",
           "durations", "parse_keys", "record"]
