"""``twinbench gradbench``: one log-density-and-gradient evaluation per posterior x backend, timed;
writes gradbench.{csv,md} into --studies-dir."""
from __future__ import annotations

import sys

from harness.cli.options import add_studies_dir_argument, posterior_names, resolve_names, split_names, writable_folder


def add_parser(sub):
    """Register ``gradbench`` on the subcommand set ``sub``."""
    p = sub.add_parser("gradbench", help="time one log-density-and-gradient evaluation per posterior x backend",
                       description="The floor under every NUTS step: see harness/compare/gradbench.py for what is "
                                   "timed. Writes gradbench.{csv,md} into --studies-dir.")
    p.add_argument("-p", "--posterior", help="comma-separated posterior names, or 'all' (default)")
    p.add_argument("--backend", help="comma-separated: pytensor_numba, pytensor_c, pymc_jax, numpyro_jax (default all)")
    add_studies_dir_argument(p, "gradbench.csv and gradbench.md")
    return p


def cmd(args) -> int:
    """Time one log-density-and-gradient evaluation per posterior x backend; write the CSV and markdown."""
    from harness.compare.gradbench import BACKENDS

    names = posterior_names(args.posterior, ["all"])
    backends = resolve_names(split_names(args.backend) or ["all"], list(BACKENDS), "backend")
    writable_folder(args.studies_dir, "--studies-dir")
    from harness.execution.device import configure_jax

    configure_jax("cpu", 1)  # before JAX starts
    import pandas as pd

    from harness.compare.gradbench import bench_posterior
    from harness.records.environment import library_versions, machine_info
    from harness.report.gradbench import write_gradbench
    from models import catalog

    rows = []
    for index, name in enumerate(names, 1):
        rows += bench_posterior(catalog.get(name), backends,
                                log=lambda line, i=index: print(f"[{i}/{len(names)}] {line}", file=sys.stderr,
                                                                flush=True))
    paths, wide = write_gradbench(pd.DataFrame(rows), names, machine_info(), library_versions(), args.studies_dir)
    print(wide.to_string(float_format=lambda v: f"{v:.2f}"))
    print(f"written: {paths[0]}, {paths[1]}")
    return 0
