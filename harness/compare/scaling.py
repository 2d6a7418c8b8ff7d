"""Scaling analysis: log-log slopes with intervals, crossover sizes with intervals, memory ceilings.

Input is the tidy frame of a scaling sweep (one row per run or skipped cell, see ``run_frame``).
**Slopes** are ordinary least squares of log10(metric) on log10(observations) (statsmodels),
with the 95% interval of the slope: time ~ n^slope. **Crossovers** compare two series on one
metric size by size: the log ratio of their medians over seeds is interpolated linearly in log
size, and the crossover is where it changes sign; its 95% interval comes from a bootstrap that
resamples each cell's seeds. A run that timed out counts as infinitely slow (it is censored, not
missing), so a method that stops keeps losing. The **memory ceiling** is the size at which the
fitted memory line (peak RSS linear in observations, over the largest sizes) reaches the machine's limit.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from harness.compare.cells import chains_side_by_side, run_metrics
from harness.records.schema import RunRecord

METRICS = {  # column: what it measures (lower is better for every one)
    "time_to_1000_ess": "seconds to 1,000 effective draws, compile included",
    "wall_s": "wall time of the whole run",
    "seconds_per_grad": "sampling seconds per leapfrog step of one chain",
    "peak_rss_mb": "peak resident memory (MiB)",
}
CROSSOVER_METRICS = ("time_to_1000_ess", "seconds_per_grad")
RESAMPLES = 1000
FLAT_MEMORY_MB_PER_MILLION = 10.0  # memory growing slower than this predicts no ceiling


def run_row(record: RunRecord, observations: int, label: str) -> dict:
    """One run's row: its series, size, seed, status and the scaling metrics (NaN when absent)."""
    metrics = run_metrics(record) or {}
    return {"series": label, "method": record.method, "device": record.config.get("device", "cpu"),
            "observations": observations, "seed": record.config.get("seed"), "status": record.status,
            "time_to_1000_ess": metrics.get("time_to_1000_ess", math.nan),
            "ess_per_sec": metrics.get("ess_per_sec", math.nan),
            "seconds_per_grad": metrics.get("seconds_per_grad") or math.nan,
            "chains_at_once": chains_side_by_side(record) if record.ok else math.nan,
            "wall_s": record.timings.get("total", math.nan) if record.ok else math.nan,
            "compile_s": record.timings.get("compile", math.nan) if record.ok else math.nan,
            "peak_rss_mb": record.peak_rss_mb if record.ok and record.peak_rss_mb else math.nan,
            "rhat_max": record.rhat_max, "divergences": record.divergences,
            "machine_load_1min": record.machine.get("load_average_1min"),
            "host_concurrent_runs": record.extra.get("host_concurrent_runs"),
            "cores_usable": record.machine.get("cores_usable"), "cores": record.machine.get("cores"),
            "gpu": ", ".join(record.machine.get("gpus") or []) or None, "platform": record.machine.get("platform"),
            "run_id": record.run_id}


def size_medians(frame: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Median of ``metric`` per series and size over seeds (timeouts count as infinite time)."""
    rows = frame[frame["status"].eq("ok") | frame["status"].eq("timeout")]
    return rows.groupby(["series", "observations"])[metric].median().unstack("series").sort_index()


def slopes(frame: pd.DataFrame, fit_from: int = 0) -> pd.DataFrame:
    """Per series and metric: the log-log slope with its 95% interval, over finished runs of >= ``fit_from``."""
    import statsmodels.api as sm

    rows = []
    ok = frame[(frame["status"] == "ok") & (frame["observations"] >= fit_from)]
    for series, group in ok.groupby("series", sort=False):
        for metric in METRICS:
            points = group[["observations", metric]].replace([np.inf, -np.inf], np.nan).dropna()
            points = points[points[metric] > 0]
            if points["observations"].nunique() < 2 or len(points) < 3:
                continue
            x = sm.add_constant(np.log10(points["observations"].to_numpy(float)))
            fit = sm.OLS(np.log10(points[metric].to_numpy(float)), x).fit()
            low, high = fit.conf_int(0.05)[1]
            rows.append({"series": series, "metric": metric, "slope": fit.params[1], "slope_lo": low,
                         "slope_hi": high, "r2": fit.rsquared, "runs": len(points),
                         "sizes": f"{int(points['observations'].min()):,}-{int(points['observations'].max()):,}"})
    return pd.DataFrame(rows, columns=["series", "metric", "slope", "slope_lo", "slope_hi", "r2", "runs", "sizes"])


def _first_crossing(log_n: np.ndarray, difference: np.ndarray) -> float | None:
    """log10 size where ``difference`` first changes sign (linear interpolation), None if it never does."""
    keep = ~np.isnan(difference)
    log_n, difference = log_n[keep], difference[keep]
    for i in range(1, len(difference)):
        a, b = difference[i - 1], difference[i]
        if a == 0:
            return float(log_n[i - 1])
        if np.sign(a) != np.sign(b) and b != 0:
            if np.isinf(a) or np.isinf(b):  # one side censored: the crossing lies between the sizes
                return float((log_n[i - 1] + log_n[i]) / 2)
            return float(log_n[i - 1] + (log_n[i] - log_n[i - 1]) * a / (a - b))
    return None


def _log_difference(cells_a: list[np.ndarray], cells_b: list[np.ndarray]) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.array([np.log10(np.median(a)) - np.log10(np.median(b)) if len(a) and len(b) else np.nan
                         for a, b in zip(cells_a, cells_b)])


def crossover(frame: pd.DataFrame, series_a: str, series_b: str, metric: str, seed: int = 0) -> dict:
    """Where ``series_a`` and ``series_b`` swap places on ``metric``, with a 95% bootstrap interval.

    Returns the crossover size (or None), the interval, the share of bootstrap replicates that
    cross, and which series is better below / above the crossover (lower ``metric`` is better).
    """
    rows = frame[frame["status"].isin(["ok", "timeout"])]
    sizes = sorted(set(rows[rows["series"] == series_a]["observations"])
                   & set(rows[rows["series"] == series_b]["observations"]))
    result = {"a": series_a, "b": series_b, "metric": metric, "sizes_compared": len(sizes), "crossover": None,
              "crossover_lo": None, "crossover_hi": None, "share_of_resamples_crossing": None,
              "better_below": None, "better_above": None}
    if len(sizes) < 2:
        result["verdict"] = "too few common sizes"
        return result

    def cells(series):
        out = []
        for n in sizes:
            values = rows[(rows["series"] == series) & (rows["observations"] == n)][metric].to_numpy(float)
            out.append(values[~np.isnan(values)])
        return out

    a_cells, b_cells = cells(series_a), cells(series_b)
    log_n = np.log10(sizes)
    difference = _log_difference(a_cells, b_cells)
    finite = difference[~np.isnan(difference)]
    if finite.size == 0:
        result["verdict"] = "no comparable sizes"
        return result
    crossing = _first_crossing(log_n, difference)
    rng = np.random.default_rng(seed)
    replicates = []
    for _ in range(RESAMPLES):
        boot_a = [rng.choice(c, c.size) if c.size else c for c in a_cells]
        boot_b = [rng.choice(c, c.size) if c.size else c for c in b_cells]
        replicates.append(_first_crossing(log_n, _log_difference(boot_a, boot_b)))
    crossed = np.array([r for r in replicates if r is not None])
    result["share_of_resamples_crossing"] = crossed.size / RESAMPLES
    below = series_a if finite[0] < 0 else series_b
    above = series_a if finite[-1] < 0 else series_b
    result["better_below"], result["better_above"] = below, above
    if crossing is None:
        result["verdict"] = f"no crossover in range: {below} is faster at every size compared"
        return result
    result["crossover"] = float(10 ** crossing)
    if crossed.size >= 2:
        result["crossover_lo"], result["crossover_hi"] = (float(10 ** q) for q in np.percentile(crossed, [2.5, 97.5]))
    if below == above:  # crossed, then crossed back: name both places, not one ordering
        back = _first_crossing(log_n[log_n > crossing], difference[log_n > crossing])
        other = series_b if below == series_a else series_a
        until = f"~{10 ** back:,.0f}" if back is not None else "the largest size"
        result["verdict"] = (f"lines cross more than once: {other} faster between ~{10 ** crossing:,.0f} and "
                             f"{until} observations, {below} below and above")
        return result
    result["verdict"] = f"{below} faster below ~{10 ** crossing:,.0f} observations, {above} above"
    return result


def crossovers(frame: pd.DataFrame, metrics=CROSSOVER_METRICS) -> pd.DataFrame:
    """``crossover`` for every pair of series and each metric in ``metrics``."""
    names = list(dict.fromkeys(frame[frame["status"] == "ok"]["series"]))
    rows = [crossover(frame, a, b, metric) for metric in metrics
            for i, a in enumerate(names) for b in names[i + 1:]]
    return pd.DataFrame(rows)


def memory_ceilings(frame: pd.DataFrame, limit_mb: float) -> pd.DataFrame:
    """Per series: the size where its fitted memory line reaches ``limit_mb`` (the largest measured size when flat)."""

    rows = []
    ok = frame[frame["status"] == "ok"]
    for series, group in ok.groupby("series", sort=False):
        points = list(zip(group["observations"], group["peak_rss_mb"]))
        fit = memory_slope(points)
        largest = int(group["observations"].max())
        peak = float(group["peak_rss_mb"].max())
        if fit is None:
            ceiling = "unknown: fewer than two sizes run"
        elif fit[1] * 1e6 < FLAT_MEMORY_MB_PER_MILLION:
            ceiling = f"none predicted: memory flat (< {FLAT_MEMORY_MB_PER_MILLION} MiB per 10^6 observations)"
        else:
            ceiling = f"~{(limit_mb - fit[0]) / fit[1]:,.3g} observations"
        rows.append({"series": series, "largest_size_run": largest, "peak_rss_mb_there": round(peak),
                     "mib_per_million_observations": None if fit is None else round(fit[1] * 1e6, 1),
                     "predicted_ceiling": ceiling, "limit_mb": round(limit_mb)})
    return pd.DataFrame(rows)


def largest_size_medians(points: list[tuple[int, float]]) -> tuple[list[int], list[float]]:
    """The largest <= 3 sizes among ``points`` (observations, value) with a finite positive value, and the
    median value at each: what the memory and wall-time lines are fitted through."""
    by_size: dict[int, list[float]] = {}
    for n, value in points:
        if value and math.isfinite(value) and value > 0:
            by_size.setdefault(n, []).append(value)
    sizes = sorted(by_size)[-3:]
    return sizes, [float(np.median(by_size[n])) for n in sizes]


def memory_slope(points: list[tuple[int, float]]) -> tuple[float, float] | None:
    """(MiB at zero observations, MiB per observation): a line through the median peak RSS of the
    largest <= 3 sizes measured; None with fewer than two distinct sizes.

    Memory is a fixed cost (interpreter, libraries, compiled code) plus a part that grows with
    the data and the draws, so a straight line in n extrapolates it; the largest sizes are used
    because the fixed cost dominates the small ones. A negative slope (noise) counts as flat.
    """
    sizes, medians = largest_size_medians(points)
    if len(sizes) < 2:
        return None
    slope, intercept = np.polyfit(np.asarray(sizes, float), medians, 1)
    return float(intercept), float(max(slope, 0.0))


def predicted_memory_mb(points: list[tuple[int, float]], observations: int) -> float | None:
    """Peak RSS (MiB) predicted at ``observations`` from the memory line of ``points`` (None if unknown)."""
    fit = memory_slope(points)
    if fit is None:
        return None
    intercept, slope = fit
    largest = max(n for n, rss in points if rss)
    measured = max(rss for n, rss in points if n == largest)
    return float(max(measured, intercept + slope * observations))
