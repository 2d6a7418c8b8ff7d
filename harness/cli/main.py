"""The ``twinbench`` command line: builds the parser from the verb modules and dispatches.

Each verb lives in its own module of ``harness/cli`` (``add_parser(sub)``, ``cmd(args)``); the options
they share, and every check of user input, are in ``harness/cli/options.py``. Bad input is one line on
stderr (``twinbench: error: ...``) and exit status 2, before anything runs.
"""
from __future__ import annotations

import os
import signal
import sys
import threading

from harness.cli import (aa_test, agree, calibrate_agreement, chains_precision, compare, gradbench, leaderboard, methods,
                         overhead, reference, release_timeline, run, scale, show, study)
from harness.cli import list as list_verb
from harness.cli.options import Parser, UsageError
from harness.execution.executors import ExecutorError
from harness.records.store import RecordPackError

VERBS = (list_verb, run, compare, agree, leaderboard, aa_test, study, release_timeline, gradbench, reference,
         calibrate_agreement, overhead, methods, show, scale, chains_precision)


class Terminated(SystemExit):
    """SIGTERM, raised in the main thread so that every ``finally`` (temporary files, worker groups) runs."""


def _terminate(signum, frame):
    raise Terminated(128 + signum)


def build_parser() -> Parser:
    """The argument parser for every subcommand."""
    parser = Parser(prog="twinbench", description="Benchmark Bayesian inference backends on PyMC/NumPyro twin models.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for verb in VERBS:
        verb.add_parser(sub).set_defaults(func=verb.cmd)
    return parser


def _dispatch(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 0
        return args.func(args)
    except (UsageError, ExecutorError, RecordPackError) as error:  # ExecutorError: an unreachable scheduler, a cluster
        # without workers; RecordPackError: a truncated or corrupt records.jsonl.gz, named
        print(f"twinbench: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head and the like
        sys.stdout = open(os.devnull, "w")
        return 0
    except KeyboardInterrupt:
        print("twinbench: interrupted", file=sys.stderr)
        return 130


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script: SIGTERM ends the command like Ctrl-C (cleanup runs), exit 143."""
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _dispatch(argv)
    except Terminated as stop:
        print("twinbench: terminated", file=sys.stderr)
        return stop.code
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
