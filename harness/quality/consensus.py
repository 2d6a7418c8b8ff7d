"""Agreement without a reference: methods judged against each other.

Each method's runs (independent seeds) are pooled into one per-element summary: the average of the runs'
means and sds, with the MCSE of that average. A method is judged by ``agreement`` (the one z/MCSE rule with
Bonferroni control) against the pooled summary of the *other* methods in the consensus. Starting from all
methods, while any of them disagrees with the others, the one that disagrees most (largest z) leaves the
consensus; then every method, those that left included, is judged against the final consensus (for a
member, without itself). So one biased method cannot drag the others out with it, and a method that left
because of another's bias comes back. Two methods that disagree, with no third to side with either, both
disagree ("no majority").
"""
from __future__ import annotations

import math

import pandas as pd

from harness.quality.agreement import FAMILY_ALPHA, agreement


def pooled(summaries: list[dict]) -> dict:
    """Equal-weight average of independent runs' per-element summaries (mean, sd, mcse_mean, mcse_sd) over the
    elements every run has; the MCSE of an average of k independent estimates is sqrt(sum mcse^2) / k."""
    elements = set.intersection(*(set(s) for s in summaries)) if summaries else set()
    out = {}
    for name in sorted(elements):
        k = len(summaries)
        out[name] = {stat: sum(s[name][stat] for s in summaries) / k for stat in ("mean", "sd")}
        for mcse in ("mcse_mean", "mcse_sd"):
            out[name][mcse] = math.sqrt(sum((s[name].get(mcse) or 0.0) ** 2 for s in summaries)) / k
    return out


def _against_others(method: str, members: list[str], by_method: dict[str, dict], alpha: float) -> dict:
    others = [m for m in members if m != method]
    result = agreement(by_method[method], pooled([by_method[m] for m in others]), alpha)
    return {**result, "judged_against": others}


def consensus(runs_by_method: dict[str, list[dict]], alpha: float = FAMILY_ALPHA) -> pd.DataFrame:
    """One row per method (its runs' summaries pooled): ``agrees`` with the consensus of the others, ``max_z`` and
    where, the Bonferroni ``threshold`` it is held to, ``failures``, ``judged_against`` (the consensus methods) and
    ``in_consensus``. With one method there is nothing to judge against (``agrees`` is None)."""
    by_method = {m: pooled(runs) for m, runs in runs_by_method.items() if runs}
    members = list(by_method)
    if len(members) < 2:
        return pd.DataFrame([{"method": m, "agrees": None, "max_z": math.nan, "max_z_at": None, "threshold": math.nan,
                              "failures": [], "judged_against": [], "in_consensus": True} for m in members])
    while len(members) > 2:
        results = {m: _against_others(m, members, by_method, alpha) for m in members}
        if all(r["agrees"] for r in results.values()):
            break
        members.remove(max(results, key=lambda m: results[m]["max_z"]))
    rows = []
    no_majority = len(members) == 2 and not all(_against_others(m, members, by_method, alpha)["agrees"]
                                                 for m in members)
    for method in by_method:
        result = _against_others(method, members, by_method, alpha)
        agrees = result["agrees"] and not no_majority
        rows.append({"method": method, "agrees": agrees, "max_z": result["max_z"], "max_z_at": result["max_z_at"],
                     "threshold": result["threshold"],
                     "failures": result["failures"] + (["no majority: the two methods disagree"] if no_majority else []),
                     "judged_against": result["judged_against"], "in_consensus": method in members and agrees})
    return pd.DataFrame(rows)
