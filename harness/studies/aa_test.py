"""The A/A test of the verdict rule: a method compared with itself must come out "tie".

For each method and posterior, the runs of seeds ``first`` (e.g. 0-4) and of ``second`` (e.g.
5-9) are two cells of the same method; the verdict rule of the comparison layer (ratio interval
outside the equivalence band) is applied between them. The false-verdict rate is the share of
posteriors where the rule says they differ.

Power: the same pairs with the second cell's ESS/s divided by a factor r (a method r times
slower in every run, the timing noise kept as measured); the smallest r the rule detects in at
least 80% of posteriors is the ratio it resolves reliably with that many seeds. Dividing ESS/s
stands in for slowing a gradient by r: both scale the sampling time of every run by r.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from harness.compare.cells import EQUIVALENCE_FACTOR, differs, group_cells, ratio_interval
from harness.records.schema import RunRecord

POWER_FACTORS = (1.1, 1.2, 1.3, 1.5, 1.75, 2.0, 3.0)
RELIABLE = 0.8


def split_by_seed(records: list[RunRecord], first: set[int], second: set[int]) -> tuple[list, list]:
    """The records whose seed is in ``first``, and those whose seed is in ``second``."""
    return ([r for r in records if r.config.get("seed") in first],
            [r for r in records if r.config.get("seed") in second])


def aa_pairs(records: list[RunRecord], first: set[int], second: set[int]) -> pd.DataFrame:
    """One row per method x posterior with both seed sets run: the ESS/s values of each set."""
    a, b = split_by_seed(records, first, second)
    cells_a = {(c.posterior, c.method): c for c in group_cells(a)}
    cells_b = {(c.posterior, c.method): c for c in group_cells(b)}
    rows = []
    for key in cells_a.keys() & cells_b.keys():
        rows.append({"posterior": key[0], "method": key[1],
                     "ess_per_sec_a": cells_a[key].values("ess_per_sec"),
                     "ess_per_sec_b": cells_b[key].values("ess_per_sec")})
    columns = ["posterior", "method", "ess_per_sec_a", "ess_per_sec_b"]
    return pd.DataFrame(rows, columns=columns).sort_values(["method", "posterior"]).reset_index(drop=True)


def judge(pairs: pd.DataFrame, slowdown: float = 1.0, factor: float = EQUIVALENCE_FACTOR) -> pd.DataFrame:
    """The verdict between the two sets of each pair, set B's ESS/s divided by ``slowdown``."""
    rows = []
    for row in pairs.itertuples():
        b = np.asarray(row.ess_per_sec_b, dtype=float) / slowdown
        ratio, low, high = ratio_interval(row.ess_per_sec_a, b)
        rows.append({"posterior": row.posterior, "method": row.method, "slowdown": slowdown,
                     "seeds_a": len(row.ess_per_sec_a), "seeds_b": len(b), "ratio": ratio, "ratio_lo": low,
                     "ratio_hi": high, "verdict": ("undecided" if math.isnan(low) else
                                                   "differ" if differs(low, high, factor) else "tie")})
    return pd.DataFrame(rows)


def aa_study(records: list[RunRecord], first: set[int], second: set[int],
             factor: float = EQUIVALENCE_FACTOR) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per pair A/A verdicts, per method: tie rate and detection rate at each planted slowdown).

    ValueError when no method x posterior has runs of both seed sets.
    """
    pairs = aa_pairs(records, first, second)
    if pairs.empty:
        raise ValueError("no method x posterior has runs of both seed sets yet")
    verdict_rows = judge(pairs, 1.0, factor)
    power = pd.concat([judge(pairs, r, factor) for r in POWER_FACTORS], ignore_index=True)
    summary = []
    for method, group in verdict_rows.groupby("method"):
        group = group[group["verdict"] != "undecided"]  # fewer than 2 seeds on a side: no interval yet
        row = {"method": method, "posteriors": len(group), "ties": int((group["verdict"] == "tie").sum())}
        row["tie rate"] = row["ties"] / row["posteriors"] if row["posteriors"] else math.nan
        planted = power[(power["method"] == method) & power["posterior"].isin(group["posterior"])]
        for r in POWER_FACTORS:
            row[f"detects {r}x"] = float((planted[planted["slowdown"] == r]["verdict"] == "differ").mean())
        reliable = [r for r in POWER_FACTORS if row[f"detects {r}x"] >= RELIABLE]
        row["smallest reliably detected"] = min(reliable) if reliable else None
        summary.append(row)
    return verdict_rows, pd.DataFrame(summary)
