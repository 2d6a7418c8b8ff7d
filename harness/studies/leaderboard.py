"""The leaderboard: every posterior x every NUTS-family method x 5 seeds, judged by the comparison layer.

``leaderboard_frames(records, suite_specs)`` returns three tidy frames: the cells (medians with
95% intervals; cells not yet run are rows with ``status`` "missing", never estimated), the
per-posterior verdicts, and a one-line summary per method: the geometric mean over posteriors of
its median ESS/s ratio to ``pymc.default`` with a bootstrap interval (posteriors resampled), and
the number of posteriors it wins (fastest, mixed), as the nutpie paper reports against Stan.

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

from harness.compare.cells import CONFIDENCE, EQUIVALENCE_FACTOR, RESAMPLES, cell_table, verdicts
from harness.records.schema import RunRecord

BASELINE = "pymc.default"
LARGE_DATA = 10_000
LIMIT_TARGET = 1.5


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


def method_summary(verdict_frame: pd.DataFrame, cells: pd.DataFrame, baseline: str = BASELINE) -> pd.DataFrame:
    """Per method: geometric-mean ESS/s ratio to ``baseline`` over the posteriors both ran, and wins."""
    measured = cells[cells["status"] == "measured"].set_index(["posterior", "method"])["ess_per_sec"]
    rows = []
    rng = np.random.default_rng(0)
    for method in cells["method"].unique():
        ratios = []
        for posterior in cells["posterior"].unique():
            if (posterior, method) in measured.index and (posterior, baseline) in measured.index:
                mine, base = measured[(posterior, method)], measured[(posterior, baseline)]
                if mine > 0 and base > 0:
                    ratios.append(math.log(mine / base))
        row = {"method": method, "posteriors compared": len(ratios),
               "geomean ratio to " + baseline: math.exp(np.mean(ratios)) if ratios else math.nan,
               "lo": math.nan, "hi": math.nan}
        if len(ratios) >= 2 and np.ptp(ratios) > 0:
            result = stats.bootstrap((np.asarray(ratios),), np.mean, confidence_level=CONFIDENCE,
                                     n_resamples=RESAMPLES, method="percentile", rng=rng)
            row["lo"], row["hi"] = math.exp(result.confidence_interval.low), math.exp(result.confidence_interval.high)
        mine = verdict_frame[verdict_frame["method"] == method]
        row["wins"] = int((mine["verdict"] == "fastest").sum())
        row["ties with the fastest"] = int((mine["verdict"] == "tie").sum())
        row["unmixed"] = int((mine["verdict"] == "unmixed").sum())
        rows.append(row)
    return pd.DataFrame(rows)


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
                       ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(cells over the whole grid, verdicts per posterior, summary per method); ``floors``: gradbench."""
    records = [r for r in records if r.posterior in posteriors and r.method in methods]
    cells = cells_with_missing(records, posteriors, methods, floors)
    verdict_frame = verdicts(records, factor) if records else pd.DataFrame(
        columns=["posterior", "method", "verdict", "ratio", "ratio_lo", "ratio_hi", "fastest"])
    return cells, verdict_frame, method_summary(verdict_frame, cells)
