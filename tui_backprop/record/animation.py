"""Frames to animations: an animated GIF (cairosvg + Pillow) and an SVG with CSS keyframes.

Both write through a temporary file renamed at the end, so an interrupted render never
leaves half a file behind.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from ..atomic import atomic_open

_UNIQUE = re.compile(r"\bterminal-\d+")
_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')
_PROLOGUE = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
_WEB_FONT = re.compile(r'font-family:\s*"?Fira Code"?(?:,\s*monospace)?')

MISSING_EXTRA = "the GIF needs cairosvg and Pillow: pip install 'tui-backprop[record]'"
"""Said when --gif is asked for without the optional Python packages."""
MISSING_CAIRO = ("the GIF needs the system's cairo library: apt install libcairo2 "
                 "(dnf install cairo, brew install cairo)")
"""Said when the packages are there but cairocffi finds no libcairo to load."""


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file in the same folder."""
    with atomic_open(target, "wb") as out:
        out.write(data)


def gif_missing() -> str | None:
    """What the GIF renderer lacks, as a message saying what to install; None if nothing."""
    try:
        import cairosvg  # noqa: F401
        import PIL  # noqa: F401
    except ImportError:
        return MISSING_EXTRA
    except OSError as error:  # cairocffi, imported by cairosvg, loads libcairo when imported
        if "cairo" in str(error):
            return MISSING_CAIRO
        return f"the GIF renderer cannot start: {str(error).splitlines()[0] if str(error) else error!r}"
    return None


def gif_available() -> bool:
    """True when cairosvg (with the system's libcairo) and Pillow can be imported."""
    return gif_missing() is None


def animated_gif(svgs: Sequence[str], durations_ms: Sequence[int], target: Path, *,
                 width: int | None = None, advance: Callable[[], None] | None = None) -> None:
    """Rasterise each SVG (at `width` pixels, else its own size) and write a looping GIF.

    Pillow merges consecutive identical frames into one shown for their summed duration.
    """
    import cairosvg
    from PIL import Image

    images = []
    for svg in svgs:
        # Rich names a web font cairo cannot fetch; cairo's own fallback is proportional.
        offline = _WEB_FONT.sub("font-family: monospace", svg)
        png = cairosvg.svg2png(bytestring=offline.encode("utf-8"), output_width=width)
        # One adaptive palette per frame: the theme's few colours survive exactly.
        images.append(Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256))
        if advance is not None:
            advance()
    buffer = io.BytesIO()
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:],
                   duration=list(durations_ms), loop=0)
    write_atomic(target, buffer.getvalue())


def animated_svg(svgs: Sequence[str], durations_ms: Sequence[int]) -> str:
    """One SVG showing each frame in turn, forever: CSS keyframes, no script, no library.

    Each frame keeps its own styles; the ids Rich derives from a frame's content are renamed
    per frame, so two frames never share a class or a clip path.
    """
    match = _VIEWBOX.search(svgs[0])
    width, height = (match.group(1), match.group(2)) if match else ("994", "635")
    total = max(sum(durations_ms), 1)
    rules = [".frame { opacity: 0; animation-timing-function: step-end; "
             f"animation-duration: {total / 1000:g}s; animation-iteration-count: infinite; }}"]
    groups = []
    start = 0
    for number, (svg, duration) in enumerate(zip(svgs, durations_ms, strict=True)):
        begin, end = 100 * start / total, 100 * (start + duration) / total
        start += duration
        steps = [f"0% {{ opacity: {1 if number == 0 else 0}; }}"]
        if number:
            steps.append(f"{begin:.4f}% {{ opacity: 1; }}")
        steps.append(f"{end:.4f}% {{ opacity: {1 if number == len(svgs) - 1 else 0}; }}")
        steps.append(f"100% {{ opacity: {1 if number == len(svgs) - 1 else 0}; }}")
        rules.append(f"@keyframes frame-{number} {{ {' '.join(steps)} }}")
        # Without CSS animation (some viewers, cairo) the last frame shows, not a blank.
        still = " opacity: 1;" if number == len(svgs) - 1 else ""
        rules.append(f"#frame-{number} {{ animation-name: frame-{number};{still} }}")
        inner = _UNIQUE.sub(f"frame{number}", _PROLOGUE.sub("", svg))
        groups.append(f'<g class="frame" id="frame-{number}">\n{inner}\n</g>')
    style = "\n".join(rules)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}">\n<style>\n{style}\n</style>\n'
            + "\n".join(groups) + "\n</svg>\n")
