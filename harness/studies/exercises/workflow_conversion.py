"""Exercise 21.8 (b)-(e): the Bayesian workflow on five landing pages' conversions, both backends.

(b) the hierarchical Beta-Binomial (conversion_pages-hierarchical) fitted with each library's
default NUTS; (c) its diagnostics (``run_full_diagnostics`` of the diagnostics study); (d) a
posterior predictive check: replicated conversions per page (harness/studies/predictive/posterior_predictive.py) and the
mean and variance of counts across pages against the observed ones, with posterior predictive
p-values P(T(y_rep) >= T(y)); (e) PSIS-LOO of the hierarchical against the no-pooling model
(conversion_pages-no_pooling, theta_j ~ Beta(2, 20)). Part (a), the prior predictive check, is the
prior_predictive study. Backends agree when their posterior means of every theta_j agree within
Monte Carlo error (``harness.quality.agreement.backends_agree``) and their LOO preferences match.
"""
from __future__ import annotations


import numpy as np
import pandas as pd

from harness.studies.predictive.information_criteria import loo
from harness.studies.predictive.loglik import pointwise_log_likelihood
from harness.studies.predictive.posterior_predictive import posterior_predictive
from harness.quality.agreement import backends_agree
from harness.studies.context import BACKEND_NUTS, StudyContext, StudyResult
from harness.studies.exercises.diagnostics import run_full_diagnostics
from harness.studies.exercises.loo_waic import comparison

MODELS = {"hierarchical": "conversion_pages-hierarchical", "no_pooling": "conversion_pages-no_pooling"}
STATISTICS = {"mean": np.mean, "variance": lambda y, axis=-1: np.var(y, axis=axis, ddof=1)}


def ppc_rows(posterior, draws: dict, data: dict, backend: str) -> list[dict]:
    """The observed statistic, its replicated distribution's mean and 94% interval, and the p-value."""
    replicated = posterior_predictive(posterior, draws, data).reshape(-1, len(data["y"]))
    rows = []
    for name, statistic in STATISTICS.items():
        observed = float(statistic(data["y"], axis=-1))
        values = statistic(replicated, axis=-1)
        rows.append({"backend": backend, "check": f"posterior predictive {name} of counts", "observed": observed,
                     "replicated_mean": float(values.mean()), "replicated_q03": float(np.quantile(values, 0.03)),
                     "replicated_q97": float(np.quantile(values, 0.97)),
                     "p_value": float((values >= observed).mean())})
    return rows


def run(context: StudyContext) -> StudyResult:
    """Fit both models on both backends; diagnostics, posterior predictive check, LOO comparison."""
    from models import catalog

    cells = [(posterior, BACKEND_NUTS[b], context.config()) for posterior in MODELS.values() for b in BACKEND_NUTS]
    fits = dict(zip([(m, b) for m in MODELS for b in BACKEND_NUTS], context.fit_many(cells)))
    entry = catalog.get(MODELS["hierarchical"])
    data = entry.load_data()
    rows, diagnostics, estimates, log_liks = [], [], [], {}
    for (model, backend), fit in fits.items():
        if not fit.ok:
            rows.append({"backend": backend, "check": f"{model} fit", "status": fit.record.status})
            continue
        model_entry = catalog.get(MODELS[model])
        log_liks[(model, backend)] = pointwise_log_likelihood(model_entry, fit.draws, model_entry.load_data())
        if model != "hierarchical":
            continue
        diagnostics.append(run_full_diagnostics(fit.record).assign(backend=backend))
        rows += ppc_rows(entry, fit.draws, data, backend)
        for j, page in enumerate("ABCDE"):
            summary = fit.record.summary[f"theta[{j}]"]
            estimates.append({"backend": backend, "page": page, "visitors": int(data["n"][j]),
                              "raw_rate": data["y"][j] / data["n"][j], "posterior_mean": summary["mean"],
                              "mcse_mean": summary["mcse_mean"], "q05": summary["q05"], "q95": summary["q95"]})
    table = pd.DataFrame(rows)
    tables = {}
    if diagnostics:
        tables["(c) Diagnostics of the hierarchical fit"] = pd.concat(diagnostics, ignore_index=True)
    estimates = pd.DataFrame(estimates)
    if len(estimates):
        tables["(b) Conversion rate per page"] = estimates
    findings = []
    for backend in BACKEND_NUTS:
        pair = {m: log_liks.get((m, backend)) for m in MODELS}
        if all(v is not None for v in pair.values()):
            compared = comparison(pair)
            tables[f"(e) PSIS-LOO, {backend}"] = compared
            best, other = compared.iloc[0], compared.iloc[1]
            worst_k = max(loo(v)["max_pareto_k"] for v in pair.values())
            clear = abs(other.elpd_diff) > 2 * other.dse
            findings.append(f"(e) {backend}: " + (f"LOO prefers {best.model}" if clear else
                                                  f"no clear preference ({best.model} ahead by less than 2 SE)")
                            + f" (elpd_loo {best.elpd:.2f} vs {other.elpd:.2f}, difference {abs(other.elpd_diff):.2f}"
                            f" +- {other.dse:.2f}); max Pareto k {worst_k:.2f}"
                            + (" > 0.7: PSIS-LOO is unreliable here (each of 5 pages is highly influential)."
                               if worst_k > 0.7 else "."))
    if len(table) and "p_value" in table:
        for row in table.dropna(subset=["p_value"]).itertuples():
            findings.append(f"(d) {row.backend}: observed {row.check.split()[-3]} {row.observed:.1f} vs replicated "
                            f"{row.replicated_mean:.1f} [{row.replicated_q03:.1f}, {row.replicated_q97:.1f}], "
                            f"p = {row.p_value:.2f}" + (" — the model reproduces it." if 0.05 < row.p_value < 0.95
                                                        else " — a misfit."))
    if len(estimates) and estimates["backend"].nunique() == 2:
        wide = estimates.pivot(index="page", columns="backend", values=["posterior_mean", "mcse_mean"])
        test = backends_agree(wide["posterior_mean"]["pymc"], wide["posterior_mean"]["numpyro"],
                              wide["mcse_mean"]["pymc"], wide["mcse_mean"]["numpyro"])
        shift = estimates.groupby("page").agg(raw=("raw_rate", "first"), posterior=("posterior_mean", "mean"),
                                              visitors=("visitors", "first"))
        moved = (shift["posterior"] - shift["raw"]).abs().idxmax()
        findings.append(f"(b) the backends' page rates {'agree' if test['agrees'] else 'DISAGREE'} within Monte "
                        f"Carlo error (largest |z| {test['max_z']:.1f}, Bonferroni threshold "
                        f"{test['threshold']:.2f}); page {moved} ({shift.visitors[moved]} "
                        f"visitors) moves most toward the population: raw {shift.raw[moved]:.3f} -> "
                        f"{shift.posterior[moved]:.3f}.")
    if diagnostics:
        failed = tables["(c) Diagnostics of the hierarchical fit"].query("not passed")
        findings.append("(c) every diagnostic passes on both backends." if failed.empty else
                        "(c) FAILS: " + "; ".join(f"{r.backend} {r.check}" for r in failed.itertuples()))
    findings.append("(a) the prior predictive check is the prior_predictive study (twinbench study prior_predictive).")
    return StudyResult(table=table, findings=findings, tables=tables, figure_data={"estimates": estimates})
