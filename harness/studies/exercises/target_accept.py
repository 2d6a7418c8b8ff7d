"""Exercise 21.6: target_accept 0.65-0.99 on non-centered eight schools, both backends, several seeds.

Per run: divergences, minimum bulk ESS, sampling seconds, gradient evaluations and final step
size; per setting the median over seeds. The sweet spot is the setting with the highest median
ESS per second of sampling among those with no divergences in most seeds; each backend picks
its own, and the two agree when they pick the same one.
"""
from __future__ import annotations

import pandas as pd

from harness.studies.context import BACKEND_NUTS, StudyContext, StudyResult

POSTERIOR = "eight_schools-noncentered"
TARGETS = [0.65, 0.80, 0.90, 0.95, 0.99]
TINY_TARGETS = [0.80, 0.99]  # the tiny scale (make test) runs the default and the extreme


def sweet_spot(summary: pd.DataFrame) -> float | None:
    """The target_accept with the highest median ESS/s among settings whose median divergences is 0."""
    clean = summary[summary["divergences"] == 0]
    return None if clean.empty else float(clean.loc[clean["ess_per_sec"].idxmax(), "target_accept"])


def run(context: StudyContext) -> StudyResult:
    """Every target x backend x seed through the harness; the table, the summary and the sweet spots."""
    targets = TINY_TARGETS if context.scale.name == "tiny" else TARGETS
    # seed-major: each seed's settings run back to back, so a slow spell of the machine hits them alike
    cells = [(POSTERIOR, BACKEND_NUTS[b], context.config(seed=s, target_accept=t))
             for s in range(context.scale.seeds) for t in targets for b in BACKEND_NUTS]
    rows = []
    for (_, method, config), fit in zip(cells, context.fit_many(cells)):
        record = fit.record
        backend = next(b for b, m in BACKEND_NUTS.items() if m == method)
        row = {"backend": backend, "target_accept": config.target_accept, "seed": config.seed,
               "status": record.status}
        if record.ok:
            row.update(divergences=record.divergences, min_ess_bulk=record.ess_bulk_min,
                       sampling_seconds=record.timings.get("sampling"), ess_per_sec=record.ess_per_sec,
                       grad_evals_sampling=record.grad_evals_sampling, step_size=record.step_size,
                       rhat_max=record.rhat_max)
        rows.append(row)
    table = pd.DataFrame(rows)
    summary = (table.groupby(["backend", "target_accept"], as_index=False)
               [["divergences", "min_ess_bulk", "sampling_seconds", "ess_per_sec", "grad_evals_sampling", "step_size"]]
               .median())
    findings, spots = [], {}
    for backend, group in summary.groupby("backend", sort=False):
        spots[backend] = sweet_spot(group)
        top, low = group.iloc[-1], group.iloc[0]
        findings.append(
            f"{backend}: sweet spot target_accept {spots[backend]} (highest median ESS/s with no divergences); "
            f"from {low.target_accept} to {top.target_accept} the step size falls {low.step_size:.3f} -> "
            f"{top.step_size:.3f}, gradients per sampling phase rise {low.grad_evals_sampling:.0f} -> "
            f"{top.grad_evals_sampling:.0f}, median divergences {low.divergences:.0f} -> {top.divergences:.0f}.")
    if len(set(spots.values())) == 1:
        findings.append(f"Both backends pick target_accept {next(iter(spots.values()))}.")
    else:
        findings.append("The backends pick different sweet spots: " + ", ".join(f"{b} {v}" for b, v in spots.items())
                        + " (ESS/s of neighbouring settings is often within seed-to-seed noise).")
    return StudyResult(table=table, findings=findings, tables={"Median over seeds": summary})
