"""The ``twinbench`` command line: list posteriors and methods, run sweeps, show stored results."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness.config import DEVICES, RunConfig

DEFAULT_POSTERIORS = (
    "linreg_sim-linear_regression", "mlr_sim-multiple_regression", "er_visits-poisson_regression",
    "eight_schools-centered", "eight_schools-noncentered",
)
DEFAULT_METHODS = ("pymc.nuts", "numpyro.nuts")


class UsageError(Exception):
    """Bad input from the user: reported as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, no usage dump
        raise UsageError(message)


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _parse_options(pairs: list[str]) -> dict:
    options = {}
    for pair in pairs:
        if "=" not in pair:
            raise UsageError(f"--option expects NAME=VALUE, got {pair!r}")
        name, value = pair.split("=", 1)
        options[name.strip()] = value.strip()
    return options


def cmd_list(args) -> int:
    """Print the posteriors (exercise, options) and the methods."""
    from harness import methods
    from models import catalog

    print("posteriors:")
    width = max(map(len, catalog.names()))
    for entry in catalog.POSTERIORS.values():
        options = "; ".join(f"{k}={'|'.join(map(str, v))}" for k, v in entry.options.items())
        extra = f"  [options: {options}]" if options else ""
        print(f"  {entry.name:<{width}}  {entry.exercise:<11} {entry.description}{extra}")
    print("methods:")
    for method in methods.METHODS.values():
        print(f"  {method.name:<14} {method.description} (devices: {', '.join(method.devices)})")
    return 0


def _resolve_names(requested: list[str], known: list[str], kind: str) -> list[str]:
    if requested == ["all"]:
        return known
    for name in requested:
        if name not in known:
            raise UsageError(f"unknown {kind} {name!r}; choose from: {', '.join(known)}")
    return requested


def cmd_run(args) -> int:
    """Run posterior × method with one config, print the table, write records."""
    from harness import methods
    from harness.device import DeviceUnavailable, require_device
    from harness.sweep import grid, run_sweep
    from harness.table import format_table
    from models import catalog

    posteriors = _resolve_names(_split(args.posterior) or list(DEFAULT_POSTERIORS), catalog.names(), "posterior")
    method_names = _resolve_names(_split(args.method) or list(DEFAULT_METHODS), methods.names(), "method")
    config = RunConfig(draws=args.draws, tune=args.tune, chains=args.chains, seed=args.seed,
                       target_accept=args.target_accept, device=args.device, timeout=args.timeout,
                       options=_parse_options(args.option))
    try:
        config.validate()
        for name in posteriors:
            catalog.get(name).model_options(**config.options)
        require_device(config.device)
    except (ValueError, DeviceUnavailable) as error:
        raise UsageError(str(error)) from None
    specs = grid(posteriors, method_names, config)
    print(f"twinbench: {len(specs)} run(s): {len(posteriors)} posterior(s) x {len(method_names)} method(s), "
          f"draws={config.draws} tune={config.tune} chains={config.chains} seed={config.seed} "
          f"device={config.device}; records -> {args.out}", file=sys.stderr, flush=True)
    records = run_sweep(specs, args.out, resume=args.resume)
    print(format_table(records))
    return 0 if all(r.ok or r.status.startswith("unsupported") for r in records) else 1


def cmd_show(args) -> int:
    """Print the table of every record stored in a folder."""
    from harness.store import read_records
    from harness.table import format_table

    if not Path(args.runs).is_dir():
        raise UsageError(f"no such folder: {args.runs}")
    print(format_table(read_records(args.runs)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(prog="twinbench", description="Benchmark Bayesian inference backends on PyMC/NumPyro twin models.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p_list = sub.add_parser("list", help="list posteriors (with exercise numbers) and methods")
    p_list.set_defaults(func=cmd_list)

    p_run = sub.add_parser("run", help="run methods on posteriors; no arguments runs the default quick suite",
                           description="Run each posterior x method in its own process and print a table. "
                                       "Without -p/-m: the 5 skeleton posteriors x both NUTS methods.")
    p_run.add_argument("-p", "--posterior", help="comma-separated posterior names, or 'all'")
    p_run.add_argument("-m", "--method", help="comma-separated method names, or 'all'")
    p_run.add_argument("--draws", type=int, default=1000, help="draws per chain after warm-up (default 1000)")
    p_run.add_argument("--tune", type=int, default=1000, help="warm-up iterations per chain (default 1000)")
    p_run.add_argument("--chains", type=int, default=4, help="number of chains (default 4)")
    p_run.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p_run.add_argument("--target-accept", type=float, default=0.8, help="NUTS target acceptance (default 0.8)")
    p_run.add_argument("--device", default="cpu", help=f"one of {', '.join(DEVICES)} (default cpu)")
    p_run.add_argument("--timeout", type=float, default=900.0, help="seconds before a run is killed (default 900)")
    p_run.add_argument("-o", "--option", action="append", default=[], metavar="NAME=VALUE",
                       help="model option passed to both twins, e.g. prior=tight (repeatable)")
    p_run.add_argument("--out", default="results/runs", help="folder for run records (default results/runs)")
    p_run.add_argument("--resume", action="store_true", help="skip runs that already have an ok record in --out")
    p_run.set_defaults(func=cmd_run)

    p_show = sub.add_parser("show", help="print the table of stored run records")
    p_show.add_argument("--runs", default="results/runs", help="folder of records (default results/runs)")
    p_show.set_defaults(func=cmd_show)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 0
        return args.func(args)
    except UsageError as error:
        print(f"twinbench: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("twinbench: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
