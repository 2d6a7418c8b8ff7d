"""Exercise 21.14: PSIS-LOO and WAIC of complete pooling, no pooling and the hierarchical model of eight schools.

Each model is fitted with each library's own default NUTS (``pymc.default``, ``numpyro.nuts``;
4 chains x 1,000 draws = 4,000 at full scale) through the harness. The pointwise log-likelihood of
each fit's draws comes from the twin (harness/studies/predictive/loglik.py); PSIS-LOO from ArviZ 1, WAIC from
harness/studies/predictive/information_criteria.py (ArviZ 1 has none). The two backends agree on a model when their
elpd_loo agree within Monte Carlo error (each fit's MCSE of elpd_loo from the spread of its
per-chain estimates; ``harness.quality.agreement.backends_agree``, Bonferroni over the models at 1%).

Where PSIS-LOO warns (Pareto k > 0.7; the no-pooling model, whose theta_i is informed by y_i alone) the
flagged schools are refitted exactly without them (harness/studies/predictive/exact_loo.py: the twins'
``holdout`` option, the same ``context.fit_many`` machinery and NUTS; written plainly rather than through
ArviZ's ``reloo``, see that module). The table keeps PSIS's value (``elpd_loo_psis``) beside the
corrected ``elpd_loo``, ``n_refit`` and ``method_of_correction``; the comparisons, the preference and the
backends' agreement use the corrected values (dse recomputed from the corrected pointwise elpd). WAIC stays
as computed, with its own warning (pointwise p_waic > 0.4) counted in ``n_p_waic_above_0_4``.
"""
from __future__ import annotations


import numpy as np
import pandas as pd

from harness.studies.predictive.exact_loo import LooTarget, corrected_loo, trust_sentence
from harness.studies.predictive.information_criteria import waic
from harness.studies.predictive.loglik import pointwise_log_likelihood
from harness.quality.agreement import backends_agree
from harness.studies.context import BACKEND_NUTS, StudyContext, StudyResult

MODELS = {"complete_pooling": "eight_schools-complete_pooling", "no_pooling": "eight_schools-no_pooling",
          "hierarchical": "eight_schools-noncentered"}
COLUMNS = ["model", "backend", "elpd_loo_psis", "se_loo_psis", "elpd_loo", "se_loo", "p_loo", "n_refit", "method_of_correction",
           "elpd_waic", "se_waic", "p_waic", "n_p_waic_above_0_4", "max_pareto_k", "n_k_above_0_7"]


def elpd_verdicts(labels: list[str], values: list[list[float]], mcses: list[list[float]]) -> list[str]:
    """Per label, ``"<label>: elpd_loo pymc .., numpyro .. (..): <verdict>"``: do the two backends' elpd_loo
    (``values`` and ``mcses``: [pymc's, numpyro's], one per label) agree within Monte Carlo error? One
    ``backends_agree`` test over the labels with an MCSE (Bonferroni over them)."""
    a, b = (np.asarray(v, dtype=float) for v in values)
    mcse_a, mcse_b = (np.asarray(m, dtype=float) for m in mcses)
    error = np.hypot(mcse_a, mcse_b)
    known = np.flatnonzero(~np.isnan(error))
    test = backends_agree(a[known], b[known], mcse_a[known], mcse_b[known])
    z = dict(zip(known, test["elements"]["z"]))
    agree = dict(zip(known, test["elements"]["agree"]))
    lines = []
    for i, label in enumerate(labels):
        verdict = ("no MCSE (one chain)" if i not in agree else
                   "agree within Monte Carlo error" if agree[i] else "DISAGREE beyond Monte Carlo error")
        test_text = f", z {z[i]:.2f}, threshold {test['threshold']:.2f}" if i in agree else ""
        lines.append(f"{label}: elpd_loo pymc {a[i]:.2f}, numpyro {b[i]:.2f} (|difference| {abs(a[i] - b[i]):.2f}, "
                     f"MCSE {error[i]:.2f}{test_text}): {verdict}")
    return lines


def comparison(log_liks: dict) -> pd.DataFrame:
    """ArviZ 1's ``compare`` of the models of one backend: rank, elpd, differences, dse, weights. Each value is a
    (chain, draw, observation) log-likelihood (PSIS-LOO computed here) or an ArviZ ``ELPDData`` (e.g. the
    corrected LOO of ``exact_loo.corrected_loo``, whose pointwise elpd then gives dse and the weights)."""
    import arviz as az

    trees = {name: ll if not isinstance(ll, np.ndarray) else
             az.from_dict({"posterior": {"_": np.zeros(ll.shape[:2])}, "log_likelihood": {"y": ll}})
             for name, ll in log_liks.items()}
    table = az.compare(trees, round_to="none").reset_index().rename(columns={"index": "model"})
    return table[["model", "rank", "elpd", "se", "elpd_diff", "dse", "p", "weight"]]


def no_pooling_exact_loo(data: dict) -> float:
    """The no-pooling model's exact leave-one-out elpd: without y_i, theta_i ~ N(0, 20), so
    elpd_i = log N(y_i | 0, sqrt(20^2 + sigma_i^2))."""
    from scipy.stats import norm

    return float(norm.logpdf(data["y"], 0.0, np.sqrt(20.0 ** 2 + data["sigma"] ** 2)).sum())


def run(context: StudyContext) -> StudyResult:
    """Fit the three models on both backends; LOO (refitting where PSIS warns) and WAIC per fit; comparisons;
    agreement."""
    from models import catalog

    cells = [(posterior, BACKEND_NUTS[backend], context.config())
             for posterior in MODELS.values() for backend in BACKEND_NUTS]
    fits = iter(context.fit_many(cells))
    rows, log_liks = {}, {}
    for model, posterior in MODELS.items():
        entry = catalog.get(posterior)
        data = entry.load_data()
        for backend in BACKEND_NUTS:
            fit = next(fits)
            if not fit.ok:
                rows[(model, backend)] = {"model": model, "backend": backend, "status": fit.record.status}
                continue
            log_liks[(model, backend)] = pointwise_log_likelihood(entry, fit.draws, data)
    loos = corrected_loo(context, {(m, b): LooTarget(MODELS[m], b, ll) for (m, b), ll in log_liks.items()})
    for (model, backend), log_lik in log_liks.items():
        result = loos[(model, backend)]
        rows[(model, backend)] = {"model": model, "backend": backend,
                                  **{k: v for k, v in result.items() if np.isscalar(v)},
                                  **{k: v for k, v in waic(log_lik).items() if np.isscalar(v)}}
    table = pd.DataFrame([rows[key] for key in ((m, b) for m in MODELS for b in BACKEND_NUTS) if key in rows])
    table = table[[c for c in COLUMNS if c in table] + [c for c in table if c not in COLUMNS and c != "elpd_mcse"]]
    findings, tables = [], {}
    for backend in BACKEND_NUTS:
        mine = {model: loos[(model, b)]["elpd_data"] for (model, b) in loos if b == backend}
        psis = {model: ll for (model, b), ll in log_liks.items() if b == backend}
        if len(mine) == len(MODELS):
            compared = comparison(mine)
            tables[f"LOO comparison, corrected (exact refits where Pareto k > 0.7), {backend}"] = compared
            tables[f"PSIS-LOO comparison, {backend}"] = comparison(psis)
            best = compared.iloc[0]
            psis_best = tables[f"PSIS-LOO comparison, {backend}"].iloc[0].model
            others = "; ".join(f"{r.model} {r.elpd_diff:.2f} (dse {r.dse:.2f})" for r in compared.iloc[1:].itertuples())
            findings.append(f"{backend}: best by corrected LOO is {best.model} (elpd_loo {best.elpd:.2f}); "
                            f"the others' difference: {others}; "
                            + ("the same model PSIS-LOO alone ranked first." if psis_best == best.model else
                               f"the preference CHANGED: PSIS-LOO alone ranked {psis_best} first."))
    compared = [model for model in MODELS if all((model, b) in loos for b in BACKEND_NUTS)]
    verdicts = dict(zip(compared, elpd_verdicts(
        compared, [[loos[(m, b)]["elpd_loo"] for m in compared] for b in BACKEND_NUTS],
        [[loos[(m, b)]["elpd_mcse"] for m in compared] for b in BACKEND_NUTS])))
    values = table.set_index(["model", "backend"]) if len(table) else table
    for model in MODELS:
        if model not in verdicts:
            findings.append(f"{model}: not compared across backends (a fit did not finish).")
            continue
        a, b = (values.loc[(model, backend)] for backend in BACKEND_NUTS)
        waic_warning = ("; WAIC warns (pointwise p_waic > 0.4 at " + " / ".join(
            str(int(r["n_p_waic_above_0_4"])) for r in (a, b)) + " observations)") \
            if max(a["n_p_waic_above_0_4"], b["n_p_waic_above_0_4"]) > 0 else ""
        findings.append(f"{verdicts[model]}; PSIS-LOO {a['elpd_loo_psis']:.2f} vs {b['elpd_loo_psis']:.2f}; WAIC "
                        f"{a['elpd_waic']:.2f} vs {b['elpd_waic']:.2f}{waic_warning}; max Pareto k "
                        f"{a['max_pareto_k']:.2f} / {b['max_pareto_k']:.2f}.")
    for (model, backend), result in loos.items():
        findings.append(trust_sentence(f"{model} [{backend}]", result))
    if any(m == "no_pooling" for m, _ in loos):
        exact = no_pooling_exact_loo(catalog.get(MODELS["no_pooling"]).load_data())
        findings.append(f"no_pooling check: its exact leave-one-out elpd is known in closed form, sum_i log N(y_i | 0, "
                        f"sqrt(20^2 + sigma_i^2)) = {exact:.2f} (theta_i falls back to its prior); corrected "
                        + " / ".join(f"{loos[('no_pooling', b)]['elpd_loo']:.2f}" for b in BACKEND_NUTS
                                     if ("no_pooling", b) in loos)
                        + ", PSIS " + " / ".join(f"{loos[('no_pooling', b)]['elpd_loo_psis']:.2f}" for b in BACKEND_NUTS
                                                 if ("no_pooling", b) in loos)
                        + ": the refits close part of PSIS's optimism; the rest is PSIS's error at the schools the "
                          "k > 0.7 rule leaves to it (k <= 0.7), plus Monte Carlo error.")
    return StudyResult(table=table, findings=findings, tables=tables)
