"""The command line: `tui-backprop` and `python -m tui_backprop` (CONTRACT.md §2).

Bad input of any kind ends with exit status 2 and one line on stderr naming the file and
the field; output files are written whole or not at all (`atomic`), devices directly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from .atomic import atomic_open
from .cli_parser import PROG, UsageError, build_parser
from .core import ConfigError, Network, Trace, build_trace, example, load_network
from .core.examples import NAMES as EXAMPLES
from .printable import printable

def _open_predict_log(args: argparse.Namespace):
    """The predict log the options name, opened (a bad path fails here, at start), or None."""
    from .predict_log import PredictLog

    if args.predict_log is None:
        return None
    if args.predict is None:
        raise UsageError("--predict-log needs --predict")
    return PredictLog(args.predict_log)


def _run_line_mode(args: argparse.Namespace, trace: Trace) -> int:
    from .linemode import LineSession, run_line_mode
    from .predict import which_steps

    log = _open_predict_log(args)
    source = args.config or args.example or "seed"
    predict = which_steps(trace, args.predict) if args.predict is not None else None
    session = LineSession(trace, decimals=args.decimals, predict=predict,
                          mode=args.predict or "backward", log=log, source=source)
    if hasattr(sys.stdin, "reconfigure"):  # bytes that are not UTF-8 are a typo, not a crash
        sys.stdin.reconfigure(errors="replace")
    try:
        return run_line_mode(session, sys.stdin, sys.stdout)
    finally:
        if log is not None:
            log.close()


def _check_theme(args: argparse.Namespace) -> None:
    if args.theme is not None:
        from .app.themes import unknown_theme_reason
        reason = unknown_theme_reason(args.theme, [Path(d) for d in args.themes_dir])
        if reason is not None:
            raise UsageError(f"{reason} (see {PROG} themes)")


def _breakpoints(args: argparse.Namespace) -> list:
    """The --break options, parsed (a bad one: exit status 2, one line naming it)."""
    from .core.breakpoints import BreakpointError, parse_breakpoint

    parsed = []
    for spec in getattr(args, "breaks", []):
        try:
            parsed.append(parse_breakpoint(spec))
        except BreakpointError as error:
            raise UsageError(f"--break {spec!r}: {error}") from None
    return parsed


def load(args: argparse.Namespace) -> Network:
    """The network the options name (the seed example by default), with the optimizer
    `--optimizer` names, if given, in place of the config's."""
    network = load_network(args.config) if args.config else example(args.example or "seed")
    if getattr(args, "optimizer", None):
        from .core.optim_config import with_optimizer
        network = with_optimizer(network, args.optimizer)
    return network


def write(chunks: Iterable[str], output: str | None) -> None:
    """Write chunks to stdout, or to `output` through a temporary file renamed at the end."""
    if output is None:
        try:
            for chunk in chunks:
                sys.stdout.write(chunk)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as error:  # `> /dev/full`: one line, and no second error at exit
            _discard_stdout()
            raise ConfigError(f"standard output: cannot write: {error.strerror or error}") from None
        return
    try:
        with atomic_open(Path(output)) as out:
            for chunk in chunks:
                out.write(chunk)
    except OSError as error:  # no such folder, read-only, a directory, disk full: one line, not a trace
        from .core.config_read import display_path  # escapes a newline in the name: one line
        raise ConfigError(f"{display_path(output)}: cannot write: {error.strerror or error}") from None


def _discard_stdout() -> None:
    """Point standard output at /dev/null: what is still buffered cannot fail at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def run(args: argparse.Namespace) -> int:
    """Carry out a parsed command; returns the exit status."""
    if args.command == "examples":
        width = max(len(name) for name in EXAMPLES)
        for name in EXAMPLES:
            sys.stdout.write(f"{name:<{width}}  {printable(example(name).description)}\n")
        return 0
    if args.command == "themes":
        from .app.themes import theme_catalogue
        names, problems = theme_catalogue([Path(d) for d in args.themes_dir])
        sys.stderr.writelines(f"{PROG}: theme not loaded: {printable(str(problem))}\n" for problem in problems)
        # Theme names come from files (the name field, else the file name): shown, not obeyed.
        sys.stdout.writelines(f"{printable(name)}\n" for name in names)
        return 0
    if args.command == "predict-report":
        from .predict_report import predict_report
        write(predict_report(args.log), args.output)
        return 0
    breakpoints = _breakpoints(args)
    network = load(args)
    _check_theme(args)
    if args.command is None:
        from .app import run as run_app
        if args.exit_at_end and args.autoplay is None:
            raise UsageError("--exit-at-end needs --autoplay SPEED")
        return run_app(network, iterations=args.iterations, theme=args.theme,
                       themes_dirs=[Path(d) for d in args.themes_dir], decimals=args.decimals,
                       autoplay=args.autoplay, exit_at_end=args.exit_at_end,
                       breakpoints=breakpoints, watches=args.watches,
                       screenshot_dir=Path(args.screenshot_dir) if args.screenshot_dir else None,
                       predict=args.predict, predict_log=_open_predict_log(args),
                       source=args.config or args.example or "seed")
    if args.command == "serve":
        from .serve import serve
        return serve(args)
    trace: Trace = build_trace(network, args.iterations)
    if args.command == "step":
        return _run_line_mode(args, trace)
    if args.command == "record":
        from .record.command import run_record
        return run_record(args, trace)
    if args.command == "gradcheck":
        from .export.gradcheck_report import gradcheck_report
        limit = args.limit if not isinstance(network, Network) or not args.all else network.parameter_count
        lines, failures = gradcheck_report(trace, args.tolerance, limit)
        write(lines, None)
        return 1 if failures else 0
    from .export import FORMATS, summary  # here: the debugger's start-up does not need them

    export = summary if args.command == "summary" else FORMATS[args.format]
    write(export(trace, args.decimals), args.output)
    return 0


def complain(message: str) -> None:
    """Write one line on stderr: `tui-backprop: message`, made printable, because messages
    carry file names and values from the user's files (an escape sequence, a newline, a
    lone surrogate from an undecodable file name must neither act nor split the line)."""
    sys.stderr.write(f"{PROG}: {printable(message)}\n")
    sys.stderr.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    try:
        return run(build_parser().parse_args(argv))
    except (ConfigError, UsageError) as error:
        complain(str(error))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `tui-backprop trace | head`: the reader left; say nothing, as cat does.
        _discard_stdout()
        return 0
