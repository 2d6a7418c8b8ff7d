"""``twinbench chains-precision``: vectorized vs parallel chains and float32 vs float64 for every JAX NUTS path
over a grid of posteriors and sizes; writes results/studies/chains_precision.{csv,md,png}."""
from __future__ import annotations

import sys
from pathlib import Path

from harness.cli.options import (MAX_SEEDS, UsageError, add_studies_dir_argument, check_count, check_positive,
                                 check_sampling, check_seeds, method_names, readable_folder, writable_folder)

RUNS_OUT = {"cpu": "results/runs/chains_precision", "gpu": "results/runs/chains_precision_gpu"}


def add_parser(sub):
    """Register ``chains-precision`` on the subcommand set ``sub``."""
    from harness.studies.chains_precision import GRIDS, JAX_NUTS

    p = sub.add_parser("chains-precision", help="vectorized vs parallel chains, float32 vs float64, per JAX NUTS path",
                       description="Every JAX NUTS path's baseline (parallel chains, float64 on the CPU; vectorized "
                                   "on a GPU) and its variants (the other layout, float32) over a grid of posteriors "
                                   "and sizes, seed-major and resumable; verdicts per cell, float32 checked against "
                                   "float64. Writes chains_precision.{csv,md,png} and chains_precision_runs.csv.")
    p.add_argument("--grid", choices=list(GRIDS), default="cpu",
                   help="cpu: the committed CPU grid; gpu: sizes for a GPU (device gpu); tiny: one small posterior "
                        "(the CPU dry run of make test). " + "; ".join(
                            f"{name}: " + ", ".join(f"{p}" + (f" @{n:,}" if n else "") for p, n in rows)
                            for name, rows in GRIDS.items()))
    p.add_argument("-m", "--method", help=f"comma-separated JAX NUTS paths (default {','.join(JAX_NUTS)})")
    p.add_argument("--device", choices=("cpu", "gpu"), help="default: gpu for --grid gpu, else cpu")
    p.add_argument("--seeds", type=int, default=5, help="seeds per cell (default 5)")
    p.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    p.add_argument("--draws", type=int, default=1000, help="draws per chain (default 1000)")
    p.add_argument("--tune", type=int, default=1000, help="warm-up per chain (default 1000)")
    p.add_argument("--chains", type=int, default=4, help="chains (default 4)")
    p.add_argument("--timeout", type=float, default=900.0, help="seconds per run before it is censored (default 900)")
    p.add_argument("--out", help=f"records folder of this sweep (default {RUNS_OUT['cpu']}, or {RUNS_OUT['gpu']} on a "
                                 "GPU; the GPU script also puts its host-CPU lanes there)")
    p.add_argument("--cpu-records", metavar="DIR", default=RUNS_OUT["cpu"],
                   help=f"the page's CPU section: records of the CPU grid (default {RUNS_OUT['cpu']})")
    p.add_argument("--gpu-records", metavar="DIR", default=RUNS_OUT["gpu"],
                   help=f"the page's GPU section: records of a GPU machine, its host CPU's too (default {RUNS_OUT['gpu']})")
    p.add_argument("--fresh", action="store_true", help="run every cell again instead of resuming")
    p.add_argument("--report-only", action="store_true", help="only rebuild the page from stored records")
    add_studies_dir_argument(p, "chains_precision.{csv,md,png}")
    return p


def cmd(args) -> int:
    """Check every input, run the grid (resuming), and write the page."""
    from harness.execution.sweep import records_by_run, run_sweep, settled_records
    from harness.records.config import RunConfig
    from harness.report.chains_precision import write_chains_precision
    from harness.studies.chains_precision import GRIDS, JAX_NUTS, grid_specs

    device = args.device or ("gpu" if args.grid == "gpu" else "cpu")
    names = method_names(args.method, list(JAX_NUTS))
    if unknown := sorted(set(names) - set(JAX_NUTS)):
        raise UsageError(f"-m: {', '.join(unknown)} is not a JAX NUTS path; choose from {', '.join(JAX_NUTS)}")
    check_count(args.seeds, "--seeds", MAX_SEEDS)
    check_seeds(args.seed, args.seeds)
    check_sampling(args.draws, args.tune, args.chains)
    check_positive(args.timeout, "--timeout")
    out = Path(args.out or RUNS_OUT[device])
    for flag, folder in (("--cpu-records", args.cpu_records), ("--gpu-records", args.gpu_records)):
        if Path(folder).exists():
            readable_folder(folder, flag)
    if args.report_only:
        readable_folder(out, "--out")
    else:
        writable_folder(out, "--out")
    writable_folder(args.studies_dir, "--studies-dir")
    if device == "gpu" and not args.report_only:
        from harness.execution.device import DeviceUnavailable, require_device

        try:
            require_device("gpu")
        except DeviceUnavailable as error:
            raise UsageError(str(error)) from None
    base = RunConfig(draws=args.draws, tune=args.tune, chains=args.chains, device=device, timeout=args.timeout)
    seeds = list(range(args.seed, args.seed + args.seeds))
    specs = grid_specs(GRIDS[args.grid], names, seeds, base)
    if not args.report_only:
        print(f"twinbench chains-precision: grid {args.grid} on the {device}, {len(names)} methods, {len(seeds)} seeds: "
              f"{len(specs)} runs, seed-major; records -> {out}", file=sys.stderr, flush=True)
        run_sweep(specs, out, resume=not args.fresh)
    settled = settled_records(specs, out)
    sections = {"cpu": records_by_run(args.cpu_records), "gpu": records_by_run(args.gpu_records)}
    if out.resolve() not in {Path(args.cpu_records).resolve(), Path(args.gpu_records).resolve()}:
        sections["gpu" if device == "gpu" else "cpu"] = records_by_run(out)  # a folder of its own: report it
    progress = (f"Progress (grid {args.grid}, {device}, {out}): {len(settled)} of {len(specs)} runs settled "
                f"({sum(r.ok for r in settled)} ok, {len(settled) - sum(r.ok for r in settled)} timed out and "
                "censored); failed or unsupported runs are in chains_precision_runs.csv with their status; runs not "
                "yet made are absent, never estimated.")
    command = f"twinbench chains-precision --grid {args.grid}" + (f" --seeds {args.seeds}" if args.seeds != 5 else "")
    paths = write_chains_precision(sections, args.studies_dir, command, progress)
    print(progress)
    print("written: " + ", ".join(map(str, paths)))
    return 0
