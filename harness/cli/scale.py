"""``twinbench scale``: a scaling sweep of one posterior over data sizes, and its report."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from harness.cli.options import (MAX_SEEDS, MAX_TIMEOUT, UsageError, add_executor_arguments, add_out_argument,
                                 add_studies_dir_argument, check_count, check_observations, check_positive,
                                 check_sampling, check_seeds, executor_from_args, method_names, readable_folder,
                                 writable_folder)

DEFAULT_SCALE_METHODS = "numpyro.nuts,pymc.nutpie,pymc.default,pymc.blackjax"
SCALE_DEVICES = ("cpu", "gpu", "cpu,gpu")


def _series(methods: list[str], devices: list[str]) -> tuple[list, str | None]:
    """The (method, device) series to run, and the GPU note when a GPU was asked for."""
    from harness import methods as method_registry
    from harness.records.environment import gpu_names
    from harness.studies.scaling import Series

    series = [Series(m, "cpu") for m in methods] if "cpu" in devices else []
    note = None
    if "gpu" in devices:
        gpus = list(gpu_names())
        if not gpus:
            note = "not measured: no GPU on this machine (rerun with --device cpu,gpu where one is present)"
        else:
            able = [m for m in methods if "gpu" in method_registry.get(m).devices]
            series += [Series(m, "gpu") for m in able]
            left = sorted(set(methods) - set(able))
            note = f"measured on {', '.join(gpus)}" + (f"; CPU-only methods: {', '.join(left)}" if left else "")
    return series, note


def _series_from_records(methods: list[str], devices: list[str], records: list) -> tuple[list, str | None]:
    """For a report from stored records: the (method, device) series they hold, and the GPU note from
    the GPUs their machines named (the report may be rebuilt on a machine without one)."""
    from harness.studies.scaling import Series

    present = {(r.method, r.config.get("device", "cpu")) for r in records}
    series = [Series(m, d) for d in ("cpu", "gpu") if d in devices for m in methods if (m, d) in present]
    note = None
    if "gpu" in devices:
        gpus = sorted({g for r in records if r.config.get("device") == "gpu" for g in r.machine.get("gpus", [])})
        note = (f"measured on {', '.join(gpus)}" if gpus else
                "not measured: no GPU records (rerun with --device cpu,gpu on a machine with a GPU)")
    return series, note


def _machine_line(records: list) -> str:
    """'<cpu>, <cores> cores, <RAM> GiB (<platform>)' of each machine the records were measured on: two
    virtual machines of one CPU model can differ several-fold, and their platform strings tell them apart."""
    from harness.records.environment import cpu_model
    from harness.studies.scaling import machine_memory_mb

    here = (cpu_model(), os.cpu_count())
    lines = []
    for record in records:
        machine = record.machine
        memory = machine.get("memory_gb")
        if memory is None and (machine.get("cpu"), machine.get("cores")) == here:
            memory = machine_memory_mb() / 1024  # older records: this machine, which holds no RAM figure
        text = (f"{machine.get('cpu')}, {machine.get('cores')} cores" + (f", {memory:.0f} GiB" if memory else "")
                + (f" ({machine['platform']})" if machine.get("platform") else ""))
        if text not in lines:
            lines.append(text)
    return "; ".join(lines)


def _memory_limit_mb(limit_mb: float | None, records: list) -> float:
    """The peak-memory limit of the report: ``limit_mb`` (--memory-limit-gb) when given, else 85% of the
    RAM of the records' machine."""
    from harness.studies.scaling import MEMORY_FRACTION, machine_memory_mb

    if limit_mb:
        return limit_mb
    stored = [r.machine["memory_gb"] for r in records if r.machine.get("memory_gb")]
    return MEMORY_FRACTION * (max(stored) * 1024 if stored else machine_memory_mb())


def _records_for(out_dir: Path, posterior: str, draws: int, tune: int, chains: int) -> list:
    """The stored records of this posterior run with these draws, warm-up and chains."""
    from harness.records.store import read_records

    if not out_dir.is_dir():
        return []
    return [r for r in read_records(out_dir) if r.posterior == posterior and r.config.get("draws") == draws
            and r.config.get("tune") == tune and r.config.get("chains") == chains]


def _check(args):
    """Every input of ``scale``, checked before anything runs: the posterior and its sizes, the methods,
    the numbers, the folders. Returns (posterior, methods, devices, sizes, base config, records folder)."""
    from harness.records.config import RunConfig
    from harness.studies.scaling import parse_sizes
    from models import catalog

    try:
        posterior = catalog.get(args.posterior)
    except KeyError:
        raise UsageError(f"unknown posterior {args.posterior!r}; see `twinbench list`") from None
    if not posterior.sizeable:
        sizeable = [n for n in catalog.names() if catalog.get(n).sizeable]
        raise UsageError(f"{posterior.name} has a fixed dataset; sizeable posteriors: {', '.join(sizeable)}")
    methods = method_names(args.method, [])
    if not methods:
        raise UsageError("-m/--method needs at least one method")
    devices = args.device.split(",")
    try:
        sizes = parse_sizes(args.sizes)
    except (ValueError, OverflowError) as error:
        raise UsageError(str(error) if isinstance(error, ValueError) else
                         f"--sizes must be finite numbers of observations, got {args.sizes!r}") from None
    check_observations(sizes[-1], "--sizes")
    check_count(args.seeds, "--seeds", MAX_SEEDS)
    check_seeds(args.seed, args.seeds)
    check_sampling(args.draws, args.tune, args.chains)
    check_positive(args.timeout, "--timeout", MAX_TIMEOUT)
    check_positive(args.fit_from, "--fit-from")
    check_positive(args.memory_limit_gb, "--memory-limit-gb")
    base = RunConfig(draws=args.draws, tune=args.tune, chains=args.chains, timeout=args.timeout,
                     target_accept=args.target_accept)
    try:
        base.validate()
    except ValueError as error:
        raise UsageError(str(error)) from None
    out_dir = Path(args.out or f"results/runs/scaling/{posterior.name}")
    if args.report_only:
        readable_folder(out_dir, "--out", missing=f"no records of {posterior.name} in {out_dir}; run without "
                                                  "--report-only first")
    else:
        writable_folder(out_dir, "--out")
    writable_folder(args.studies_dir, "--studies-dir")
    return posterior, methods, devices, sizes, base, out_dir


def cmd(args) -> int:
    """Sweep sizes for one posterior and several methods; write results/studies/scaling_<posterior>.*."""
    posterior, method_names_, devices, sizes, base, out_dir = _check(args)
    executor = executor_from_args(args)  # constructing it starts nothing
    import pandas as pd

    from harness.compare.scaling import crossovers, memory_ceilings, run_row, slopes
    from harness.report.scaling import write_scaling
    from harness.studies.scaling import load_skips, observations_of, run_scaling, save_skips

    limit = (args.memory_limit_gb * 1024) if args.memory_limit_gb else None
    seeds = list(range(args.seed, args.seed + args.seeds))
    skips = []
    if args.redo_shared and not args.report_only:
        from harness.execution.set_aside import set_aside_shared

        moved = set_aside_shared(out_dir)
        print(f"twinbench scale: set aside {moved} record(s) of runs that shared the host -> {out_dir / 'shared'}",
              file=sys.stderr, flush=True)
    if not args.report_only:
        series, gpu_note = _series(method_names_, devices)
        print(f"twinbench scale: {posterior.name}, {len(series)} series x {len(sizes)} sizes "
              f"({sizes[0]:,}..{sizes[-1]:,} observations) x {len(seeds)} seeds, draws={base.draws} "
              f"tune={base.tune} chains={base.chains}, timeout {base.timeout:.0f} s; records -> {out_dir}",
              file=sys.stderr, flush=True)
        from harness.execution.sweep import run_sweep

        with executor:
            _, skips = run_scaling(
                posterior, series, sizes, seeds, base, out_dir, resume=True, memory_limit_mb=limit,
                sweep=lambda specs, out, resume, log: run_sweep(specs, out, resume=resume, log=log, executor=executor),
                log=lambda line: print(line, file=sys.stderr, flush=True),
                history=_records_for(out_dir, posterior.name, base.draws, base.tune, base.chains))
        save_skips(out_dir, skips, base)
    records = _records_for(out_dir, posterior.name, base.draws, base.tune, base.chains)
    if args.report_only:
        series, gpu_note = _series_from_records(method_names_, devices, records)
    wanted = {(s.method, s.device) for s in series}
    records = [r for r in records if (r.method, r.config.get("device", "cpu")) in wanted]
    if not records:
        raise UsageError(f"no records of {posterior.name} in {out_dir}; run without --report-only first")
    measured = {(r.method, r.config.get("device", "cpu"), observations_of(r, posterior)) for r in records}
    skips = [s for s in load_skips(out_dir, base) if (s.series.method, s.series.device) in wanted
             and (s.series.method, s.series.device, s.observations) not in measured]
    labels = {(s.method, s.device): s.label for s in series}
    rows = [run_row(r, observations_of(r, posterior), labels[(r.method, r.config.get("device", "cpu"))])
            for r in records]
    rows += [{"series": s.series.label, "method": s.series.method, "device": s.series.device,
              "observations": s.observations, "status": s.reason} for s in skips]
    frame = pd.DataFrame(rows).sort_values(["observations", "series", "seed"], na_position="last",
                                           ignore_index=True)
    limit_mb = _memory_limit_mb(limit, records)
    fit_from = int(args.fit_from)
    slope_frame = slopes(frame, fit_from)
    crossing_frame = crossovers(frame)
    ceiling_frame = memory_ceilings(frame, limit_mb)
    machine = _machine_line(records)
    command = "twinbench scale " + " ".join(sys.argv[2:]) if sys.argv[1:2] == ["scale"] else \
        f"twinbench scale -p {posterior.name} -m {args.method}"
    paths = write_scaling(posterior.name, frame, slope_frame, crossing_frame, ceiling_frame, Path(args.studies_dir),
                          command, gpu_note, fit_from, limit_mb, machine)
    if not slope_frame.empty:
        print(slope_frame.to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    for line in crossing_frame.get("verdict", []):
        print(line)
    if gpu_note:
        print(f"GPU: {gpu_note}")
    print("written: " + ", ".join(map(str, paths)))
    return 0


def add_parser(sub):
    """Register ``scale`` on the subcommand set ``sub``."""
    from harness.studies.scaling import TIMEOUT_FACTOR

    p = sub.add_parser("scale", help="cost vs data size for one posterior: slopes, crossovers, memory -> "
                                     "results/studies/scaling_<posterior>.{csv,md,png}")
    p.add_argument("-p", "--posterior", required=True, help="a sizeable posterior (see `twinbench list`)")
    p.add_argument("-m", "--method", default=DEFAULT_SCALE_METHODS,
                   help=f"comma-separated methods (default {DEFAULT_SCALE_METHODS})")
    p.add_argument("--sizes", help="observations, comma-separated (default 1e3,3e3,1e4,3e4,1e5,3e5,1e6)")
    p.add_argument("--seeds", type=int, default=3, help="seeds per size and method (default 3)")
    p.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    p.add_argument("--draws", type=int, default=1000, help="draws per chain (default 1000)")
    p.add_argument("--tune", type=int, default=1000, help="warm-up per chain (default 1000)")
    p.add_argument("--chains", type=int, default=4, help="chains (default 4)")
    p.add_argument("--target-accept", type=float, default=0.8, help="NUTS target acceptance (default 0.8)")
    p.add_argument("--timeout", type=float, default=900.0,
                   help="seconds per run; a method stops at its first timeout, and a size its stored runs predict "
                        f"to take over {TIMEOUT_FACTOR:g}x this is skipped with the prediction (default 900)")
    p.add_argument("--device", default="cpu", choices=SCALE_DEVICES,
                   help="cpu, gpu or cpu,gpu (GPU series: JAX methods only; without a GPU they are "
                        "reported as not measured)")
    p.add_argument("--fit-from", type=float, default=1e4,
                   help="fit slopes on runs with at least this many observations (default 1e4: below it "
                        "compile time dominates)")
    p.add_argument("--memory-limit-gb", type=float,
                   help="skip sizes predicted to need more peak memory (default 85%% of this machine's RAM)")
    add_out_argument(p, None, help="folder of run records (default results/runs/scaling/<posterior>)")
    add_studies_dir_argument(p, "the csv/md/png")
    p.add_argument("--report-only", action="store_true", help="only rebuild the report from stored records")
    p.add_argument("--redo-shared", action="store_true",
                   help="rerun the runs whose records say other runs shared the host (their records move to "
                        "<out>/shared/)")
    add_executor_arguments(p)
    return p
