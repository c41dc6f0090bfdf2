"""Saving what the debugger shows: an SVG screenshot and markdown notes of the current state.

Files are written through a temporary file renamed at the end, into a folder that exists (it
is created if missing; Textual's own default, ~/Downloads, may not exist and then fails
silently), and the user is told the full path. Served to a browser, the file is delivered
to the browser instead.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual.app import App

from ..atomic import atomic_open
from ..printable import safe_stem


def output_folder(configured: Path | None) -> Path:
    """The folder saves go to: the configured one (created if missing), else the current one."""
    folder = (configured if configured is not None else Path.cwd()).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_name(title: str, taken: int, suffix: str, now: datetime | None = None) -> str:
    """"seed-1-1-1_step-5_2026-11-29_05-10-03.svg": the network, the step, the time (the
    network's name with anything but letters, digits, '-' and '_' as '-': a safe file name)."""
    stem = safe_stem(title)
    stamp = (now or datetime.now()).strftime("%Y-%m-%d_%H-%M-%S")
    return f"{stem}_step-{taken}_{stamp}{suffix}"


def write_new(folder: Path, name: str, text: str) -> Path:
    """Write `text` atomically as folder/name, adding -2, -3... rather than overwrite a file
    (or write through a link someone left there; the new file gets the umask's mode)."""
    target = folder / name
    number = 2
    while target.exists() or target.is_symlink():
        target = folder / f"{Path(name).stem}-{number}{Path(name).suffix}"
        number += 1
    with atomic_open(target) as out:
        out.write(text)
    return target


def _folder_of(app: App[object]) -> Path:
    return output_folder(getattr(app, "screenshot_dir", None))


def _save(app: App[object], what: str, suffix: str, text_of: Callable[[], str]) -> Path | None:
    """Write one export and notify its full path, or the reason it failed (never a crash)."""
    screen = getattr(app, "main_screen", lambda: None)()
    taken = screen.taken if screen is not None else 0
    if app.is_web:  # served to a browser (tui-backprop serve): the file goes to the browser
        name = file_name(app.title, taken, suffix)
        app.deliver_text(io.StringIO(text_of()), save_filename=name, encoding="utf-8")
        app.notify(name, title=f"{what} sent to the browser", markup=False, timeout=8)
        return None
    try:
        path = write_new(_folder_of(app), file_name(app.title, taken, suffix), text_of())
    except OSError as error:
        app.notify(f"{error.filename or ''} {error.strerror or error}".strip(),
                   title=f"{what} not saved", severity="error", markup=False)
        return None
    app.notify(str(path), title=f"{what} saved", markup=False, timeout=8)
    return path


def save_screenshot(app: App[object]) -> Path | None:
    """Save the screen as SVG (Textual's own export) and tell the user where."""
    return _save(app, "Screenshot", ".svg", app.export_screenshot)


def save_notes(app: App[object]) -> Path | None:
    """Save markdown notes of the debugger's state and tell the user where."""
    from .notes import notes_markdown
    from .widgets.network_diagram import NetworkDiagram

    screen = getattr(app, "main_screen", lambda: None)()
    if screen is None:
        return None
    return _save(app, "Notes", ".md",
                 lambda: notes_markdown(screen.view, screen.query_one(NetworkDiagram).text))
