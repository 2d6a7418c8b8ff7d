"""The leaderboard: every posterior x every NUTS-family method x 5 seeds, judged by the comparison layer.

Three verdicts per posterior, each with bootstrap intervals and the equivalence band:

- **throughput**: ESS/s of the sampling phase (the leaderboard's own runs);
- **cold** and **warm time to result**: seconds from a fresh process to 1,000 bulk ESS (startup, model
  build, compile, warm-up, sampling) with empty compilation caches, and with each library's disk caches
  filled by a run before (``twinbench run --caches cold|warm``; records in their own folders).

``leaderboard_frames`` returns three tidy frames: the cells (medians with 95% intervals; cells not yet
run are rows with ``status`` "missing", never estimated), the per-posterior verdicts (one set of columns
per kind), and a summary per method: for each kind the geometric mean over posteriors of its median
speed relative to ``pymc.default`` (ESS/s over ESS/s; for times, the baseline's time over the method's)
with a bootstrap interval (posteriors resampled), and the posteriors it wins (fastest, mixed), as the
nutpie paper reports against Stan. ``crossover_draws`` says, per posterior, from how many effective
draws the throughput winner overtakes the cold time-to-result winner.

``limit_summary`` reads the cells' limit ratios (sampling seconds per leapfrog step of one chain
over the seconds of one gradient, ``twinbench gradbench``): on posteriors with at least
``LARGE_DATA`` observations the gradient should dominate and the ratio should be <= 1.5; on the
small ones the per-step overhead beyond the gradient (microseconds) is what tells samplers apart.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from harness.compare.cells import (CONFIDENCE, EQUIVALENCE_FACTOR, RESAMPLES, TARGET_ESS, cell_table, group_cells,
                                   verdicts)
from harness.records.schema import RunRecord

BASELINE = "pymc.default"
LARGE_DATA = 10_000
LIMIT_TARGET = 1.5
KINDS = {"throughput": "ess_per_sec", "cold": "time_to_result", "warm": "time_to_result"}  # verdict -> metric
TIMED_KINDS = ("cold", "warm")


def cells_with_missing(records: list[RunRecord], posteriors: list[str], methods: list[str],
                       floors: dict | None = None) -> pd.DataFrame:
    """The cell table over the full posterior x method grid; cells with no finished run say "missing"."""
    table = cell_table(records, floors)
    grid = pd.DataFrame([(p, m) for p in posteriors for m in methods], columns=["posterior", "method"])
    if table.empty:
        return grid.assign(status="missing", seeds=0)
    table = table.drop(columns="config").drop_duplicates(["posterior", "method"], keep="last")
    merged = grid.merge(table, on=["posterior", "method"], how="left")
    merged["status"] = np.where(merged["seeds"].isna(), "missing", "measured")
    merged["seeds"] = merged["seeds"].fillna(0).astype(int)
    return merged


def with_time_to_result(cells: pd.DataFrame, timed: dict[str, list[RunRecord]]) -> pd.DataFrame:
    """``cells`` plus, per cache kind, the time to result's median/lo/hi (``time_to_result_cold``, ...) and
    its seeds; a cell without runs of that kind has NaN there and 0 seeds."""
    cells = cells.drop(columns=["time_to_result", "time_to_result_lo", "time_to_result_hi"], errors="ignore")
    for kind in TIMED_KINDS:
        columns = [f"time_to_result_{kind}", f"time_to_result_{kind}_lo", f"time_to_result_{kind}_hi"]
        table = cell_table(timed.get(kind, []))
        if table.empty:
            cells = cells.assign(**{c: math.nan for c in columns}, **{f"seeds_{kind}": 0})
            continue
        table = table.drop_duplicates(["posterior", "method"], keep="last").rename(columns=dict(zip(
            ["time_to_result", "time_to_result_lo", "time_to_result_hi", "seeds"], [*columns, f"seeds_{kind}"])))
        cells = cells.merge(table[["posterior", "method", *columns, f"seeds_{kind}"]], on=["posterior", "method"],
                            how="left")
        cells[f"seeds_{kind}"] = cells[f"seeds_{kind}"].fillna(0).astype(int)
    return cells


def all_verdicts(records: list[RunRecord], timed: dict[str, list[RunRecord]], factor: float) -> pd.DataFrame:
    """The throughput verdicts (columns as ``cells.verdicts``) beside each timed kind's, suffixed
    (``verdict_cold``, ``ratio_cold``, ``ratio_cold_lo``, ``fastest_cold``, ...)."""
    frame = verdicts(records, factor)
    for kind in TIMED_KINDS:
        extra = verdicts(timed.get(kind, []), factor, KINDS[kind]).drop(columns=["config", "seeds"])
        extra = extra.rename(columns={c: verdict_column(kind, c) for c in ("fastest", "ratio", "ratio_lo", "ratio_hi",
                                                                     "verdict")})
        frame = frame.merge(extra, on=["posterior", "method"], how="outer")
    return frame


def verdict_column(kind: str, name: str) -> str:
    """The verdict frame's column ``name`` of ``kind`` (throughput's carry no suffix: ``verdict``,
    ``verdict_cold``, ``ratio_cold_lo``)."""
    if kind == "throughput":
        return name
    return f"{name}_{kind}" if "_" not in name else name.replace("_", f"_{kind}_", 1)


def cell_value(kind: str) -> str:
    """The cell table's column a kind's verdict (or, for ``efficiency``, the summary) is made on."""
    if kind == "efficiency":
        return "ess_per_grad_total"
    return "ess_per_sec" if kind == "throughput" else f"time_to_result_{kind}"


def geomean_speed(cells: pd.DataFrame, kind: str, method: str, baseline: str, rng) -> dict:
    """Geometric mean over posteriors of ``method``'s speed relative to ``baseline`` in ``kind`` (ESS/s over
    ESS/s; for times the baseline's over the method's), with a bootstrap interval; n = posteriors compared."""
    values = cells[cells["status"] == "measured"].set_index(["posterior", "method"])[cell_value(kind)]
    logs = []
    for posterior in cells["posterior"].unique():
        if (posterior, method) in values.index and (posterior, baseline) in values.index:
            mine, base = values[(posterior, method)], values[(posterior, baseline)]
            if mine > 0 and base > 0 and math.isfinite(mine) and math.isfinite(base):
                logs.append(math.log(base / mine) if kind in TIMED_KINDS else math.log(mine / base))
    row = {"n": len(logs), "x": math.exp(np.mean(logs)) if logs else math.nan, "lo": math.nan, "hi": math.nan}
    if len(logs) >= 2 and np.ptp(logs) > 0:
        result = stats.bootstrap((np.asarray(logs),), np.mean, confidence_level=CONFIDENCE,
                                 n_resamples=RESAMPLES, method="percentile", rng=rng)
        row["lo"], row["hi"] = math.exp(result.confidence_interval.low), math.exp(result.confidence_interval.high)
    return row


def method_summary(verdict_frame: pd.DataFrame, cells: pd.DataFrame, baseline: str = BASELINE) -> pd.DataFrame:
    """Per method and kind (throughput, cold, warm): geometric-mean speed relative to ``baseline`` over the
    posteriors both ran, with its interval; wins and ties with the fastest; the median over posteriors
    of the cold − warm time-to-result saving (seconds); ESS per gradient with warm-up's gradients counted,
    relative to ``baseline`` (geometric mean, interval); and the share of the posteriors it ran where its
    draws agreed with the reference (not ``biased``)."""
    rows = []
    rng = np.random.default_rng(0)
    for method in cells["method"].unique():
        row = {"method": method}
        for kind in KINDS:
            speed = geomean_speed(cells, kind, method, baseline, rng)
            row.update({f"{kind} posteriors": speed["n"], f"{kind} x {baseline}": speed["x"],
                        f"{kind} lo": speed["lo"], f"{kind} hi": speed["hi"]})
            verdicts_of_kind = verdict_column(kind, "verdict")
            mine = (verdict_frame.loc[verdict_frame["method"] == method, verdicts_of_kind]
                    if verdicts_of_kind in verdict_frame else pd.Series(dtype=object))
            row[f"{kind} wins"] = int((mine == "fastest").sum())
            row[f"{kind} ties"] = int((mine == "tie").sum())
        throughput = verdict_frame.loc[verdict_frame["method"] == method, "verdict"]
        row["unmixed"] = int((throughput == "unmixed").sum())
        row["biased"] = int((throughput == "biased").sum())
        efficiency = geomean_speed(cells, "efficiency", method, baseline, rng)
        row.update({f"ESS/grad incl. warm-up x {baseline}": efficiency["x"], "efficiency lo": efficiency["lo"],
                    "efficiency hi": efficiency["hi"], "efficiency posteriors": efficiency["n"]})
        judged = cells[(cells["method"] == method) & (cells["status"] == "measured")]
        row["unbiased share"] = (float((~judged["biased"].astype(bool)).mean())
                                 if len(judged) and "biased" in judged else math.nan)
        mine = cells[cells["method"] == method]
        saving = (mine["time_to_result_cold"] - mine["time_to_result_warm"]).replace([np.inf, -np.inf], np.nan)
        row["cold - warm s (median)"] = float(saving.median()) if saving.notna().any() else math.nan
        rows.append(row)
    return pd.DataFrame(rows)


def crossover_draws(timed_cold: list[RunRecord], verdict_frame: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Per posterior: the effective draws from which the throughput winner T overtakes the cold
    time-to-result winner C, from the cold runs (one machine, one set of runs).

    A run reaching N effective draws takes fixed + N / rate, with fixed = startup + compile + warm-up
    (``time_to_result`` − 1000 / ESS/s) and rate = ESS/s of sampling; so N* = (fixed_T − fixed_C) /
    (1/rate_C − 1/rate_T), on the medians over seeds, with a percentile-bootstrap interval (each method's
    runs resampled apart; a resample in which T never catches up gives inf). Below N*, C is first to the
    result; above it, T.
    """
    runs = {(c.posterior, c.method): [r for r in c.runs if not r["censored"] and r["time_to_result"] is not None]
            for c in group_cells(timed_cold)}
    rows = []
    if not len(verdict_frame) or "fastest_cold" not in verdict_frame:
        return pd.DataFrame(columns=["posterior", "throughput winner", "cold winner", "draws", "draws_lo",
                                     "draws_hi", "reading"])
    for posterior, group in verdict_frame.groupby("posterior", sort=False):
        throughput, cold = group["fastest"].dropna(), group["fastest_cold"].dropna()
        if throughput.empty or cold.empty:
            continue
        t, c = throughput.iloc[0], cold.iloc[0]
        row = {"posterior": posterior, "throughput winner": t, "cold winner": c,
               "draws": math.nan, "draws_lo": math.nan, "draws_hi": math.nan}
        t_runs, c_runs = runs.get((posterior, t), []), runs.get((posterior, c), [])
        if t == c:
            row["reading"] = f"{t} wins at every number of draws"
        elif not t_runs:
            row["reading"] = f"no cold runs of {t}"
        else:
            fixed_t, slow_t = _fixed_and_seconds_per_draw(t_runs)
            fixed_c, slow_c = _fixed_and_seconds_per_draw(c_runs)
            draws = _crossing(np.median(fixed_t), np.median(slow_t), np.median(fixed_c), np.median(slow_c))
            row["draws"] = draws
            if math.isinf(draws):
                row["reading"] = f"{t} samples no faster than {c} in the cold runs: {c} at every number of draws"
            else:
                row["draws_lo"], row["draws_hi"] = _crossing_interval(fixed_t, slow_t, fixed_c, slow_c, seed)
                row["reading"] = f"{c} below ~{draws:,.0f} effective draws, {t} above"
        rows.append(row)
    return pd.DataFrame(rows)


def _fixed_and_seconds_per_draw(runs: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Per run: seconds before sampling (startup + compile + warm-up) and sampling seconds per effective draw."""
    per_draw = np.array([1.0 / r["ess_per_sec"] for r in runs])
    return np.array([r["time_to_result"] for r in runs]) - TARGET_ESS * per_draw, per_draw


def _crossing(fixed_t: float, per_draw_t: float, fixed_c: float, per_draw_c: float) -> float:
    """Draws N where fixed_t + N per_draw_t = fixed_c + N per_draw_c (0 when T is ahead from the start, inf
    when T never catches up)."""
    if per_draw_t >= per_draw_c:
        return math.inf
    return max(0.0, (fixed_t - fixed_c) / (per_draw_c - per_draw_t))


def _crossing_interval(fixed_t, per_draw_t, fixed_c, per_draw_c, seed: int) -> tuple[float, float]:
    """Percentile-bootstrap interval of the crossing (each method's runs resampled apart); the quantiles are
    taken without interpolation, so resamples that never cross (inf) are kept as such."""
    if len(fixed_t) < 2 or len(fixed_c) < 2:
        return math.nan, math.nan
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(RESAMPLES):
        i, j = rng.integers(len(fixed_t), size=len(fixed_t)), rng.integers(len(fixed_c), size=len(fixed_c))
        draws.append(_crossing(np.median(fixed_t[i]), np.median(per_draw_t[i]), np.median(fixed_c[j]),
                               np.median(per_draw_c[j])))
    tail = (1 - CONFIDENCE) / 2
    low, high = np.quantile(draws, [tail, 1 - tail], method="inverted_cdf")
    return float(low), float(high)


def observation_count(data: dict) -> int:
    """Observations of a dataset: the length of its longest array (rows of a design matrix)."""
    return max((len(v) for v in data.values() if hasattr(v, "__len__") and np.ndim(v) > 0), default=0)


def limit_summary(cells: pd.DataFrame, observations: dict[str, int], large: int = LARGE_DATA) -> pd.DataFrame:
    """Per method: median limit ratio on posteriors with >= ``large`` observations (target <= 1.5) and
    median per-step overhead beyond the gradient, in microseconds, on the smaller ones."""
    rows = []
    if "limit_ratio" not in cells:
        cells = cells.assign(limit_ratio=math.nan, step_overhead=math.nan)
    measured = cells[(cells["status"] == "measured") & cells["limit_ratio"].notna()]
    for method in dict.fromkeys(cells["method"]):
        mine = measured[measured["method"] == method]
        big = mine[mine["posterior"].map(lambda p: observations.get(p, 0) >= large)]
        small = mine[mine["posterior"].map(lambda p: observations.get(p, 0) < large)]
        worst = big["limit_ratio"].max() if len(big) else math.nan
        rows.append({"method": method, f"posteriors >= {large} obs": len(big),
                     "limit ratio (median)": big["limit_ratio"].median() if len(big) else math.nan,
                     "limit ratio (worst)": worst,
                     f"<= {LIMIT_TARGET}": ("-" if math.isnan(worst) else "yes" if worst <= LIMIT_TARGET else "no"),
                     "smaller posteriors": len(small),
                     "step overhead us (median)": small["step_overhead"].median() * 1e6 if len(small) else math.nan,
                     "limit ratio small (median)": small["limit_ratio"].median() if len(small) else math.nan})
    return pd.DataFrame(rows)


def leaderboard_frames(records: list[RunRecord], posteriors: list[str], methods: list[str],
                       factor: float = EQUIVALENCE_FACTOR, floors: dict | None = None,
                       timed: dict[str, list[RunRecord]] | None = None,
                       ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(cells over the whole grid, verdicts per posterior, summary per method); ``floors``: gradbench;
    ``timed``: the cold and warm time-to-result runs ({"cold": [...], "warm": [...]})."""
    keep = lambda rs: [r for r in rs if r.posterior in posteriors and r.method in methods]  # noqa: E731
    records = keep(records)
    timed = {kind: keep((timed or {}).get(kind, [])) for kind in TIMED_KINDS}
    cells = with_time_to_result(cells_with_missing(records, posteriors, methods, floors), timed)
    verdict_frame = all_verdicts(records, timed, factor)
    return cells, verdict_frame, method_summary(verdict_frame, cells)


def suites_summary(cells_by_suite: dict[str, pd.DataFrame], baseline: str = BASELINE) -> pd.DataFrame:
    """Per method and suite (each suite, then all of them together as "both"): each kind's geometric-mean speed
    relative to ``baseline`` with its interval and the posteriors compared (``geomean_speed``)."""
    suites = dict(cells_by_suite)
    if len(suites) > 1:
        suites["both"] = pd.concat(list(cells_by_suite.values()), ignore_index=True)
    rows = []
    for suite, cells in suites.items():
        rng = np.random.default_rng(0)
        for method in cells["method"].unique():
            row = {"method": method, "suite": suite}
            for kind in KINDS:
                speed = geomean_speed(cells, kind, method, baseline, rng) if cell_value(kind) in cells else {
                    "n": 0, "x": math.nan, "lo": math.nan, "hi": math.nan}
                row.update({f"{kind} posteriors": speed["n"], f"{kind} x {baseline}": speed["x"],
                            f"{kind} lo": speed["lo"], f"{kind} hi": speed["hi"]})
            rows.append(row)
    frame = pd.DataFrame(rows)
    order = {method: i for i, method in enumerate(dict.fromkeys(frame["method"]))}
    return frame.sort_values("method", key=lambda c: c.map(order), kind="stable", ignore_index=True)
