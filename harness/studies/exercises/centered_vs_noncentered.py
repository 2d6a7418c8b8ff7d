"""Exercise 21.5: centered vs non-centered eight schools — divergences, where they are, and the bias they bring.

Both parameterizations are fitted with each library's default NUTS (seed 42, 4 chains, twice the
scale's draws, as the exercise's 2,000). Where divergences concentrate: the share of divergent
transitions whose tau lies in the lowest quarter of the fit's own tau draws (the funnel's neck),
and the pair plot of log tau against theta[0] with divergent draws marked. Bias: each fit's
posterior mean of mu, tau and theta[0] against the reference posterior (results/inputs/reference), in
reference standard deviations and as a z score with the fit's Monte Carlo error, and the 5%
quantile of tau against the reference's (a funnel's bias is in the tail the sampler cannot reach). The backends
agree when both find the centered fit divergent and the non-centered one clean, and their
non-centered means agree within Monte Carlo error (``harness.quality.agreement.backends_agree``).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from harness.quality.agreement import backends_agree
from harness.studies.context import BACKEND_NUTS, StudyContext, StudyResult

PARAMETERIZATIONS = {"centered": "eight_schools-centered", "noncentered": "eight_schools-noncentered"}
COMPARED = ("mu", "tau", "theta[0]")


def element(draws: dict, name: str) -> np.ndarray:
    """Draws of ``mu`` / ``tau`` / ``theta[0]`` as (chain, draw)."""
    if "[" in name:
        base, index = name[:-1].split("[")
        return draws[base][..., int(index)]
    return draws[name]


def neck_share(tau: np.ndarray, diverging: np.ndarray) -> float:
    """Share of divergent draws whose tau is in the lowest quarter of all tau draws (NaN without any)."""
    if not diverging.any():
        return math.nan
    return float((tau[diverging] <= np.quantile(tau, 0.25)).mean())


def run(context: StudyContext) -> StudyResult:
    """Fit both parameterizations on both backends; divergences, their location, and bias vs the reference."""
    from harness.quality.reference import load_reference

    reference = load_reference("eight_schools-noncentered")["summary"]
    cells = [(posterior, BACKEND_NUTS[b], context.config(seed=42, draws=2 * context.scale.draws))
             for posterior in PARAMETERIZATIONS.values() for b in BACKEND_NUTS]
    fits = dict(zip([(k, b) for k in PARAMETERIZATIONS for b in BACKEND_NUTS], context.fit_many(cells)))
    rows, pairs = [], {}
    for (parameterization, backend), fit in fits.items():
        record = fit.record
        if not fit.ok:
            rows.append({"parameterization": parameterization, "backend": backend, "status": record.status})
            continue
        diverging = fit.stats.get("diverging", np.zeros(fit.draws["mu"].shape, dtype=bool))
        tau = fit.draws["tau"]
        pairs[(parameterization, backend)] = (tau, element(fit.draws, "theta[0]"), diverging)
        for name in COMPARED:
            summary, ref = record.summary[name], reference[name]
            rows.append({"parameterization": parameterization, "backend": backend, "parameter": name,
                         "divergences": record.divergences, "draws": int(diverging.size),
                         "divergent_share_in_tau_neck": neck_share(tau, diverging),
                         "ess_bulk_min": record.ess_bulk_min, "rhat_max": record.rhat_max,
                         "mean": summary["mean"], "sd": summary["sd"], "mcse_mean": summary["mcse_mean"],
                         "q05": summary["q05"], "reference_q05": ref["q05"], "reference_mean": ref["mean"], "bias_in_reference_sd": (summary["mean"] - ref["mean"]) / ref["sd"],
                         "bias_z": (summary["mean"] - ref["mean"]) / math.hypot(summary["mcse_mean"], ref["mcse_mean"])})
    table = pd.DataFrame(rows)
    return StudyResult(table=table, findings=findings(table), figure_data={"pairs": pairs})


def findings(table: pd.DataFrame) -> list[str]:
    """The exercise's answers in sentences, and whether the backends agree."""
    lines = []
    done = table.dropna(subset=["mean"]) if "mean" in table else table.iloc[0:0]
    for backend in BACKEND_NUTS:
        mine = done[done["backend"] == backend]
        centered, noncentered = (mine[mine["parameterization"] == k] for k in PARAMETERIZATIONS)
        if centered.empty or noncentered.empty:
            lines.append(f"{backend}: a fit did not finish; see the table.")
            continue
        c, n = centered.iloc[0], noncentered.iloc[0]
        tau = centered[centered["parameter"] == "tau"].iloc[0]
        lines.append(
            f"{backend}: centered {int(c.divergences)} divergences of {int(c.draws)} draws, "
            f"{c.divergent_share_in_tau_neck:.0%} of them with tau in its lowest quarter (the funnel's neck); "
            f"non-centered {int(n.divergences)}. Centered tau mean {tau['mean']:.2f} vs reference "
            f"{tau.reference_mean:.2f} ({tau.bias_in_reference_sd:+.2f} reference sd, z {tau.bias_z:+.1f}): "
            + ("biased beyond Monte Carlo error" if abs(tau.bias_z) > 3 else "within Monte Carlo error")
            + (f" (but R-hat {tau.rhat_max:.3f}: its MCSE is not to be trusted)" if tau.rhat_max >= 1.01 else "")
            + f"; 5% quantile of tau {tau.q05:.2f} vs reference {tau.reference_q05:.2f} (non-centered "
            f"{noncentered[noncentered['parameter'] == 'tau'].iloc[0].q05:.2f})"
            + (": the lower tail is missed — the sampler does not enter the funnel's neck."
               if tau.q05 > 1.5 * tau.reference_q05 else ": the lower tail is reached."))
    nc = done[done["parameterization"] == "noncentered"].pivot_table(index="parameter", columns="backend",
                                                                      values=["mean", "mcse_mean"])
    if len(nc.columns) == 4:
        test = backends_agree(nc["mean"]["pymc"], nc["mean"]["numpyro"], nc["mcse_mean"]["pymc"],
                              nc["mcse_mean"]["numpyro"])
        verdict = "agree within Monte Carlo error" if test["agrees"] else "DISAGREE beyond Monte Carlo error"
        lines.append(f"Non-centered posterior means of mu, tau, theta[0]: the backends {verdict} "
                     f"(largest |z| {test['max_z']:.1f}, Bonferroni threshold {test['threshold']:.2f}).")
    return lines
