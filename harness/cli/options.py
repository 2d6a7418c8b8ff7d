"""The options the verbs share, and every check of user input, made before any work starts.

A verb module (``harness/cli/<verb>.py``) adds its arguments with the helpers here and validates
them with the ``check_*`` functions before it runs anything; a bad value raises ``UsageError``,
which ``harness.cli.main`` prints as one line (``twinbench: error: ...``) with exit status 2.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from pathlib import Path

from harness.execution.suites import QUICK_METHODS as DEFAULT_METHODS  # noqa: F401 (the verbs import them from here)
from harness.execution.suites import QUICK_POSTERIORS as DEFAULT_POSTERIORS  # noqa: F401
from harness.records.config import DEVICES, RunConfig

DEFAULT_TIMEOUT = 900.0
RUNS_OUT = "results/runs"
STUDIES_DIR = "results/studies"
LEADERBOARD_OUT = "results/runs/leaderboard"
TIME_TO_RESULT_OUT = "results/runs/time_to_result"  # cold/ and warm/: the leaderboard's time-to-result runs
AA_METHODS = "numpyro.nuts,pymc.default"

SEED_LIMIT = 2**32  # numpy's seeds: 0 <= seed < 2**32
MAX_CHAINS = 1024  # far above any machine's cores, and any vectorised GPU run of a benchmark
MAX_TUNE = 10**7  # warm-up iterations per chain
MAX_VI_STEPS = 10**8
MAX_SEEDS = 10_000  # runs per cell of a sweep
MAX_REPEATS = 10_000  # repeated measurements (overhead pairs, calibration runs)
MAX_WORKERS = 1024  # processes this machine starts (--workers, --jobs)
MAX_TIMEOUT = 30 * 86400.0  # seconds: a month
VALUES_PER_DRAW = 16  # what a stored draw holds at least (parameters and sampler statistics), 8 bytes each
PSEUDO_FILESYSTEMS = ("/proc", "/sys", "/dev")


class UsageError(Exception):
    """Bad input from the user: reported as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are ``UsageError`` (one line, no usage dump)."""

    def error(self, message):
        raise UsageError(message)


# --- names ----------------------------------------------------------------------------------------------------

def split_names(value: str | None) -> list[str]:
    """'a, b,,c' -> ['a', 'b', 'c']."""
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def resolve_names(requested: list[str], known: list[str], kind: str) -> list[str]:
    """``requested`` checked against ``known`` (['all']: every known name); UsageError naming the choices."""
    if requested == ["all"]:
        return list(known)
    for name in requested:
        if name not in known:
            raise UsageError(f"unknown {kind} {name!r}; choose from: {', '.join(known)}")
    return requested


def posterior_names(text: str | None, default: list[str]) -> list[str]:
    """The posteriors that ``-p`` names (``default`` when absent)."""
    from models import catalog

    return resolve_names(split_names(text) or list(default), catalog.names(), "posterior")


def method_names(text: str | None, default: list[str]) -> list[str]:
    """The methods that ``-m`` names (``default`` when absent)."""
    from harness import methods

    return resolve_names(split_names(text) or list(default), methods.names(), "method")


def parse_options(pairs: list[str]) -> dict:
    """``-o NAME=VALUE`` pairs -> {NAME: VALUE}; UsageError on a malformed pair."""
    options = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise UsageError(f"--option expects NAME=VALUE, got {pair!r}")
        if name.strip() in options:
            raise UsageError(f"--option {name.strip()} given twice")
        options[name.strip()] = value.strip()
    return options


# --- numbers --------------------------------------------------------------------------------------------------

def check_count(value, flag: str, maximum: int | None = None, minimum: int = 1) -> int:
    """An integer in minimum..maximum."""
    if value is None:
        return value
    if not isinstance(value, int) or value < minimum:
        raise UsageError(f"{flag} must be an integer >= {minimum}, got {value!r}")
    if maximum is not None and value > maximum:
        raise UsageError(f"{flag} must be at most {maximum:,}, got {value:,}")
    return value


def check_positive(value, flag: str, maximum: float | None = None) -> float:
    """A finite number > 0 (and <= ``maximum``)."""
    if value is None:
        return value
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
        raise UsageError(f"{flag} must be positive and finite, got {value!r}")
    if maximum is not None and value > maximum:
        raise UsageError(f"{flag} must be at most {maximum:g}, got {value:g}")
    return value


def check_seeds(seed: int, count: int = 1, flag: str = "--seed") -> None:
    """seed, seed + 1, ..., seed + count - 1 all within numpy's seed range 0 <= seed < 2**32."""
    if not isinstance(seed, int) or not 0 <= seed < SEED_LIMIT:
        raise UsageError(f"{flag} must be an integer >= 0 and < 2**32 (numpy's seed range), got {seed!r}")
    if seed + count - 1 >= SEED_LIMIT:
        raise UsageError(f"{flag} {seed} with {count} seed(s) reaches {seed + count - 1}, past numpy's seed range "
                         f"(at most {SEED_LIMIT - 1})")


def available_memory() -> int:
    """Bytes of memory available to a new process now."""
    import psutil

    return psutil.virtual_memory().available


def check_draws_fit(draws: int, chains: int, copies: int = 1, flag: str = "--draws") -> None:
    """Refuse draws x chains that cannot be held in this machine's memory (8 bytes x VALUES_PER_DRAW a draw)."""
    need = draws * chains * copies * VALUES_PER_DRAW * 8
    available = available_memory()
    if need > available:
        runs = f" x {copies:,} runs" if copies > 1 else ""
        raise UsageError(f"{flag} {draws:,} x --chains {chains:,}{runs} needs at least {need / 2**30:,.1f} GiB to "
                         f"hold the draws (8 bytes x {VALUES_PER_DRAW} values a draw); this machine has "
                         f"{available / 2**30:,.1f} GiB available")


def check_sampling(draws: int, tune: int, chains: int, copies: int = 1) -> None:
    """--draws, --tune, --chains: positive, bounded, and the draws fit in memory."""
    check_count(draws, "--draws")
    check_count(tune, "--tune", MAX_TUNE)
    check_count(chains, "--chains", MAX_CHAINS)
    check_draws_fit(draws, chains, copies)


def check_device(device: str, choices=DEVICES) -> str:
    """One of ``choices``."""
    if device not in choices:
        raise UsageError(f"--device must be one of {', '.join(choices)}, got {device!r}")
    return device


def check_observations(observations: int, flag: str) -> None:
    """A dataset of ``observations`` rows (8 bytes each at least) must fit in this machine's memory."""
    need, available = observations * 8, available_memory()
    if need > available:
        raise UsageError(f"{flag}: {observations:,} observations need at least {need / 2**30:,.1f} GiB "
                         f"(8 bytes each); this machine has {available / 2**30:,.1f} GiB available")


# --- folders --------------------------------------------------------------------------------------------------

def _pseudo_root(path: Path) -> str | None:
    for root in PSEUDO_FILESYSTEMS:
        if path == Path(root) or Path(root) in path.parents:
            return root
    return None


def writable_folder(path: str | Path, flag: str) -> Path:
    """``path`` as a folder that can be written: not an existing file, not under /proc, /sys or /dev, and
    writable (checked by creating it and a temporary file in it; whatever the check created is removed)."""
    given = Path(path).expanduser()
    resolved = Path(os.path.abspath(given)).resolve()
    root = _pseudo_root(resolved)
    if root:
        raise UsageError(f"{flag} {path}: under {root}, a system folder, not a place for results")
    if resolved.exists() and not resolved.is_dir():
        raise UsageError(f"{flag} {path} is a file, not a folder")
    missing, probe = [], resolved
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    if not probe.is_dir():
        raise UsageError(f"{flag} {path}: {probe} is a file, not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise UsageError(f"{flag} {path}: {probe} is not writable")
    created = []
    try:
        for folder in reversed(missing):
            folder.mkdir()
            created.append(folder)
        handle, name = tempfile.mkstemp(dir=resolved, prefix=".twinbench-check-")
        os.close(handle)
        os.unlink(name)
    except OSError as error:
        raise UsageError(f"{flag} {path}: cannot write there ({error.strerror or error})") from None
    finally:
        for folder in reversed(created):
            try:
                folder.rmdir()
            except OSError:
                pass
    return given


def readable_folder(path: str | Path, flag: str, missing: str | None = None) -> Path:
    """``path`` as an existing folder to read; ``missing`` is the message when it does not exist."""
    given = Path(path).expanduser()
    if given.exists() and not given.is_dir():
        raise UsageError(f"{flag} {path} is a file, not a folder")
    if not given.is_dir():
        raise UsageError(missing or f"no such folder: {path}")
    if not os.access(given, os.R_OK | os.X_OK):
        raise UsageError(f"{flag} {path} is not readable")
    return given


def readable_file(path: str | Path, flag: str) -> Path:
    """``path`` as an existing file to read."""
    given = Path(path).expanduser()
    if not given.is_file():
        raise UsageError(f"{flag} {path}: no such file" if not given.exists() else f"{flag} {path} is not a file")
    return given


# --- shared arguments -----------------------------------------------------------------------------------------

def add_run_arguments(parser: argparse.ArgumentParser, out: str = RUNS_OUT,
                      seeds_default: str = "1, or the suite's", seeds_help: str | None = None) -> None:
    """-p/-m, the sampler settings, --out and --resume, and the executor options of run-style verbs."""
    parser.add_argument("-p", "--posterior", help="comma-separated posterior names, or 'all'")
    parser.add_argument("-m", "--method", help="comma-separated method names, or 'all'")
    parser.add_argument("--draws", type=int, default=1000, help="draws per chain after warm-up (default 1000)")
    parser.add_argument("--tune", type=int, default=1000, help="warm-up iterations per chain (default 1000)")
    parser.add_argument("--chains", type=int, default=4, help=f"number of chains, at most {MAX_CHAINS} (default 4)")
    parser.add_argument("--seed", type=int, default=0, help="random seed, the first of --seeds (default 0)")
    parser.add_argument("--seeds", type=int, metavar="N",
                        help=seeds_help or "run every cell with N seeds (--seed, --seed+1, ...); tables then show "
                                           "medians with bootstrap 95%% intervals and a verdict per posterior "
                                           f"(default {seeds_default}; at most {MAX_SEEDS:,})")
    parser.add_argument("--equivalence", type=float, default=1.1, metavar="FACTOR",
                        help="practical-equivalence band of verdicts: methods whose ESS/s ratio interval "
                             "overlaps [1/FACTOR, FACTOR] tie (default 1.1, asv's factor)")
    parser.add_argument("--target-accept", type=float, default=0.8, help="NUTS target acceptance (default 0.8)")
    add_device_argument(parser)
    parser.add_argument("--timeout", type=float,
                        help=f"seconds before a run is killed and recorded as timeout (default {DEFAULT_TIMEOUT:.0f}, "
                             "or the suite's)")
    parser.add_argument("-o", "--option", action="append", default=[], metavar="NAME=VALUE",
                        help="model option passed to both twins, e.g. prior=tight (repeatable)")
    parser.add_argument("--batch-size", help="minibatch size(s) for minibatch methods, comma-separated: one run each")
    parser.add_argument("--chain-method", choices=("sequential", "parallel", "vectorized"),
                        help="how JAX methods run chains (default: parallel on CPU, vectorized on GPU)")
    parser.add_argument("--precision", choices=("float64", "float32"),
                        help="floating-point precision of methods that offer both (JAX x64 off and PyTensor floatX "
                             "float32 for float32; default float64); records hold the dtype the draws had")
    parser.add_argument("--caches", choices=("cold", "warm"),
                        help="compilation caches: cold = empty (PyTensor/Numba in a fresh folder, JAX's persistent "
                             "cache off); warm = each library's disk cache on, filled by one run of the same cell "
                             "first (records under OUT/primes); default: as the environment has them. Every record "
                             "says which caches it found and whether they hit")
    parser.add_argument("--size", type=float,
                        help="dataset scale for sizeable posteriors (1 = the exercise's size; agreement needs the default "
                             "size: 1, tennis_sim 0.1)")
    parser.add_argument("--vi-steps", type=int, default=20000, help="optimisation steps of VI methods (default 20000)")
    add_out_argument(parser, out)
    parser.add_argument("--resume", action="store_true", help="skip runs that already have an ok record in --out")
    add_executor_arguments(parser)


def add_device_argument(parser: argparse.ArgumentParser, choices=DEVICES, default: str = "cpu",
                        help: str | None = None) -> None:
    """--device, a choice."""
    parser.add_argument("--device", default=default, choices=choices,
                        help=help or f"one of {', '.join(choices)} (default {default})")


def add_out_argument(parser: argparse.ArgumentParser, default: str | None, help: str | None = None) -> None:
    """--out: always a folder of run records."""
    parser.add_argument("--out", default=default, metavar="DIR",
                        help=help or f"folder of run records (default {default})")


def add_studies_dir_argument(parser: argparse.ArgumentParser, what: str) -> None:
    """--studies-dir: always the folder where tables and plots go."""
    parser.add_argument("--studies-dir", default=STUDIES_DIR, metavar="DIR",
                        help=f"folder for {what} (default {STUDIES_DIR})")


def add_executor_arguments(parser: argparse.ArgumentParser) -> None:
    """--executor, --scheduler, --pack, --workers: where a sweep's runs execute (see executor_from_args)."""
    parser.add_argument("--executor", choices=("local", "dask"), default="local",
                        help="local: one run at a time on this machine (default); dask: on a Dask cluster")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --executor dask: an existing cluster's scheduler (default $DASK_SCHEDULER_ADDRESS; "
                             "neither: a LocalCluster on this machine)")
    parser.add_argument("--pack", action="store_true",
                        help="with --executor dask: let several runs share a host (correctness sweeps only; "
                             "default: one timed run per host at a time)")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="with --executor dask and no scheduler: LocalCluster worker processes "
                             "(default 1 for timed runs; cores / chains with --pack)")


def executor_from_args(args):
    """The sweep executor that run-style arguments ask for (a context manager; closing it stops a LocalCluster).

    Constructing it starts nothing: a LocalCluster starts when the executor is entered."""
    from harness.execution.executors import get_executor

    check_count(getattr(args, "workers", None), "--workers", MAX_WORKERS)
    try:
        return get_executor(getattr(args, "executor", "local") or "local", scheduler=getattr(args, "scheduler", None),
                            pack=getattr(args, "pack", False), workers=getattr(args, "workers", None))
    except ValueError as error:
        raise UsageError(str(error)) from None


# --- run-style verbs ------------------------------------------------------------------------------------------

def check_run_arguments(args, seed_sets: int = 1) -> None:
    """The numbers of run-style arguments (after any suite has filled --seeds and --timeout); ``seed_sets``:
    how many runs of --seeds seeds from --seed the verb makes (the leaderboard's A/A runs: 2)."""
    check_sampling(args.draws, args.tune, args.chains)
    check_count(args.seeds, "--seeds", MAX_SEEDS)
    check_seeds(args.seed, seed_sets * args.seeds)
    check_positive(args.timeout, "--timeout", MAX_TIMEOUT)
    if not (math.isfinite(args.equivalence) and args.equivalence > 1):
        raise UsageError(f"--equivalence must be a factor > 1, got {args.equivalence}")
    check_count(args.vi_steps, "--vi-steps", MAX_VI_STEPS)
    check_positive(args.size, "--size")
    check_device(args.device)


def apply_suite(args, default_posteriors, default_methods) -> tuple[list, list]:
    """Fill --seeds and --timeout from --suite (or the defaults); the suite's posteriors and methods."""
    if getattr(args, "suite", None):
        from harness.execution import suites

        try:
            suite = suites.get(args.suite)
        except KeyError as error:
            raise UsageError(str(error).strip('"')) from None
        default_posteriors, default_methods = suite.posterior_names(), suite.method_names()
        args.seeds = suite.seeds if args.seeds is None else args.seeds
        args.timeout = suite.timeout if args.timeout is None else args.timeout
    args.seeds = 1 if args.seeds is None else args.seeds
    args.timeout = DEFAULT_TIMEOUT if args.timeout is None else args.timeout
    return list(default_posteriors), list(default_methods)


def specs_from(args, default_posteriors, default_methods, seed_sets: int = 1, read_only: bool = False,
               announce: bool = True):
    """Validated run specs (posterior x method x seed x batch size, one config) from run-style arguments.

    Checks every value (that --out can be written, or with ``read_only`` that it is a folder to read) before
    building anything; ``seed_sets``: see ``check_run_arguments``. With ``announce``, prints one line to
    stderr saying what will run."""
    from harness.execution.device import DeviceUnavailable, require_device
    from harness.execution.sweep import grid
    from models import catalog

    default_posteriors, default_methods = apply_suite(args, default_posteriors, default_methods)
    check_run_arguments(args, seed_sets)
    posteriors = posterior_names(args.posterior, default_posteriors)
    methods = method_names(args.method, default_methods)
    try:
        batch_sizes = [int(b) for b in split_names(args.batch_size)] or [None]
    except ValueError:
        raise UsageError(f"--batch-size expects integers separated by commas, got {args.batch_size!r}") from None
    options = parse_options(args.option)
    if read_only:
        check_report_only_out(args.out)
    else:
        writable_folder(args.out, "--out")
    configs = [RunConfig(draws=args.draws, tune=args.tune, chains=args.chains, seed=seed,
                         target_accept=args.target_accept, device=args.device, timeout=args.timeout,
                         options=options, batch_size=batch, chain_method=args.chain_method,
                         vi_steps=args.vi_steps, size=args.size, caches=getattr(args, "caches", None),
                         precision=getattr(args, "precision", None))
               for batch in batch_sizes for seed in range(args.seed, args.seed + args.seeds)]
    try:
        for config in configs:
            config.validate()
        for name in posteriors:
            entry = catalog.get(name)
            entry.model_options(**options)
            if args.size is not None and not entry.sizeable:
                sizeable = [n for n in catalog.names() if catalog.get(n).sizeable]
                raise ValueError(f"--size: {name} has a fixed dataset; sizeable: {', '.join(sizeable)}")
            if args.size is not None:
                check_observations(entry.observations(args.size), f"--size {args.size:g} of {name}")
        if getattr(args, "executor", "local") == "local":  # on a cluster, the GPU is the workers' business
            require_device(configs[0].device)
    except (ValueError, DeviceUnavailable) as error:
        raise UsageError(str(error)) from None
    if announce:
        config = configs[0]
        runs = len(posteriors) * len(methods) * len(configs)
        seeds = f"seeds={args.seed}..{args.seed + args.seeds - 1}" if args.seeds > 1 else f"seed={args.seed}"
        print(f"twinbench: {runs} run(s): {len(posteriors)} posterior(s) x {len(methods)} method(s)"
              f"{f' x {len(batch_sizes)} batch sizes' if len(batch_sizes) > 1 else ''}"
              f"{f' x {args.seeds} seeds' if args.seeds > 1 else ''}, draws={config.draws} tune={config.tune} "
              f"chains={config.chains} {seeds} device={config.device}; records -> {args.out}",
              file=sys.stderr, flush=True)
    return grid(posteriors, methods, configs)


def records_of(specs, out_dir) -> list:
    """The record in ``out_dir`` that settles each spec (``sweep.settled_records``: one per run, the latest of
    any repeats; other runs there are left out); UsageError when there is none."""
    from harness.execution.sweep import settled_records

    records = settled_records(specs, out_dir) if Path(out_dir).is_dir() else []
    if not records:
        raise UsageError(f"no records of these runs in {out_dir}; run without --report-only first")
    return records


def check_report_only_out(out, flag: str = "--out") -> None:
    """With --report-only, --out is read: it must be a folder that exists."""
    readable_folder(out, flag, missing=f"no records of these runs in {out}; run without --report-only first")
