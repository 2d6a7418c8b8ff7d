"""The ``twinbench`` command line: list posteriors and methods, run sweeps, show stored results."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from harness.records.config import DEVICES, RunConfig
from harness.execution.executors import ExecutorError

DEFAULT_TIMEOUT = 900.0

from harness.execution.suites import QUICK_METHODS as DEFAULT_METHODS
from harness.execution.suites import QUICK_POSTERIORS as DEFAULT_POSTERIORS


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
    """Print the posteriors (exercise, options) and the methods; with --versions, the library versions."""
    from harness import methods
    from models import catalog

    if args.versions:
        from harness.records.environment import library_versions

        for name, version in library_versions().items():
            print(f"{name:<10} {version or 'not installed'}")
        return 0

    print("posteriors:")
    width = max(map(len, catalog.names()))
    for entry in catalog.POSTERIORS.values():
        options = "; ".join(f"{k}={'|'.join(map(str, v))}" for k, v in entry.options.items())
        extra = f"  [options: {options}]" if options else ""
        print(f"  {entry.name:<{width}}  {entry.exercise:<18} {entry.description}{extra}")
    print("methods:")
    for method in methods.METHODS.values():
        print(f"  {method.name:<21} {method.description} (devices: {', '.join(method.devices)})")
    return 0


def _resolve_names(requested: list[str], known: list[str], kind: str) -> list[str]:
    if requested == ["all"]:
        return known
    for name in requested:
        if name not in known:
            raise UsageError(f"unknown {kind} {name!r}; choose from: {', '.join(known)}")
    return requested


def _specs_from(args, default_posteriors, default_methods):
    """Validated run specs (posterior x method, one config) from run-style arguments."""
    from harness import methods
    from harness.execution.device import DeviceUnavailable, require_device
    from harness.execution.sweep import grid
    from models import catalog

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
    posteriors = _resolve_names(_split(args.posterior) or list(default_posteriors), catalog.names(), "posterior")
    method_names = _resolve_names(_split(args.method) or list(default_methods), methods.names(), "method")
    try:
        batch_sizes = [int(b) for b in _split(args.batch_size)] or [None]
    except ValueError:
        raise UsageError(f"--batch-size expects integers separated by commas, got {args.batch_size!r}") from None
    if args.seeds < 1:
        raise UsageError(f"--seeds must be >= 1, got {args.seeds}")
    if not args.equivalence > 1:
        raise UsageError(f"--equivalence must be a factor > 1, got {args.equivalence}")
    configs = [RunConfig(draws=args.draws, tune=args.tune, chains=args.chains, seed=seed,
                         target_accept=args.target_accept, device=args.device, timeout=args.timeout,
                         options=_parse_options(args.option), batch_size=batch, chain_method=args.chain_method,
                         vi_steps=args.vi_steps, size=args.size)
               for batch in batch_sizes for seed in range(args.seed, args.seed + args.seeds)]
    try:
        for config in configs:
            config.validate()
        for name in posteriors:
            catalog.get(name).model_options(**configs[0].options)
            if args.size is not None and not catalog.get(name).sizeable:
                sizeable = [n for n in catalog.names() if catalog.get(n).sizeable]
                raise ValueError(f"--size: {name} has a fixed dataset; sizeable: {', '.join(sizeable)}")
        if getattr(args, "executor", "local") == "local":  # on a cluster, the GPU is the workers' business
            require_device(configs[0].device)
    except (ValueError, DeviceUnavailable) as error:
        raise UsageError(str(error)) from None
    config = configs[0]
    runs = len(posteriors) * len(method_names) * len(configs)
    seeds = f"seeds={args.seed}..{args.seed + args.seeds - 1}" if args.seeds > 1 else f"seed={args.seed}"
    print(f"twinbench: {runs} run(s): {len(posteriors)} posterior(s) x {len(method_names)} method(s)"
          f"{f' x {len(batch_sizes)} batch sizes' if len(batch_sizes) > 1 else ''}"
          f"{f' x {args.seeds} seeds' if args.seeds > 1 else ''}, draws={config.draws} tune={config.tune} "
          f"chains={config.chains} {seeds} device={config.device}; records -> {args.out}",
          file=sys.stderr, flush=True)
    return grid(posteriors, method_names, configs)


def cmd_run(args) -> int:
    """Run posterior x method with one config, print the table, write records."""
    from harness.execution.sweep import run_sweep
    from harness.report.table import format_table

    executor = executor_from_args(args)
    specs = _specs_from(args, DEFAULT_POSTERIORS, DEFAULT_METHODS)
    with executor:
        records = run_sweep(specs, args.out, resume=args.resume, executor=executor)
    print(format_table(records))
    if args.seeds > 1:
        from harness.report.comparison import comparison_text

        print()
        print(comparison_text(records, factor=args.equivalence))
    return 0 if all(r.ok or r.status.startswith("unsupported") for r in records) else 1


def _records_of(specs, out_dir) -> list:
    """The record in ``out_dir`` that settles each spec (``sweep.settled_records``: one per run, the latest of
    any repeats; other runs there are left out)."""
    from harness.execution.sweep import settled_records

    records = settled_records(specs, out_dir)
    if not records:
        raise UsageError(f"no records of these runs in {out_dir}; run without --report-only first")
    return records


def cmd_study(args) -> int:
    """List the exercise studies, or run one and write results/studies/<name>.{csv,md,png}."""
    from harness import studies

    if args.list or not args.name:
        width = max(map(len, studies.STUDIES))
        for info in studies.STUDIES.values():
            state = "" if info.built else "  (not built yet)"
            print(f"{info.name:<{width}}  {info.exercises:<22} {info.question}{state}")
        return 0
    from harness.report.study import write_study
    from harness.studies.context import SCALES, StudyContext

    try:
        info = studies.get(args.name)
        module = info.module()
    except KeyError as error:
        raise UsageError(str(error).strip('"')) from None
    if args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {args.jobs}")
    executor = executor_from_args(args)
    context = StudyContext(info.name, SCALES[args.scale], Path(args.runs_dir) / info.name, resume=not args.fresh,
                           log=lambda line: print(line, file=sys.stderr, flush=True), executor=executor,
                           jobs=args.jobs)
    print(f"twinbench study {info.name} (exercise {info.exercises}), scale {args.scale}; records -> "
          f"{context.runs_dir}", file=sys.stderr, flush=True)
    with executor:
        result = module.run(context)
    command = f"twinbench study {info.name}" + ("" if args.scale == "full" else f" --scale {args.scale}")
    paths = write_study(info, result, args.studies_dir, command, args.scale)
    print(result.table.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    print()
    print("\n".join(result.findings))
    print("written: " + ", ".join(map(str, paths)))
    return 0


def cmd_release_timeline(args) -> int:
    """Tables and a plot of the pre-submit benchmarks across library releases, from asv's results."""
    from harness.report.timeline import write_timeline
    from harness.studies.asv_results import asv_frame
    from harness.studies.release_timeline import configured_environments, timeline_frame

    if not Path(args.results).is_dir():
        raise UsageError(f"no asv results folder {args.results}")
    frame = timeline_frame(asv_frame(args.results))
    if frame.empty:
        raise UsageError(f"no release-timeline results in {args.results}; run `make bench-timeline` first")
    missing = [env for env in configured_environments(args.config) if env not in set(frame["env_name"])]
    note = ("Produced by `make bench-timeline` (asv.timeline.conf.json: asv-managed virtualenvs, one per "
            "release, the rest of the stack resolved by pip) and `twinbench release-timeline`. Values: asv's "
            "stored result (median over seeds 0-2 for the NUTS tracks; asv's statistics for time_gradient). "
            f"twinbench commit measured: {', '.join(sorted(frame['commit'].unique()))}."
            + ("" if not missing else "\n\nNot measured (no result: the environment did not install or its "
                                       "benchmarks failed; see the asv log): " + ", ".join(f"`{m}`" for m in missing)))
    paths = write_timeline(frame, note, args.studies_dir)
    print(frame.pivot_table(index=["series", "version"], columns=["metric"], values="value", aggfunc="median")
          .to_string(float_format=lambda v: f"{v:.4g}"))
    if missing:
        print("not measured: " + ", ".join(missing))
    print("written: " + ", ".join(map(str, paths)))
    return 0


def cmd_gradbench(args) -> int:
    """Time one log-density-and-gradient evaluation per posterior x backend; write the CSV and markdown."""
    from harness.execution.device import configure_jax

    configure_jax("cpu", 1)
    import pandas as pd

    from harness.records.environment import library_versions, machine_info
    from harness.compare.gradbench import BACKENDS, bench_posterior
    from models import catalog

    names = _resolve_names(_split(args.posterior) or ["all"], catalog.names(), "posterior")
    backends = _resolve_names(_split(args.backend) or ["all"], list(BACKENDS), "backend")
    rows = []
    for index, name in enumerate(names, 1):
        rows += bench_posterior(catalog.get(name), backends,
                                log=lambda line, i=index: print(f"[{i}/{len(names)}] {line}", file=sys.stderr,
                                                                flush=True))
    frame = pd.DataFrame(rows)
    machine = machine_info()
    frame["cpu"], frame["platform"], frame["versions"] = machine["cpu"], machine.get("platform"), str(library_versions())
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out, index=False)
    wide = frame.pivot(index="posterior", columns="backend", values="seconds_per_grad").reindex(names) * 1e6
    note = (f"# One log density + gradient, microseconds (median of 7 blocks)\n\nMachine: {machine['cpu']}, "
            f"{machine['cores']} cores, platform {machine.get('platform')}. JAX: inside a compiled loop; PyTensor: the compiled function called from "
            "Python as PyMC's NUTS calls it. Each call takes the next of 32 posterior draws (a short NumPyro NUTS run, "
            "in each backend's own unconstrained space), as a sampler takes a new point every step; the CSV's "
            "`initial_point_seconds` is the same call repeated at the initial point, which branch prediction makes "
            "faster. Produced by `twinbench gradbench`.\n\n")
    out.with_suffix(".md").write_text(note + wide.to_markdown(floatfmt=".2f") + "\n")
    print(wide.to_string(float_format=lambda v: f"{v:.2f}"))
    print(f"written: {out}, {out.with_suffix('.md')}")
    return 0


def cmd_agree(args) -> int:
    """Run (or reuse, with --resume) each posterior x method and print the agreement matrix."""
    from harness.execution.sweep import run_sweep
    from harness.report.table import agreement_matrix
    from models import catalog

    executor = executor_from_args(args)
    specs = _specs_from(args, catalog.names(), DEFAULT_METHODS)
    with executor:
        records = run_sweep(specs, args.out, resume=args.resume, executor=executor)
    print(agreement_matrix(records))
    return 0 if all((r.agreement or {}).get("agrees") for r in records) else 1


def cmd_reference(args) -> int:
    """Build and store reference posteriors."""
    from harness.execution.reference_build import REFERENCE_DIR, build_reference, reference_path
    from models import catalog

    names = _resolve_names(_split(args.posterior) or ["all"], catalog.names(), "posterior")
    config = RunConfig(draws=args.draws, tune=args.tune, chains=args.chains, seed=args.seed,
                       target_accept=args.target_accept, timeout=args.timeout)
    try:
        config.validate()
    except ValueError as error:
        raise UsageError(str(error)) from None
    ref_dir = Path(args.ref_dir) if args.ref_dir else REFERENCE_DIR
    cross_check = RunConfig(draws=args.cross_check_draws, tune=1000, chains=args.chains, seed=args.seed + 1,
                            target_accept=args.target_accept, timeout=args.cross_check_timeout)
    if args.skip_existing:
        names = [n for n in names if not reference_path(n, ref_dir).exists()]
    rows = []
    for index, name in enumerate(names, 1):
        log = lambda line, i=index: print(f"[{i}/{len(names)}] {line}", file=sys.stderr, flush=True)
        ref = build_reference(name, config, args.out, ref_dir, cross_check=cross_check, log=log)
        cross = (ref.get("cross_check") or {}).get("agreement") or {}
        rows.append((name, "yes" if ref.get("meets_bar") else "NO: " + "; ".join(ref.get("bar_failures", [])),
                     ref["diagnostics"]["ess_bulk_min"], ref["diagnostics"]["rhat_max"],
                     ref["diagnostics"]["divergences"], cross.get("agrees"), ref.get("reference_from") or "-"))
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["posterior", "meets bar", "min ESS", "R-hat", "div", "PyMC agrees",
                                        "reference from"])
    print(frame.to_string(index=False, formatters={"min ESS": "{:.0f}".format, "R-hat": "{:.4f}".format}))
    return 0


def cmd_calibrate(args) -> int:
    """Measure the agreement test's false-alarm rate and its power against planted errors."""
    from harness.execution.device import configure_jax

    configure_jax("cpu", args.chains)
    from harness.studies.agreement_calibration import Scenario, run_study

    if args.runs < 1:
        raise UsageError(f"--runs must be >= 1, got {args.runs}")
    scenarios = [
        Scenario("correct: eight_schools-noncentered", "eight_schools-noncentered", True),
        Scenario("correct: linreg_sim-linear_regression", "linreg_sim-linear_regression", True),
        Scenario("planted: tau prior scale x1.1 (eight schools)", "eight_schools-noncentered", False,
                 prior_site="tau", prior_factor=1.1),
        Scenario("planted: sigma prior scale x1.1 (linreg)", "linreg_sim-linear_regression", False,
                 prior_site="sigma", prior_factor=1.1),
        Scenario(f"planted: warm-up of {args.short_tune} (eight schools)", "eight_schools-noncentered", False,
                 tune=args.short_tune),
    ]
    config = RunConfig(draws=args.draws, tune=args.tune, chains=args.chains, seed=args.seed)
    try:
        summary = run_study(scenarios, args.runs, config, Path(args.out),
                            progress=lambda line: print(line, file=sys.stderr, flush=True))
    except FileNotFoundError as error:
        raise UsageError(str(error)) from None
    print(summary.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print(f"written: {args.out}/agreement_calibration.{{csv,md,png}} and agreement_calibration_runs.csv")
    return 0


def cmd_overhead(args) -> int:
    """ESS/sec through the harness vs the same library call by hand, per posterior x NUTS method."""
    from harness.studies.handwritten import HANDWRITTEN, NO_HAND_TWIN
    from harness.studies.overhead import OverheadPairFailed, measure_overhead

    pairs = [(p, m) for p in _split(args.posterior) for m in _split(args.method)]
    config = RunConfig(draws=args.draws, tune=args.tune, chains=args.chains, seed=args.seed)
    try:
        config.validate()
        from harness import methods
        from models import catalog

        for p, m in pairs:
            catalog.get(p), methods.get(m)
            if m not in HANDWRITTEN:
                raise ValueError(f"no hand-written twin of {m} ({NO_HAND_TWIN.get(m, 'not a NUTS-family method')}); "
                                 f"choose from {', '.join(HANDWRITTEN)}")
    except (ValueError, KeyError) as error:
        raise UsageError(str(error).strip('"')) from None
    out = Path(args.studies_dir)
    try:
        frame = measure_overhead(pairs, config, Path(args.out), out / "harness_overhead_pairs.csv", args.repeats,
                                 resume=args.resume, log=lambda line: print(line, file=sys.stderr, flush=True))
    except OverheadPairFailed as error:
        print(f"twinbench overhead: {error}", file=sys.stderr)
        return 1
    print(frame.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    frame.to_csv(out / "harness_overhead.csv", index=False)
    (out / "harness_overhead.md").write_text(
        "# Harness overhead\n\nESS/s of the whole library call (compile + warm-up + sampling) through twinbench "
        "÷ the same call written by hand (harness/studies/handwritten.py), same seed, fresh processes, interleaved, "
        "the side that runs first alternating from repeat to repeat (harness first in even repeats); "
        f"median of {args.repeats} paired ratios with a bootstrap 95% interval. Produced by `twinbench overhead "
        f"-m {args.method} -p {args.posterior} --repeats {args.repeats}` (`--resume` completes an interrupted run "
        "from the pairs measured so far, `harness_overhead_pairs.csv`).\n\n"
        + frame.to_markdown(index=False, floatfmt=".3f") + "\n\n"
        "NumPyro's paths (`numpyro.nuts`, `pymc.numpyro`) make one `MCMC.run` call, as their users do: timing "
        "warm-up and sampling as two calls made NumPyro compile its chain loop twice (38% of `numpyro.nuts`'s wall "
        "time on linreg_sim, a 0.7 ratio for `pymc.numpyro`), so the phases are now split by leapfrog steps "
        "(harness/methods/numpyro_phases.py). `pymc.nuts` and `pymc.nuts_c` (and their hand-written twins) run with "
        "the main process's BLAS limited to one thread, which PyMC's `blas_cores=\"auto\"` promises but 6.4 does not "
        "apply while the chain processes sample (harness/methods/pymc_nuts.py).\n\n" + "".join(
            f"- `{m}` has no hand-written twin: {why}\n" for m, why in NO_HAND_TWIN.items()))
    return 0


def cmd_methods(args) -> int:
    """Print the posterior x method capability matrix ('yes' or the reason it is unsupported)."""
    from harness.execution.device import configure_jax

    configure_jax(args.device, RunConfig().chains)
    from harness import methods
    from harness.report.table import capability_matrix
    from models import catalog

    print(capability_matrix(list(catalog.POSTERIORS.values()), list(methods.METHODS.values()), args.device))
    return 0


def cmd_show(args) -> int:
    """Print the table of every record stored in a folder."""
    from harness.records.store import read_records
    from harness.report.table import format_table

    if not Path(args.runs).is_dir():
        raise UsageError(f"no such folder: {args.runs}")
    print(format_table(read_records(args.runs)))
    return 0


def _add_run_arguments(parser: argparse.ArgumentParser, out: str = "results/runs") -> None:
    parser.add_argument("-p", "--posterior", help="comma-separated posterior names, or 'all'")
    parser.add_argument("-m", "--method", help="comma-separated method names, or 'all'")
    parser.add_argument("--draws", type=int, default=1000, help="draws per chain after warm-up (default 1000)")
    parser.add_argument("--tune", type=int, default=1000, help="warm-up iterations per chain (default 1000)")
    parser.add_argument("--chains", type=int, default=4, help="number of chains (default 4)")
    parser.add_argument("--seed", type=int, default=0, help="random seed, the first of --seeds (default 0)")
    parser.add_argument("--seeds", type=int,
                        help="run every cell with N seeds (--seed, --seed+1, ...); tables then show medians with "
                             "bootstrap 95%% intervals and a verdict per posterior (default 1, or the suite's)")
    parser.add_argument("--equivalence", type=float, default=1.1, metavar="FACTOR",
                        help="practical-equivalence band of verdicts: methods whose ESS/s ratio interval "
                             "overlaps [1/FACTOR, FACTOR] tie (default 1.1, asv's factor)")
    parser.add_argument("--target-accept", type=float, default=0.8, help="NUTS target acceptance (default 0.8)")
    parser.add_argument("--device", default="cpu", help=f"one of {', '.join(DEVICES)} (default cpu)")
    parser.add_argument("--timeout", type=float,
                        help=f"seconds before a run is killed and recorded as timeout (default {DEFAULT_TIMEOUT:.0f}, "
                             "or the suite's)")
    parser.add_argument("-o", "--option", action="append", default=[], metavar="NAME=VALUE",
                        help="model option passed to both twins, e.g. prior=tight (repeatable)")
    parser.add_argument("--batch-size", help="minibatch size(s) for minibatch methods, comma-separated: one run each")
    parser.add_argument("--chain-method", choices=("sequential", "parallel", "vectorized"),
                        help="how JAX methods run chains (default: parallel on CPU, vectorized on GPU)")
    parser.add_argument("--size", type=float,
                        help="dataset scale for sizeable posteriors (1 = the exercise's size; agreement needs the default "
                             "size: 1, tennis_sim 0.1)")
    parser.add_argument("--vi-steps", type=int, default=20000, help="optimisation steps of VI methods (default 20000)")
    parser.add_argument("--out", default=out, help=f"folder for run records (default {out})")
    parser.add_argument("--resume", action="store_true", help="skip runs that already have an ok record in --out")
    _add_executor_arguments(parser)


def _add_executor_arguments(parser: argparse.ArgumentParser) -> None:
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
    """The sweep executor that run-style arguments ask for (a context manager; closing it stops a LocalCluster)."""
    from harness.execution.executors import get_executor

    try:
        return get_executor(getattr(args, "executor", "local") or "local", scheduler=getattr(args, "scheduler", None),
                            pack=getattr(args, "pack", False), workers=getattr(args, "workers", None))
    except ValueError as error:
        raise UsageError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(prog="twinbench", description="Benchmark Bayesian inference backends on PyMC/NumPyro twin models.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p_list = sub.add_parser("list", help="list posteriors (with exercise numbers) and methods")
    p_list.add_argument("--versions", action="store_true",
                        help="print the installed versions of Python and the inference libraries instead")
    p_list.set_defaults(func=cmd_list)

    p_run = sub.add_parser("run", help="run methods on posteriors; no arguments runs the default quick suite",
                           description="Run each posterior x method in its own process and print a table. "
                                       "Without -p/-m: the 5 skeleton posteriors x both NUTS methods.")
    _add_run_arguments(p_run)
    p_run.add_argument("--suite", help="a named run set: quick (make run), standard (the leaderboard: every posterior x "
                                       "NUTS-family method x 5 seeds), full (every method); -p/-m/--seeds override it")
    p_run.set_defaults(func=cmd_run)

    p_agree = sub.add_parser("agree", help="run methods and print the pass/fail agreement matrix vs the references",
                             description="Each run is compared with results/reference/<posterior>.json (MCSE z tests, "
                                         "Bonferroni, family-wise alpha 0.01). Without -p: every posterior.")
    _add_run_arguments(p_agree)
    p_agree.set_defaults(func=cmd_agree)

    from harness.cli.leaderboard import add_leaderboard_parsers

    add_leaderboard_parsers(sub)

    p_study = sub.add_parser("study", help="the exercises' questions: run one study (or --list them)",
                             description="Each study fits through the harness (records under "
                                         "results/runs/studies/<name>, resumable) and writes "
                                         "results/studies/<name>.{csv,md,png}.")
    p_study.add_argument("name", nargs="?", help="the study to run (see --list)")
    p_study.add_argument("--list", action="store_true", help="list every study with its exercises")
    p_study.add_argument("--scale", choices=["full", "tiny"], default="full",
                         help="full: the committed result; tiny: a few draws (what make test runs)")
    p_study.add_argument("--fresh", action="store_true", help="run every fit again instead of resuming")
    p_study.add_argument("--runs-dir", default="results/runs/studies", help="where the fits' records go")
    p_study.add_argument("--studies-dir", default="results/studies", help="where to write <name>.{csv,md,png}")
    p_study.add_argument("--jobs", type=int, default=1, metavar="N",
                         help="processes for a study's in-process work (sbc's chunks of simulations; default 1). "
                              "Untimed work only: its seconds per simulation then include the sharing")
    _add_executor_arguments(p_study)
    p_study.set_defaults(func=cmd_study)

    p_time = sub.add_parser("release-timeline", help="benchmarks across library releases (asv results) -> tables, PNG",
                            description="Reads the results that `make bench-timeline` stored in results/asv and "
                                        "writes results/studies/release_timeline.{csv,md,png}.")
    p_time.add_argument("--results", default="results/asv", help="asv results folder (default results/asv)")
    p_time.add_argument("--config", default="asv.timeline.conf.json", help="the timeline's asv config")
    p_time.add_argument("--studies-dir", default="results/studies", help="where to write release_timeline.*")
    p_time.set_defaults(func=cmd_release_timeline)

    p_grad = sub.add_parser("gradbench", help="time one log-density-and-gradient evaluation per posterior x backend",
                            description="The floor under every NUTS step: see harness/compare/gradbench.py for what is timed.")
    p_grad.add_argument("-p", "--posterior", help="comma-separated posterior names, or 'all' (default)")
    p_grad.add_argument("--backend", help="comma-separated: pytensor_numba, pytensor_c, pymc_jax, numpyro_jax (default all)")
    p_grad.add_argument("--out", default="results/studies/gradbench.csv", help="CSV to write (markdown beside it)")
    p_grad.set_defaults(func=cmd_gradbench)

    p_ref = sub.add_parser("reference", help="build reference posteriors (long NumPyro NUTS, PyMC cross-check)")
    p_ref.add_argument("-p", "--posterior", help="comma-separated posterior names, or 'all' (default)")
    p_ref.add_argument("--draws", type=int, default=5000, help="initial draws per chain; raised until ESS > 10,000")
    p_ref.add_argument("--tune", type=int, default=2000, help="warm-up iterations per chain (default 2000)")
    p_ref.add_argument("--chains", type=int, default=4, help="chains (default 4)")
    p_ref.add_argument("--seed", type=int, default=20261125, help="seed of the reference run")
    p_ref.add_argument("--target-accept", type=float, default=0.95,
                       help="NUTS target acceptance of the reference run (default 0.95: small steps, no divergences)")
    p_ref.add_argument("--timeout", type=float, default=3600.0, help="seconds per run (default 3600)")
    p_ref.add_argument("--cross-check-draws", type=int, default=1000,
                       help="draws per chain of the PyMC cross-check run (default 1000)")
    p_ref.add_argument("--cross-check-timeout", type=float, default=3600.0,
                       help="seconds before the PyMC cross-check is given up (recorded as timeout)")
    p_ref.add_argument("--skip-existing", action="store_true", help="only build references that are missing")
    p_ref.add_argument("--ref-dir", help="where to write references (default results/reference)")
    p_ref.add_argument("--out", default="results/runs/reference", help="folder for the underlying run records")
    p_ref.set_defaults(func=cmd_reference)

    p_cal = sub.add_parser("calibrate-agreement",
                           help="measure the agreement test's false-alarm rate and power (seeded repeated runs)")
    p_cal.add_argument("--runs", type=int, default=100, help="seeded runs per scenario (default 100)")
    p_cal.add_argument("--draws", type=int, default=1000, help="draws per chain (default 1000)")
    p_cal.add_argument("--tune", type=int, default=1000, help="warm-up of the correct runs (default 1000)")
    p_cal.add_argument("--short-tune", type=int, default=20, help="warm-up of the planted short-warm-up runs")
    p_cal.add_argument("--chains", type=int, default=4, help="chains per run (default 4)")
    p_cal.add_argument("--seed", type=int, default=1000, help="first seed (default 1000)")
    p_cal.add_argument("--out", default="results/studies", help="folder for tables and plot")
    p_cal.set_defaults(func=cmd_calibrate)

    p_over = sub.add_parser("overhead", help="ESS/s through the harness vs the same library call by hand")
    p_over.add_argument("-p", "--posterior", default="eight_schools-noncentered,linreg_sim-linear_regression",
                        help="comma-separated posteriors (default eight_schools-noncentered,linreg_sim-linear_regression)")
    p_over.add_argument("-m", "--method", default="pymc.nuts,numpyro.nuts",
                        help="methods with a hand-written twin (harness/studies/handwritten.py), comma-separated")
    p_over.add_argument("--draws", type=int, default=1000, help="draws per chain (default 1000)")
    p_over.add_argument("--tune", type=int, default=1000, help="warm-up iterations per chain (default 1000)")
    p_over.add_argument("--chains", type=int, default=4, help="number of chains (default 4)")
    p_over.add_argument("--seed", type=int, default=0, help="random seed, the same on both sides (default 0)")
    p_over.add_argument("--repeats", type=int, default=5,
                        help="interleaved repeats per pair (median paired ratio with 95%% interval; default 5)")
    p_over.add_argument("--out", default="results/runs/overhead", help="folder for the harness run records")
    p_over.add_argument("--studies-dir", default="results/studies",
                        help="where harness_overhead.{csv,md} and the pairs measured so far "
                             "(harness_overhead_pairs.csv, written as each pair finishes) go")
    p_over.add_argument("--resume", action="store_true",
                        help="keep the pairs already in harness_overhead_pairs.csv and run only the missing ones")
    p_over.set_defaults(func=cmd_overhead)

    p_methods = sub.add_parser("methods", help="print the posterior x method capability matrix")
    p_methods.add_argument("--device", default="cpu", choices=DEVICES, help="device to check (default cpu)")
    p_methods.set_defaults(func=cmd_methods)

    p_show = sub.add_parser("show", help="print the table of stored run records")
    p_show.add_argument("--runs", default="results/runs", help="folder of records (default results/runs)")
    p_show.set_defaults(func=cmd_show)

    from harness.cli.scale import add_scale_parser

    add_scale_parser(sub)
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
    except ExecutorError as error:  # an unreachable scheduler, a cluster without workers
        print(f"twinbench: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head and the like
        sys.stdout = open(os.devnull, "w")
        return 0
    except KeyboardInterrupt:
        print("twinbench: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # python -m harness.cli.main: run the imported module's main, whose UsageError
    from harness.cli.main import main as imported_main  # is the one that cli_scale and friends raise

    sys.exit(imported_main())
