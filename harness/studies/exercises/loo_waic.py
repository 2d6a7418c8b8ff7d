"""Exercise 21.14: PSIS-LOO and WAIC of complete pooling, no pooling and the hierarchical model of eight schools.

Each model is fitted with each library's own default NUTS (``pymc.default``, ``numpyro.nuts``;
4 chains x 1,000 draws = 4,000 at full scale) through the harness. The pointwise log-likelihood of
each fit's draws comes from the twin (harness/studies/predictive/loglik.py); PSIS-LOO from ArviZ 1, WAIC from
harness/studies/predictive/information_criteria.py (ArviZ 1 has none). The two backends agree on a model when their
elpd_loo differ by less than 3 Monte Carlo standard errors (each fit's MCSE of elpd_loo from the
spread of its per-chain estimates).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from harness.studies.predictive.information_criteria import loo, waic
from harness.studies.predictive.loglik import pointwise_log_likelihood
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
    for model in MODELS:
        both = [(model, b) for b in BACKEND_NUTS if (model, b) in log_liks]
        if len(both) < 2:
            findings.append(f"{model}: not compared across backends (a fit did not finish).")
            continue
        values = table.set_index(["model", "backend"])
        a, b = (values.loc[key] for key in both)
        delta = abs(a["elpd_loo"] - b["elpd_loo"])
        error = math.sqrt(mcse[both[0]] ** 2 + mcse[both[1]] ** 2)
        verdict = ("agree within Monte Carlo error" if delta <= 3 * error else
                   "DISAGREE beyond Monte Carlo error") if not math.isnan(error) else "no MCSE (one chain)"
        findings.append(f"{model}: elpd_loo pymc {a['elpd_loo']:.2f}, numpyro {b['elpd_loo']:.2f} "
                        f"(|difference| {delta:.2f}, MCSE {error:.2f}): {verdict}; WAIC {a['elpd_waic']:.2f} vs "
                        f"{b['elpd_waic']:.2f}; max Pareto k {a['max_pareto_k']:.2f} / {b['max_pareto_k']:.2f}.")
    return StudyResult(table=table, findings=findings, tables=tables, plot=lambda path: plot(table, path))


def plot(table: pd.DataFrame, path) -> None:
    """elpd_loo and elpd_waic with their SEs per model, the two backends side by side."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    done = table.dropna(subset=["elpd_loo"])
    fig, ax = plt.subplots(figsize=(7, 3.6))
    models = list(MODELS)
    for k, (backend, marker) in enumerate(zip(BACKEND_NUTS, ("o", "s"))):
        rows = done[done["backend"] == backend].set_index("model").reindex(models)
        x = np.arange(len(models)) + (k - 0.5) * 0.25
        ax.errorbar(x - 0.05, rows["elpd_loo"], yerr=rows["se_loo"], fmt=marker, capsize=3, label=f"LOO, {backend}")
        ax.errorbar(x + 0.05, rows["elpd_waic"], yerr=rows["se_waic"], fmt=marker, mfc="none", capsize=3,
                    label=f"WAIC, {backend}")
    ax.set_xticks(range(len(models)), models)
    ax.set_ylabel("expected log predictive density")
    ax.set_title("Eight schools (21.14): PSIS-LOO and WAIC, +-1 SE, both backends")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
