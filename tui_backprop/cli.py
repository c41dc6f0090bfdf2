"""The command line: `tui-backprop` and `python -m tui_backprop` (CONTRACT.md §2).

Bad input of any kind ends with exit status 2 and one line on stderr naming the file and
the field; output files are written to a temporary file and renamed, never half-written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NoReturn

from .core import ConfigError, Network, Trace, build_trace, example, load_network
from .core.examples import ORDER as EXAMPLES

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


def _output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (atomically) instead of standard output")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _Parser(prog=PROG, description="A terminal step-through debugger for backpropagation.")
    _network_options(parser, suppress=False)
    parser.add_argument("--theme", metavar="NAME", help="theme of the debugger (see: themes)")
    parser.add_argument("--themes-dir", metavar="DIR", action="append", default=[],
                        help="a folder of extra theme files (may be repeated)")
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
    sub.add_parser("examples", help="list the built-in examples")
    themes = sub.add_parser("themes", help="list the themes the debugger can use")
    themes.add_argument("--themes-dir", metavar="DIR", action="append", default=argparse.SUPPRESS)
    return parser


def _version() -> str:
    from . import __version__
    return __version__


def load(args: argparse.Namespace) -> Network:
    """The network the options name (the seed example by default)."""
    if args.config:
        return load_network(args.config)
    return example(args.example or "seed")


def write(chunks: Iterable[str], output: str | None) -> None:
    """Write chunks to stdout, or to `output` through a temporary file renamed at the end."""
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    target = Path(output)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    except OSError as error:
        raise ConfigError(f"{output}: cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for chunk in chunks:
                out.write(chunk)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    """Carry out a parsed command; returns the exit status."""
    from .export import FORMATS, summary

    if args.command == "examples":
        width = max(len(name) for name in EXAMPLES)
        for name in EXAMPLES:
            sys.stdout.write(f"{name:<{width}}  {example(name).description}\n")
        return 0
    if args.command == "themes":
        from .app.themes import theme_names
        sys.stdout.writelines(f"{name}\n" for name in theme_names([Path(d) for d in args.themes_dir]))
        return 0
    network = load(args)
    if args.command is None:
        from .app import run as run_app
        if args.theme is not None:
            from .app.themes import theme_names
            known = theme_names([Path(d) for d in args.themes_dir])
            if args.theme not in known:
                raise UsageError(f"--theme: unknown theme {args.theme!r} (see {PROG} themes)")
        return run_app(network, iterations=args.iterations, theme=args.theme,
                       themes_dirs=[Path(d) for d in args.themes_dir], decimals=args.decimals)
    trace: Trace = build_trace(network, args.iterations)
    if args.command == "gradcheck":
        from .export.gradcheck_report import gradcheck_report
        limit = network.parameter_count if args.all else args.limit
        lines, failures = gradcheck_report(trace, args.tolerance, limit)
        write(lines, None)
        return 1 if failures else 0
    export = summary if args.command == "summary" else FORMATS[args.format]
    write(export(trace, args.decimals), args.output)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    try:
        return run(build_parser().parse_args(argv))
    except (ConfigError, UsageError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `tui-backprop trace | head`: the reader left; say nothing, as cat does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
