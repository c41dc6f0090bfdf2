"""The `record` subcommand: options in, files out, one line per file written."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..atomic import check_target
from ..core import ConfigError, Trace
from ..printable import printable
from . import ScriptError, default_keys, parse_keys, record
from .keynames import known_key, unknown_key_message


def _target(option: str | None, folder: Path, default: str) -> Path | None:
    """--gif / --svg-animation: None (not asked), "" (the default name in DIR) or a path."""
    if option is None:
        return None
    return folder / default if option == "" else Path(option)


def run_record(args: argparse.Namespace, trace: Trace) -> int:
    """Carry out `tui-backprop record`; bad options raise UsageError (exit status 2)."""
    from ..cli_parser import UsageError

    if args.keys is not None:
        try:
            lead, presses = parse_keys(args.keys)
        except ScriptError as error:
            raise UsageError(f"--keys: {error}") from None
        if not presses:
            raise UsageError("--keys: the script presses no key")
        for press in presses:
            if not known_key(press.key):
                raise UsageError(f"--keys: {unknown_key_message(press.key)}")
        if len(presses) > args.max_frames:  # every key is a frame: cap the work, as for defaults
            raise UsageError(f"--keys: the script presses {len(presses)} keys, more than "
                             f"--max-frames {args.max_frames} (raise it to record them all)")
    else:
        lead, presses = 0, default_keys(len(trace), args.max_frames)
    folder = Path(args.out)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--out: {folder} is not a folder")
    gif = _target(args.gif, folder, "recording.gif")
    svg = _target(args.svg_animation, folder, "recording.svg")
    for option, path in (("--gif", gif), ("--svg-animation", svg)):
        if path is None:
            continue
        if path.parent != folder and not path.parent.is_dir():
            raise UsageError(f"{option}: {path}: no such folder: {path.parent}")
        try:  # a directory or a read-only file: refused now, not after the whole recording
            check_target(path)
        except OSError as error:
            raise UsageError(f"{option}: {path}: cannot write: {error.strerror or error}") from None
    try:
        made = record(trace, presses, folder, size=args.size, lead_ms=lead,
                      theme=getattr(args, "theme", None),
                      themes_dirs=[Path(d) for d in args.themes_dir],
                      decimals=args.decimals, frame_ms=args.frame_ms, gif=gif, svg=svg,
                      gif_width=args.gif_width)
    except RuntimeError as error:  # the optional libraries are missing
        raise UsageError(str(error)) from None
    except OSError as error:
        raise ConfigError(f"{error.filename or folder}: cannot write: {error.strerror or error}") from None
    out = sys.stdout
    # Paths are the user's own words: shown, never obeyed (an escape sequence in --out).
    out.write(f"{len(made.frames)} frames: {printable(str(folder / 'frame-0000.svg'))} .. "
              f"{printable(str(made.frames[-1].path))}\n")
    for path in (made.gif, made.svg):
        if path is not None:
            out.write(f"{printable(str(path))}\n")
    return 0
