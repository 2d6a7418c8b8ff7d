"""Exercise 21.14: PSIS-LOO and WAIC of complete pooling, no pooling and the hierarchical model of eight schools.

Each model is fitted with each library's own default NUTS (``pymc.default``, ``numpyro.nuts``;
4 chains x 1,000 draws = 4,000 at full scale) through the harness. The pointwise log-likelihood of
each fit's draws comes from the twin (harness/studies/predictive/loglik.py); PSIS-LOO from ArviZ 1, WAIC from
harness/studies/predictive/information_criteria.py (ArviZ 1 has none). The two backends agree on a model when their
elpd_loo agree within Monte Carlo error (each fit's MCSE of elpd_loo from the spread of its
per-chain estimates; ``harness.quality.agreement.backends_agree``, Bonferroni over the models at 1%).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from harness.studies.predictive.information_criteria import loo, waic
from harness.studies.predictive.loglik import pointwise_log_likelihood
from harness.quality.agreement import backends_agree
from harness.studies.context import BACKEND_NUTS, StudyContext, StudyResult

MODELS = {"complete_pooling": "eight_schools-complete_pooling", "no_pooling": "eight_schools-no_pooling",
          "hierarchical": "eight_schools-noncentered"}
COLUMNS = ["model", "backend", "elpd_loo", "se_loo", "p_loo", "elpd_waic", "se_waic", "p_waic", "max_pareto_k",
           "n_k_above_0_7"]


def elpd_mcse(log_lik: np.ndarray) -> float:
    """Monte Carlo SE of elpd_loo: spread of per-chain estimates over sqrt(chains) (NaN with one chain)."""
    if log_lik.shape[0] < 2:
        return math.nan
    per_chain = [loo(log_lik[c:c + 1])["elpd_loo"] for c in range(log_lik.shape[0])]
    return float(np.std(per_chain, ddof=1) / math.sqrt(len(per_chain)))


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


def comparison(log_liks: dict[str, np.ndarray]) -> pd.DataFrame:
    """ArviZ 1's ``compare`` of the models of one backend: rank, elpd, differences, dse, weights."""
    import arviz as az

    trees = {name: az.from_dict({"posterior": {"_": np.zeros(ll.shape[:2])}, "log_likelihood": {"y": ll}})
             for name, ll in log_liks.items()}
    table = az.compare(trees, round_to="none").reset_index().rename(columns={"index": "model"})
    return table[["model", "rank", "elpd", "se", "elpd_diff", "dse", "p", "weight"]]


def run(context: StudyContext) -> StudyResult:
    """Fit the three models on both backends; LOO and WAIC per fit; comparisons; agreement."""
    from models import catalog

    cells = [(posterior, BACKEND_NUTS[backend], context.config())
             for posterior in MODELS.values() for backend in BACKEND_NUTS]
    fits = iter(context.fit_many(cells))
    rows, log_liks, mcse = [], {}, {}
    for model, posterior in MODELS.items():
        entry = catalog.get(posterior)
        data = entry.load_data()
        for backend in BACKEND_NUTS:
            fit = next(fits)
            if not fit.ok:
                rows.append({"model": model, "backend": backend, "status": fit.record.status})
                continue
            log_lik = pointwise_log_likelihood(entry, fit.draws, data)
            log_liks[(model, backend)] = log_lik
            mcse[(model, backend)] = elpd_mcse(log_lik)
            row = {"model": model, "backend": backend, **{k: v for k, v in loo(log_lik).items() if np.isscalar(v)},
                   **{k: v for k, v in waic(log_lik).items() if np.isscalar(v)}}
            rows.append(row)
    table = pd.DataFrame(rows)
    table = table[[c for c in COLUMNS if c in table] + [c for c in table if c not in COLUMNS]]
    findings, tables = [], {}
    for backend in BACKEND_NUTS:
        mine = {model: ll for (model, b), ll in log_liks.items() if b == backend}
        if len(mine) == len(MODELS):
            compared = comparison(mine)
            tables[f"PSIS-LOO comparison, {backend}"] = compared
            best = compared.iloc[0]
            others = "; ".join(f"{r.model} {r.elpd_diff:.2f} (dse {r.dse:.2f})" for r in compared.iloc[1:].itertuples())
            findings.append(f"{backend}: best by PSIS-LOO is {best.model} (elpd_loo {best.elpd:.2f}); "
                            f"the others' difference: {others}.")
    compared = [model for model in MODELS if all((model, b) in log_liks for b in BACKEND_NUTS)]
    values = table.set_index(["model", "backend"]) if len(table) else table
    verdicts = dict(zip(compared, elpd_verdicts(
        compared, [[values.loc[(m, b), "elpd_loo"] for m in compared] for b in BACKEND_NUTS],
        [[mcse[(m, b)] for m in compared] for b in BACKEND_NUTS])))
    for model in MODELS:
        if model not in verdicts:
            findings.append(f"{model}: not compared across backends (a fit did not finish).")
            continue
        a, b = (values.loc[(model, backend)] for backend in BACKEND_NUTS)
        findings.append(f"{verdicts[model]}; WAIC {a['elpd_waic']:.2f} vs {b['elpd_waic']:.2f}; max Pareto k "
                        f"{a['max_pareto_k']:.2f} / {b['max_pareto_k']:.2f}.")
    return StudyResult(table=table, findings=findings, tables=tables)
