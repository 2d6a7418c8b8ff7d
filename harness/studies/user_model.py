"""Which sampler for *my* model: a user's PyMC and/or NumPyro model through the executors, records and verdicts.

``prepare`` checks the model before any run (it builds, its log density evaluates, and when both libraries'
models are given they define the same density: ``harness/quality/density.py``, relative 1e-8, naming the first
site that differs). ``run`` runs every method x seed in its own process, as ``twinbench run`` does. ``frames``
judges the records: cells (median and 95% interval over seeds), two verdicts (throughput: ESS/s of sampling;
time to result: seconds from a fresh process to 1,000 bulk ESS, compile included, under the caches the runs
found) and agreement without a reference: each method's draws against the pooled draws of the others
(``harness/quality/consensus.py``). A method that disagrees with the consensus cannot win a verdict.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from harness import methods as method_registry
from harness.compare.cells import EQUIVALENCE_FACTOR, cell_table, verdicts
from harness.execution.process import RunSpec
from harness.execution.sweep import run_sweep
from harness.quality.consensus import consensus
from harness.records.config import RunConfig
from harness.records.schema import RunRecord
from models.user_model import UserModel, UserModelError, UserPosterior, error_line

KINDS = {"throughput": "ess_per_sec", "time_to_result": "time_to_result"}  # verdict -> metric
PRIOR_POINTS = 3  # prior points of the twin check


def default_methods(model: UserModel) -> list[str]:
    """The NUTS-family methods that apply: PyMC-derived ones for a PyMC model, NumPyro ones for a NumPyro model."""
    given = {"pymc": model.pymc is not None, "numpyro": model.numpyro is not None}
    return [name for name in method_registry.family("nuts") if given[method_registry.get(name).backend]]


def check_methods(names: list[str]) -> list[str]:
    """``names`` when every one is a known method; ValueError naming the unknown ones otherwise."""
    unknown = [name for name in names if name not in method_registry.METHODS]
    if unknown:
        raise ValueError(f"unknown method(s) {', '.join(unknown)}; choose from: {', '.join(method_registry.METHODS)}")
    return names


def prepare(model: UserModel) -> UserPosterior:
    """The model as the methods take it, checked before any run: it builds, its log density evaluates at a start
    point, and twins (both libraries given) define the same density. UserModelError (one line) otherwise."""
    posterior = UserPosterior(model)
    try:
        if model.pymc is not None:
            logps = posterior.pymc_build()({}).point_logps()
            bad = [name for name, value in logps.items() if not np.isfinite(value)]
            if bad:
                raise UserModelError(f"the PyMC model's log density is not finite at its initial point ({', '.join(bad)})")
    except UserModelError:
        raise
    except Exception as error:  # the library's own message, one line
        raise UserModelError(f"the PyMC model does not compile: {error_line(error)}") from error
    if model.pymc is not None and model.numpyro is not None:
        check_twins(posterior)
    return posterior


def check_twins(posterior: UserPosterior) -> None:
    """Raise UserModelError naming the first site where the PyMC and NumPyro models' log densities part."""
    from harness.quality.density import compare_twins, first_differing_site, twins_agree

    try:
        comparisons = compare_twins(posterior, k=PRIOR_POINTS)
    except ValueError as error:  # free parameters differ in name or shape
        raise UserModelError(f"the PyMC and NumPyro models differ: {error}") from error
    if twins_agree(comparisons):
        return
    worst = max(comparisons, key=lambda c: c.relative_difference)
    data = posterior.load_data()
    site = first_differing_site(posterior.pymc_build()(data), posterior.numpyro_model(), data, {}, worst.point)
    raise UserModelError(f"the PyMC and NumPyro models define different log densities (relative difference "
                         f"{worst.relative_difference:.2g} at a prior point); first differing site: {site}")


def specs(posterior: UserPosterior, methods: list[str], configs: list[RunConfig]) -> list[RunSpec]:
    """One run per seed (config) x method, methods innermost (one seed's methods back to back)."""
    if not posterior.model.source:
        raise ValueError("the model has no source a worker can load it from (save_pickle it first)")
    return [RunSpec(posterior.name, method, config, save_draws=False, user_model=posterior.model.source)
            for config in configs for method in methods]


def run(posterior: UserPosterior, methods: list[str], configs: list[RunConfig], out_dir: Path | str,
        resume: bool = False, log: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)
        ) -> list[RunRecord]:
    """Run every method x config in its own process (records under ``out_dir``); the records in run order."""
    return run_sweep(specs(posterior, methods, configs), out_dir, resume=resume, log=log)


def agreement_frame(records: list[RunRecord]) -> pd.DataFrame:
    """Per method (its finished runs pooled): agreement with the consensus of the other methods."""
    by_method: dict[str, list[dict]] = {}
    for record in records:
        if record.ok and record.summary:
            by_method.setdefault(record.method, []).append(record.summary)
    return consensus(by_method)


def verdict_frame(records: list[RunRecord], agreement: pd.DataFrame, factor: float = EQUIVALENCE_FACTOR
                  ) -> pd.DataFrame:
    """Both verdicts (``kind``: throughput, time_to_result) per method, among the methods that do not disagree
    with the consensus; those that do are rows with verdict "disagrees"."""
    disagreeing = set(agreement.loc[agreement["agrees"].eq(False), "method"]) if not agreement.empty else set()
    eligible = [r for r in records if r.method not in disagreeing]
    disagrees = pd.DataFrame([{"posterior": records[0].posterior, "method": m, "verdict": "disagrees"}
                              for m in sorted(disagreeing)])
    frames = [pd.concat([verdicts(eligible, factor, metric), disagrees], ignore_index=True).assign(kind=kind)
              for kind, metric in KINDS.items()]
    return pd.concat(frames, ignore_index=True)


def run_frame(records: list[RunRecord]) -> pd.DataFrame:
    """One row per run: method, seed, status, the verdicts' numbers, diagnostics and phases."""
    from harness.compare.cells import run_metrics

    rows = []
    for record in records:
        metrics = run_metrics(record) or {}
        rows.append({"method": record.method, "seed": record.config.get("seed"), "status": record.status,
                     "ess_bulk_min": record.ess_bulk_min, "ess_per_sec": record.ess_per_sec,
                     "time_to_result": metrics.get("time_to_result"), "divergences": record.divergences,
                     "rhat_max": record.rhat_max, "startup": record.extra.get("startup_seconds"),
                     **{phase: record.timings.get(phase) for phase in ("compile", "warmup", "sampling", "total")}})
    return pd.DataFrame(rows)


def frames(records: list[RunRecord], factor: float = EQUIVALENCE_FACTOR) -> dict[str, pd.DataFrame]:
    """The judged records: ``runs``, ``cells`` (one per method, median and interval of every metric),
    ``agreement`` and ``verdicts``."""
    agreement = agreement_frame(records)
    cells = cell_table(records)
    if not cells.empty:
        cells = cells.drop(columns="config")
    return {"runs": run_frame(records), "cells": cells, "agreement": agreement,
            "verdicts": verdict_frame(records, agreement, factor) if records else pd.DataFrame()}
