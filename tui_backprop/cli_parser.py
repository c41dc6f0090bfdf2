"""The command line's grammar: every command and option of `tui-backprop`, parsed into one
line of error on misuse (`UsageError`, exit status 2). `cli` runs what was parsed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import NoReturn

from .core.examples import NAMES as EXAMPLES
from .core.optim import KINDS as OPTIMIZERS

PROG = "tui-backprop"


class UsageError(Exception):
    """Wrong use of the command line (exit status 2, one line)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not usage + message
        raise UsageError(f"{message} (see {PROG} --help)")


def _network_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    # Subcommands use SUPPRESS defaults so options given before the subcommand survive.
    default = argparse.SUPPRESS if suppress else None
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--config", metavar="FILE", default=default,
                        help="network config (TOML, or JSON)")
    source.add_argument("--example", metavar="NAME", default=default,
                        help=f"built-in example: {', '.join(EXAMPLES)} (default: seed)")
    parser.add_argument("--iterations", metavar="N", type=_positive,
                        default=argparse.SUPPRESS if suppress else 1,
                        help="training iterations to trace (default 1)")
    parser.add_argument("--optimizer", metavar="NAME", choices=OPTIMIZERS, default=default,
                        help=f"optimizer of the update phase, with PyTorch's defaults: "
                             f"{', '.join(OPTIMIZERS)} (default: the config's, else sgd)")
    parser.add_argument("--decimals", metavar="D", type=_decimals,
                        default=argparse.SUPPRESS if suppress else 3,
                        help="decimals numbers show with (default 3, as the seed prints)")


def _checked(convert: Callable[[str], float], ok: Callable[[float], bool], expected: str):
    """An argparse type: `convert` the text, then refuse it unless `ok` (one-line message)."""
    def parse(text: str):
        try:
            value = convert(text)
        except ValueError:
            value = None
        if value is None or not ok(value):
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
        return value
    return parse


_positive = _checked(int, lambda v: v >= 1, "a whole number >= 1")
_decimals = _checked(int, lambda v: 0 <= v <= 12, "a whole number from 0 to 12")
_tolerance = _checked(float, lambda v: 0 < v < float("inf"), "a number > 0")
_port = _checked(int, lambda v: 1 <= v <= 65535, "a port number from 1 to 65535")
_milliseconds = _checked(int, lambda v: 1 <= v <= 60_000, "milliseconds from 1 to 60000")
_pixels = _checked(int, lambda v: 100 <= v <= 8000, "a width in pixels from 100 to 8000")
AUTOPLAY_SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
"""Steps per second --autoplay accepts: the debugger's own autoplay speeds."""
_speed = _checked(float, lambda v: v in AUTOPLAY_SPEEDS,
                  f"a speed among {', '.join(f'{v:g}' for v in AUTOPLAY_SPEEDS)}")


def _size(text: str) -> tuple[int, int]:
    """COLSxROWS, e.g. 80x24, as the terminal size a recording is made at."""
    cols, sep, rows = text.lower().partition("x")
    if sep and cols.isdigit() and rows.isdigit() and 40 <= int(cols) <= 400 and 10 <= int(rows) <= 200:
        return int(cols), int(rows)
    raise argparse.ArgumentTypeError(f"expected COLSxROWS from 40x10 to 400x200, got {text!r}")


def _output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE instead of standard output (a file is replaced whole or "
                             "not at all; a device or FIFO is written to directly)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _Parser(prog=PROG, description="A terminal step-through debugger for backpropagation.")
    _network_options(parser, suppress=False)
    parser.add_argument("--theme", metavar="NAME", help="theme of the debugger (see: themes)")
    parser.add_argument("--themes-dir", metavar="DIR", action="append", default=[],
                        help="a folder of extra theme files (may be repeated)")
    parser.add_argument("--autoplay", metavar="SPEED", type=_speed,
                        help="start autoplaying at SPEED steps a second (0.25, 0.5, 1, 2, 4, 8)")
    parser.add_argument("--exit-at-end", action="store_true",
                        help="with --autoplay: quit after the last step (for asciinema rec -c)")
    parser.add_argument("--break", metavar="SPEC", dest="breaks", action="append", default=[],
                        help="a breakpoint: WHERE [if CONDITION], e.g. 'loss if value > previous' "
                             "or 'dL/dw* if abs(value) < 1e-4' (may be repeated; see README)")
    parser.add_argument("--watch", metavar="NAME", dest="watches", action="append", default=[],
                        help="watch a quantity (a step's target, e.g. w1[1,1]): its value and "
                             "history in the watch panel (may be repeated)")
    parser.add_argument("--screenshot-dir", metavar="DIR",
                        help="folder the s key saves screenshots in (default: the current folder)")
    _predict_options(parser, "; the P key turns it on and off")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    summary = sub.add_parser("summary", help="print the seed-style summary")
    _network_options(summary, suppress=True)
    _output_option(summary)
    trace = sub.add_parser("trace", help="print the whole ordered trace")
    _network_options(trace, suppress=True)
    trace.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    _output_option(trace)
    check = sub.add_parser("gradcheck", help="compare every gradient with central finite differences")
    _network_options(check, suppress=True)
    check.add_argument("--tolerance", metavar="TOL", type=_tolerance, default=1e-5,
                       help="largest relative error accepted (default 1e-5); exit status 1 above it")
    amount = check.add_mutually_exclusive_group()
    amount.add_argument("--limit", metavar="N", type=_positive,
                        help="check N parameters, evenly spaced (default: all, or 2000 past 5000)")
    amount.add_argument("--all", action="store_true", help="check every parameter, however many")
    _record_parser(sub)
    _serve_parser(sub)
    _line_mode_parsers(sub)
    sub.add_parser("examples", help="list the built-in examples")
    themes = sub.add_parser("themes", help="list the themes the debugger can use")
    themes.add_argument("--themes-dir", metavar="DIR", action="append", default=argparse.SUPPRESS)
    return parser


def _theme_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--theme", metavar="NAME", default=argparse.SUPPRESS,
                        help="theme of the debugger (see: themes)")
    parser.add_argument("--themes-dir", metavar="DIR", action="append", default=argparse.SUPPRESS,
                        help="a folder of extra theme files (may be repeated)")


def _record_parser(sub) -> None:
    record = sub.add_parser(
        "record", help="play keys on the debugger headless and save SVG frames, a GIF, an SVG",
        description="Play a key script on the debugger without a display and save an SVG "
                    "screenshot of the screen at the start and after every key "
                    "(DIR/frame-0000.svg, frame-0001.svg, ...), then, if asked, an animated "
                    "GIF and/or an animated SVG made from them.",
        epilog="example: tui-backprop record --example mazur --keys n,n,n,f,wait:500,f --gif")
    _network_options(record, suppress=True)
    _theme_options(record)
    record.add_argument("--keys", metavar="SCRIPT",
                        help="comma-separated keys as the debugger binds them, e.g. "
                             "'n,n,n,f,wait:200' (wait:MS lets the app run and holds the frame "
                             "longer; default: n once per step of the trace)")
    record.add_argument("--max-frames", metavar="N", type=_positive, default=60,
                        help="at most N keys, a frame each: the default keys stop there, a "
                             "longer --keys script is refused (default 60)")
    record.add_argument("--size", metavar="COLSxROWS", type=_size, default=(80, 24),
                        help="terminal size to record at (default 80x24)")
    record.add_argument("--out", metavar="DIR", default="recording",
                        help="folder for the frames, created if missing; earlier frame-*.svg "
                             "files in it are replaced (default: ./recording)")
    record.add_argument("--gif", metavar="FILE", nargs="?", const="",
                        help="also write an animated GIF (default FILE: DIR/recording.gif); "
                             "needs the extra: pip install 'tui-backprop[record]'")
    record.add_argument("--svg-animation", metavar="FILE", nargs="?", const="",
                        help="also write an animated SVG, frames shown by CSS keyframes "
                             "(default FILE: DIR/recording.svg)")
    record.add_argument("--frame-ms", metavar="MS", type=_milliseconds, default=700,
                        help="how long each frame shows in the animations (default 700)")
    record.add_argument("--gif-width", metavar="PX", type=_pixels,
                        help="width of the GIF in pixels (default: the screenshot's own)")


def _predict_options(parser: argparse.ArgumentParser, key: str = "") -> None:
    """--predict [MODE] and --predict-log FILE, for line mode and the debugger alike."""
    from .predict import MODES

    parser.add_argument("--predict", metavar="MODE", nargs="?", const="backward", choices=MODES,
                        help="ask the value of each step of MODE before showing it: "
                             f"{', '.join(MODES)} (default MODE: backward){key}")
    parser.add_argument("--predict-log", metavar="FILE",
                        help="with --predict: append each answer to FILE as a JSON line")


def _line_mode_parsers(sub) -> None:
    step = sub.add_parser(
        "step", help="step through the trace at a pdb-style prompt (plain text; help lists the commands)",
        description="Line mode: a pdb-style prompt '(backprop) ' on standard input and output, "
                    "one line per step taken; works with input from a pipe or a file.",
        epilog="example: printf 'n 5\\nwhere\\nq\\n' | tui-backprop step --example mazur")
    _network_options(step, suppress=True)
    _predict_options(step)
    report = sub.add_parser("predict-report", help="summarise a predict log as markdown, per target")
    report.add_argument("log", metavar="FILE", help="a file written by --predict-log")
    _output_option(report)


def _serve_parser(sub) -> None:
    serve = sub.add_parser(
        "serve", help="serve the debugger to web browsers (textual-serve)",
        description="Serve the debugger to web browsers: every browser tab gets its own "
                    "debugger. Needs the extra: pip install 'tui-backprop[serve]'. There is "
                    "no password: serve on a trusted network only. Only pages from this "
                    "server may open debuggers, and a terminal is at most 500x200.",
        epilog="classroom: tui-backprop serve --host 0.0.0.0 --public-url http://192.168.1.20:8000")
    _network_options(serve, suppress=True)
    _theme_options(serve)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; 0.0.0.0 for the whole network)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--public-url", metavar="URL",
                       help="the URL browsers use to reach this machine, e.g. "
                            "http://192.168.1.20:8000 (required with --host 0.0.0.0); "
                            "only pages from it (and this server's own address) may open debuggers")
    serve.add_argument("--max-sessions", metavar="N", type=_positive, default=None,
                       help="at most N debuggers at once, one per tab; more tabs are told the "
                            "room is full (default: 4 per CPU core, 8 on 2 cores; each takes "
                            "50-90 MB)")


def _version() -> str:
    from . import __version__
    return __version__
