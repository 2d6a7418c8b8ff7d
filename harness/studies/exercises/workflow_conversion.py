"""Exercise 21.8 (b)-(e): the Bayesian workflow on five landing pages' conversions, both backends.

(b) the hierarchical Beta-Binomial (conversion_pages-hierarchical) fitted with each library's
default NUTS; (c) its diagnostics (``run_full_diagnostics`` of the diagnostics study); (d) a
posterior predictive check: replicated conversions per page (harness/studies/predictive/posterior_predictive.py) and the
mean and variance of counts across pages against the observed ones, with posterior predictive
p-values P(T(y_rep) >= T(y)); (e) PSIS-LOO of the hierarchical against the no-pooling model
(conversion_pages-no_pooling, theta_j ~ Beta(2, 20)). Part (a), the prior predictive check, is the
prior_predictive study. Backends agree when their posterior means of every theta_j agree within
Monte Carlo error (``harness.quality.agreement.backends_agree``) and their LOO preferences match.

(e) Every page is highly influential (Pareto k > 0.7 on most or all of the 5 pages), so PSIS-LOO alone cannot
be trusted here: each flagged page is refitted exactly without it (harness/studies/predictive/exact_loo.py: the
twins' ``holdout`` option through ``context.fit_many`` with the same default NUTS; plain code rather than
ArviZ's ``reloo``, which samples in-process one refit after another — see that module). The comparison,
its dse and the preference use the corrected pointwise elpd; where more than half the pages are flagged, every
page is refitted (brute-force LOO): at full scale PSIS was off by up to 2 nats even at a page with k 0.67; the PSIS values stay beside them in the table
``(e) LOO per model``.
"""
from __future__ import annotations


import numpy as np
import pandas as pd

from harness.studies.predictive.exact_loo import LooTarget, corrected_loo, trust_sentence
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
    loos = corrected_loo(context, {key: LooTarget(MODELS[key[0]], key[1], ll) for key, ll in log_liks.items()})
    if loos:
        loo_frame = pd.DataFrame(
            [{"backend": b, "check": f"(e) LOO of {m}", "model": m, "elpd_loo_psis": r["elpd_loo_psis"],
              "elpd_loo": r["elpd_loo"], "se_loo": r["se_loo"], "p_loo": r["p_loo"], "max_pareto_k": r["max_pareto_k"],
              "n_k_above_0_7": r["n_k_above_0_7"], "n_refit": r["n_refit"],
              "method_of_correction": r["method_of_correction"]} for (m, b), r in loos.items()])
        tables["(e) LOO per model: PSIS and corrected (exact refits where Pareto k > 0.7)"] = \
            loo_frame.drop(columns="check")
        table = pd.concat([table, loo_frame.drop(columns="model")], ignore_index=True)
    for backend in BACKEND_NUTS:
        if not all((m, backend) in loos for m in MODELS):
            continue
        preferences = {}
        for kind, pair in (("PSIS-LOO", {m: log_liks[(m, backend)] for m in MODELS}),
                           ("corrected LOO", {m: loos[(m, backend)]["elpd_data"] for m in MODELS})):
            compared = comparison(pair)
            tables[f"(e) {kind}, {backend}"] = compared
            best, other = compared.iloc[0], compared.iloc[1]
            clear = abs(other.elpd_diff) > 2 * other.dse
            preferences[kind] = (best.model if clear else None, best, other, clear)
        best_model, best, other, clear = preferences["corrected LOO"]
        psis_model = preferences["PSIS-LOO"][0]
        worst_k = max(loos[(m, backend)]["max_pareto_k"] for m in MODELS)
        refits = sum(loos[(m, backend)]["n_refit"] for m in MODELS)
        psis_leader = preferences["PSIS-LOO"][1].model
        change = (("the same verdict as PSIS-LOO alone" + ("" if psis_leader == best.model else
                   f", but the leader CHANGED: PSIS-LOO alone had {psis_leader} ahead"))
                  if best_model == psis_model else
                  "the verdict CHANGED from PSIS-LOO alone ("
                  + (f"prefers {psis_model}" if psis_model else "no clear preference") + ")")
        verdict = f"prefers {best.model}" if clear else f"shows no clear preference ({best.model} ahead by less than 2 SE)"
        findings.append(f"(e) {backend}: corrected LOO {verdict}"
                        + f" (elpd_loo {best.elpd:.2f} vs {other.elpd:.2f}, difference {abs(other.elpd_diff):.2f}"
                        f" +- {other.dse:.2f}); max Pareto k {worst_k:.2f}, so PSIS-LOO was unreliable and {refits} "
                        f"page(s) were refitted exactly; {change}.")
    for (model, backend), result in loos.items():
        findings.append("(e) " + trust_sentence(f"{model} [{backend}]", result))
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
