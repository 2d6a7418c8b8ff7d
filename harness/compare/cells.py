"""The comparison layer: run records -> cells with bootstrap intervals -> method ratios -> verdicts.

A **cell** is one posterior x method x config, seeds aside: its runs differ only in the seed.
Per run the layer reads ESS/s of the sampling phase, ESS per gradient, seconds per gradient,
time to 1,000 effective draws including compile (what a user waits for), divergences and
R-hat max; per cell it reports the median over seeds with a percentile-bootstrap 95% interval
(SciPy). A run that timed out is censored: its ESS/s counts as 0 and its time to 1,000 ESS as
infinite ("> limit"), so it drags a cell's median the right way instead of vanishing.

Two methods differ only when the whole 95% interval of their ESS/s ratio lies outside the
practical-equivalence band [1/factor, factor] (factor 1.1 by default, asv's own); otherwise the
verdict is "tie". A cell whose runs mostly did not mix (R-hat >= 1.01 or any divergence) is
marked and cannot be the fastest; nor can a **biased** cell, whose runs mostly failed the agreement
test against the posterior's reference (``record.agreement``: z of each mean/quantile over its MCSE,
Bonferroni-controlled) — a fast wrong answer wins nothing. Its max |z| and KL stay in the table.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from harness.records.schema import STATUS_TIMEOUT, RunRecord
from harness.quality.diagnostics import RHAT_LIMIT

TARGET_ESS = 1000
EQUIVALENCE_FACTOR = 1.1
CONFIDENCE = 0.95
RESAMPLES = 2000
METRICS = ("ess_per_sec", "ess_per_grad", "ess_per_grad_total", "grad_evals", "seconds_per_grad", "limit_ratio", "step_overhead",
           "time_to_1000_ess", "time_to_result", "divergences", "rhat_max", "max_z", "kl_max")
LOWER_IS_BETTER = ("time_to_1000_ess", "time_to_result")  # verdict metrics where the smallest median wins


def cell_key(record: RunRecord) -> tuple:
    """(posterior, method, config without seed and timeout): what runs of one cell share. A setting at None
    is left out, so records from before it existed (``caches``) share a cell with new ones that leave it off."""
    config = {k: v for k, v in record.config.items() if k not in ("seed", "timeout") and v is not None}
    return record.posterior, record.method, repr(sorted(config.items()))


def seconds_per_gradient(record: RunRecord) -> float | None:
    """Sampling seconds per leapfrog step of one chain's trajectory, chains run side by side.

    Chains that run in parallel (one process, thread or XLA device each, up to the cores) share the
    wall clock, so the steps of the sampling phase are divided by the chains that ran at once
    (``chains_side_by_side``).
    """
    sampling = record.timings.get("sampling")
    if not record.grad_evals_sampling or not sampling:
        return None
    return sampling / (record.grad_evals_sampling / chains_side_by_side(record))


def chains_side_by_side(record: RunRecord) -> int:
    """How many chains advanced at once: 1 sequential, all vectorized; else min(chains, the cores the
    sampler was given (``extra["cores"]``: PyMC's and nutpie's ``cores``), or the machine's cores).

    ``pymc.default`` records from before it stored ``cores`` get PyMC 6's own rule for ``cores=None``,
    from the record's machine: min(4, cores // 2) (PyMC 6 assumes two hardware threads per core, so on
    2 cores it runs the chains one at a time).
    """
    chains = record.config.get("chains", 1)
    layout = record.extra.get("chain_method")
    if layout == "sequential":
        return 1
    if layout == "vectorized":
        return chains
    machine = record.machine.get("cores") or 1
    cores = record.extra.get("cores")
    if cores is None and record.method == "pymc.default" and str(record.versions.get("pymc", "")).startswith("6."):
        cores = min(4, machine // 2)
    return max(1, min(chains, cores or machine))


def run_metrics(record: RunRecord, floors: dict | None = None) -> dict | None:
    """The compared numbers of one run; None for runs that say nothing about speed (failed, unsupported).

    ``floors`` maps (posterior, gradient backend) to the seconds of one gradient (``twinbench
    gradbench``); with it a run gets its **limit ratio** = sampling seconds per leapfrog step of
    one chain (``seconds_per_gradient``) / seconds of one gradient, and its **step overhead** =
    the difference: what the sampler spends per step beyond the gradient. **Time to result** = the
    worker's startup (process start to the method's call: imports, data) + time to 1,000 ESS: what a user
    waits from a fresh process, under the caches the record names (``extra.caches``, ``config.caches``);
    None for records that predate ``extra.startup_seconds``.
    """
    if record.status == STATUS_TIMEOUT:
        return {"ess_per_sec": 0.0, "ess_per_grad": None, "ess_per_grad_total": None, "grad_evals": None,
                "seconds_per_grad": None,
                "limit_ratio": None, "step_overhead": None, "time_to_1000_ess": math.inf, "time_to_result": math.inf,
                "divergences": None, "rhat_max": None, "agrees": None, "max_z": None, "kl_max": None,
                "censored": True, "limit": record.config.get("timeout")}
    if not record.ok or not record.ess_per_sec:
        return None
    timings = record.timings
    before_sampling = timings.get("compile", 0.0) + timings.get("warmup", 0.0)
    per_step = seconds_per_gradient(record)
    floor = (floors or {}).get((record.posterior, gradient_backend(record.method)))
    agreement = record.agreement or {}
    return {"ess_per_sec": record.ess_per_sec, "ess_per_grad": record.ess_per_grad,
            "ess_per_grad_total": (record.ess_bulk_min / record.grad_evals if record.grad_evals else None),
            "grad_evals": record.grad_evals,
            "seconds_per_grad": per_step,
            "limit_ratio": per_step / floor if per_step and floor else None,
            "step_overhead": per_step - floor if per_step and floor else None,
            "time_to_1000_ess": before_sampling + TARGET_ESS / record.ess_per_sec,
            "time_to_result": (startup + before_sampling + TARGET_ESS / record.ess_per_sec
                               if (startup := record.extra.get("startup_seconds")) is not None else None),
            "divergences": record.divergences, "rhat_max": record.rhat_max, "agrees": agreement.get("agrees"),
            "max_z": agreement.get("max_z"), "kl_max": agreement.get("kl_max"), "censored": False, "limit": None}


def gradient_backend(method: str) -> str | None:
    """The gradient backend a method calls (None for unknown methods)."""
    from harness import methods

    try:
        return methods.get(method).gradient_backend
    except KeyError:
        return None


def mixed_runs(runs: pd.DataFrame) -> pd.Series:
    """Per run (row): it finished, its R-hat is known and below ``RHAT_LIMIT``, and it had no divergence.

    The one place the rule lives. A run without an R-hat cannot show that it mixed, so it counts as not
    mixed; missing ``censored`` or ``divergences`` columns count as "finished" and "none".
    """
    columns = runs.reindex(columns=["censored", "rhat_max", "divergences"])
    finished = ~columns["censored"].astype("boolean").fillna(False).astype(bool)
    rhat_ok = pd.to_numeric(columns["rhat_max"], errors="coerce").lt(RHAT_LIMIT)
    no_divergence = ~pd.to_numeric(columns["divergences"], errors="coerce").fillna(0).gt(0)
    return finished & rhat_ok & no_divergence


def mixed(record_metrics: dict) -> bool:
    """One run's metrics (a dict) under ``mixed_runs``' rule."""
    return bool(mixed_runs(pd.DataFrame([record_metrics])).iloc[0])


def median_interval(values, confidence: float = CONFIDENCE, resamples: int = RESAMPLES,
                    seed: int = 0) -> tuple[float, float, float]:
    """Median of ``values`` with a percentile-bootstrap interval; the interval is NaN below 2 values."""
    values = np.asarray([v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))],
                        dtype=float)
    if values.size == 0:
        return math.nan, math.nan, math.nan
    median = float(np.median(values))
    if values.size < 2 or np.all(values == values[0]):
        return (median, math.nan, math.nan) if values.size < 2 else (median, median, median)
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):  # inf (censored) values are expected
        warnings.simplefilter("ignore", stats.DegenerateDataWarning)
        result = stats.bootstrap((values,), np.median, confidence_level=confidence, n_resamples=resamples,
                                 method="percentile", rng=np.random.default_rng(seed))
    return median, float(result.confidence_interval.low), float(result.confidence_interval.high)


def ratio_interval(numerator, denominator, confidence: float = CONFIDENCE, resamples: int = RESAMPLES,
                   seed: int = 0) -> tuple[float, float, float]:
    """median(numerator) / median(denominator), with a bootstrap interval resampling each side apart."""
    a, b = np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float)
    ratio = float(np.median(a) / np.median(b)) if np.median(b) > 0 else math.inf
    if a.size < 2 or b.size < 2:
        return ratio, math.nan, math.nan

    def statistic(x, y, axis=-1):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.median(x, axis=axis) / np.median(y, axis=axis)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", stats.DegenerateDataWarning)
        result = stats.bootstrap((a, b), statistic, confidence_level=confidence, n_resamples=resamples,
                                 method="percentile", vectorized=True, rng=np.random.default_rng(seed))
    return ratio, float(result.confidence_interval.low), float(result.confidence_interval.high)


@dataclass
class Cell:
    """The runs of one posterior x method x config, as per-run metric dicts."""

    posterior: str
    method: str
    config_key: str
    runs: list

    def values(self, metric: str) -> list:
        """The metric of every run (None where a run lacks it)."""
        return [run[metric] for run in self.runs]

    @property
    def unmixed(self) -> bool:
        """True when more than half the runs did not mix (or timed out)."""
        return int((~mixed_runs(pd.DataFrame(self.runs))).sum()) * 2 > len(self.runs)

    @property
    def biased(self) -> bool:
        """True when more than half the runs judged against a reference failed the agreement test."""
        judged = [run["agrees"] for run in self.runs if run.get("agrees") is not None]
        return sum(not agrees for agrees in judged) * 2 > len(judged) if judged else False

    @property
    def censored(self) -> int:
        """How many runs timed out."""
        return sum(run["censored"] for run in self.runs)


def group_cells(records: list[RunRecord], floors: dict | None = None) -> list[Cell]:
    """Records grouped into cells, in the order their first record appears (``floors``: see run_metrics)."""
    cells: dict[tuple, Cell] = {}
    for record in records:
        metrics = run_metrics(record, floors)
        if metrics is None:
            continue
        key = cell_key(record)
        cells.setdefault(key, Cell(record.posterior, record.method, key[2], [])).runs.append(metrics)
    return list(cells.values())


def cell_table(records: list[RunRecord], floors: dict | None = None) -> pd.DataFrame:
    """One row per cell: seeds, censored runs, unmixed flag, and median/lo/hi of every metric."""
    rows = []
    for cell in group_cells(records, floors):
        row = {"posterior": cell.posterior, "method": cell.method, "config": cell.config_key,
               "seeds": len(cell.runs), "censored": cell.censored, "unmixed": cell.unmixed, "biased": cell.biased,
               "limit": max((run["limit"] or 0) for run in cell.runs) or None}
        for metric in METRICS:
            row[metric], row[f"{metric}_lo"], row[f"{metric}_hi"] = median_interval(cell.values(metric))
        rows.append(row)
    return pd.DataFrame(rows)


def differs(low: float, high: float, factor: float = EQUIVALENCE_FACTOR) -> bool:
    """True when the whole interval [low, high] of a ratio lies outside [1/factor, factor]."""
    if math.isnan(low) or math.isnan(high):
        return False
    return high < 1.0 / factor or low > factor


def verdicts(records: list[RunRecord], factor: float = EQUIVALENCE_FACTOR, metric: str = "ess_per_sec"
             ) -> pd.DataFrame:
    """Per posterior (and config): the fastest mixed cell by the median of ``metric``, and every cell's ratio to it.

    ``metric`` is ESS/s (higher wins) or a time (``LOWER_IS_BETTER``: lower wins). Columns: posterior, method,
    ratio (the method's speed over the fastest's: ESS/s over ESS/s, or the fastest's time over the method's,
    so below 1 is slower either way), its interval, and ``verdict``: "fastest", "tie", "slower", "faster" (only
    beside an unmixed or biased best), "unmixed", "biased" (mostly failed the agreement test against the
    reference), or "undecided" (fewer than 2 seeds on either side: no interval). Unmixed and biased cells
    cannot be fastest.
    Cells whose runs lack the metric (records that predate it) are left out.
    """
    lower = metric in LOWER_IS_BETTER
    rows = []
    cells = [c for c in group_cells(records) if any(v is not None for v in c.values(metric))]
    for key in dict.fromkeys((c.posterior, c.config_key) for c in cells):
        group = [c for c in cells if (c.posterior, c.config_key) == key]
        candidates = [c for c in group if not c.unmixed and not c.biased]
        speed = lambda c: -_median(c.values(metric)) if lower else _median(c.values(metric))  # noqa: E731
        best = max(candidates or group, key=speed)
        for cell in group:
            mine, theirs = _present(cell.values(metric)), _present(best.values(metric))
            ratio, low, high = ratio_interval(theirs, mine) if lower else ratio_interval(mine, theirs)
            if cell is best and candidates:
                verdict = "fastest"
            elif cell.unmixed:
                verdict = "unmixed"
            elif cell.biased:
                verdict = "biased"
            elif math.isnan(low):
                verdict = "undecided"  # one seed on either side: no interval, no verdict
            elif differs(low, high, factor):
                verdict = "slower" if high < 1.0 else "faster"
            else:
                verdict = "tie"
            rows.append({"posterior": cell.posterior, "config": cell.config_key, "method": cell.method,
                         "fastest": best.method, "ratio": ratio, "ratio_lo": low, "ratio_hi": high,
                         "verdict": verdict, "seeds": len(mine)})
    return pd.DataFrame(rows, columns=["posterior", "config", "method", "fastest", "ratio", "ratio_lo", "ratio_hi",
                                       "verdict", "seeds"])


def _present(values: list) -> list:
    """The values a run has (None: a record that predates the metric)."""
    return [v for v in values if v is not None]


def _median(values: list) -> float:
    present = _present(values)
    return float(np.median(present)) if present else math.nan


def verdict_lines(frame: pd.DataFrame, factor: float = EQUIVALENCE_FACTOR) -> list[str]:
    """One sentence per posterior: who is fastest, who ties, who is how much slower."""
    lines = []
    for (posterior, _), group in frame.groupby(["posterior", "config"], sort=False):
        best = group[group["method"] == group["fastest"].iloc[0]].iloc[0]
        if best["verdict"] in ("unmixed", "biased"):
            lines.append(f"{posterior}: no method both mixed and agreed with the reference (R-hat >= {RHAT_LIMIT}, "
                         "divergences or a failed agreement test in most runs)")
            continue
        parts = [f"{posterior}: fastest {best['method']}"]
        for _, row in group[group["method"] != best["method"]].iterrows():
            slower = f"{1 / row['ratio']:.2f}x slower" if row["ratio"] > 0 else "no ESS"
            if row["verdict"] in ("tie", "slower", "faster"):
                low, high = (1 / row["ratio_hi"] if row["ratio_hi"] > 0 else math.inf,
                             1 / row["ratio_lo"] if row["ratio_lo"] > 0 else math.inf)
                slower += f" [{low:.2f}, {high:.2f}]"
            parts.append(f"{row['method']} {row['verdict']} ({slower})")
        lines.append("; ".join(parts))
    return lines
