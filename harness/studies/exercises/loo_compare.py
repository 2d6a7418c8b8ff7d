"""Exercises 21.12, 21.13, 21.15 and 21.26: PSIS-LOO comparisons of each exercise's model set.

Every model is fitted with each library's own default NUTS (``pymc.default``, ``numpyro.nuts``)
through the harness. Per fit: divergences, minimum bulk ESS, ESS per sampling second, maximum
R-hat and wall time (the record's ``total``: compile, warm-up and sampling). PSIS-LOO (ArviZ 1)
comes from the NumPyro twin's pointwise log-likelihood of the fit's draws (harness/studies/predictive/loglik.py),
corrected where Pareto k > 0.7 (``harness.studies.predictive.exact_loo``: exact refits, or K-fold when more than
20 would be needed, as for StreamRec's Beta-Binomials); the table keeps PSIS's value (``elpd_loo_psis``) beside
the corrected ``elpd_loo``. Each set is compared per backend on the corrected values with ArviZ 1's ``compare``
(``harness.studies.exercises.loo_waic.comparison``: elpd, se, elpd difference to the best (0 for the best,
negative for the others), dse, stacking weights; Pareto k per model). A difference is clear when it exceeds both 2 dse and 4 (below 4 the models
predict alike and dse is unreliable: Sivula, Magnusson, Matamoros & Vehtari 2022). A model whose
catalog ``params`` lack a latent its likelihood needs has no LOO (the loader refuses it); the
finding says so.

The sets: 21.12 retail stores, varying intercepts vs correlated varying slopes; 21.13 StreamRec
rates as Beta-Binomial (mu, kappa), Beta-Binomial (alpha, beta) and logit-normal, centered and
non-centered; 21.15 the nested regressions, the four of (b) and with the ten irrelevant predictors
of (c); 21.26 the three-level (country, hospital) vs two-level MediCore model, with wall time.

The backends agree on a model's elpd_loo when the two agree within Monte Carlo error (MCSE from
the per-chain spread of the corrected elpd, ``exact_loo.corrected_loo``'s ``elpd_mcse``; ``harness.quality.agreement.backends_agree``, Bonferroni
over the set's models), and on a set when they also rank it the same; a model without LOO is compared by
its posterior means and sds (``harness.quality.agreement.agreement``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from harness.studies.predictive.exact_loo import LooTarget, corrected_loo, trust_sentence
from harness.studies.predictive.loglik import pointwise_log_likelihood
from harness.studies.context import BACKEND_NUTS, Fit, StudyContext, StudyResult
from harness.studies.exercises.loo_waic import comparison, elpd_verdicts

CLEAR_DSE = 2.0  # an elpd difference counts as clear when it exceeds this many dse ...
SMALL_ELPD = 4.0  # ... and this much: below it the models predict alike and dse is unreliable (Sivula et al. 2022)


@dataclass(frozen=True)
class Model:
    """One model of a set: its label in the comparison, the posterior and the options it is fitted with."""

    label: str
    posterior: str
    options: dict = field(default_factory=dict)

    def key(self) -> tuple:
        """What identifies its fit: the posterior and its options."""
        return self.posterior, tuple(sorted(self.options.items()))


@dataclass(frozen=True)
class ModelSet:
    """The models one exercise compares."""

    name: str
    title: str
    models: tuple[Model, ...]
    backends: tuple[str, ...] = tuple(BACKEND_NUTS)


NESTED = tuple(Model(label, f"nested_regression-{label}")
               for label in ("intercept_only", "x1", "x1_x2", "x1_x2_x3", "x1_x2_x3_noise10"))
LOGIT_NORMAL = (Model("logit_normal_noncentered", "streamrec-logit_normal", {"parameterization": "noncentered"}),
                Model("logit_normal_centered", "streamrec-logit_normal", {"parameterization": "centered"}))
SETS = (
    ModelSet("21.12", "retail stores: varying intercepts vs varying intercepts and slopes",
             (Model("varying_intercepts", "retail_stores-varying_intercepts"),
              Model("varying_slopes", "retail_stores-varying_slopes"))),
    ModelSet("21.13", "StreamRec: three parameterizations of the hierarchical rates",
             (Model("mu_kappa", "streamrec-beta_binomial_mu_kappa"),
              Model("alpha_beta", "streamrec-beta_binomial_alpha_beta")) + LOGIT_NORMAL),
    ModelSet("21.15b", "nested regressions: intercept only to x1 + x2 + x3", NESTED[:4]),
    ModelSet("21.15c", "nested regressions with 10 irrelevant predictors added", NESTED),
    ModelSet("21.26", "MediCore: three levels (country, hospital) vs two (hospital)",
             (Model("three_level", "medicore_3level-three_level"), Model("two_level", "medicore_3level-two_level"))),
)
# the tiny scale (make test): the first two nested regressions on both backends, the logit-normal pair on one
TINY_SETS = (ModelSet("21.15b", SETS[2].title, NESTED[:2]),
             ModelSet("21.13", SETS[1].title, LOGIT_NORMAL, backends=("numpyro",)))
COLUMNS = ["set", "model", "posterior", "options", "backend", "status", "rank", "elpd_loo_psis", "se_loo_psis",
           "elpd_loo", "se_loo", "p_loo", "n_refit", "method_of_correction", "elpd_mcse", "elpd_diff", "dse", "weight",
           "max_pareto_k", "n_k_above_0_7", "divergences", "ess_bulk_min", "ess_per_sec", "rhat_max", "wall_seconds",
           "sampling_seconds", "loo_skipped"]
LOO_FIELDS = ("elpd_loo_psis", "se_loo_psis", "elpd_loo", "se_loo", "p_loo", "n_refit", "method_of_correction",
              "max_pareto_k", "n_k_above_0_7")


def fit_row(model_set: ModelSet, model: Model, backend: str, fit: Fit) -> dict:
    """The run's diagnostics and wall time (LOO columns are filled in later)."""
    record = fit.record
    row = {"set": model_set.name, "model": model.label, "posterior": model.posterior,
           "options": ", ".join(f"{k}={v}" for k, v in model.options.items()), "backend": backend,
           "status": record.status}
    if record.ok:
        row.update(divergences=record.divergences, ess_bulk_min=record.ess_bulk_min, ess_per_sec=record.ess_per_sec,
                   rhat_max=record.rhat_max, wall_seconds=record.timings.get("total"),
                   sampling_seconds=record.timings.get("sampling"))
    return row


def log_likelihood(model: Model, fit: Fit) -> np.ndarray | str:
    """The fit's pointwise log-likelihood, or why it has none (the loader's refusal, or an unfinished fit)."""
    from models import catalog

    if not fit.ok:
        return f"the fit did not finish ({fit.record.status})"
    entry = catalog.get(model.posterior)
    try:
        return pointwise_log_likelihood(entry, fit.draws, entry.load_data(), **model.options)
    except ValueError as error:
        return str(error)


def run(context: StudyContext) -> StudyResult:
    """Fit every model of every set on its backends; diagnostics, wall time, LOO and the comparisons."""
    sets = TINY_SETS if context.scale.name == "tiny" else SETS
    wanted = {(m.key(), b): m for s in sets for m in s.models for b in s.backends}  # each fit once
    cells = [(m.posterior, BACKEND_NUTS[b], context.config(options=dict(m.options))) for (_, b), m in wanted.items()]
    fits = dict(zip(wanted, context.fit_many(cells)))
    log_liks = {key: log_likelihood(wanted[key], fit) for key, fit in fits.items()}
    loos = corrected_loo(context, {(key, b): LooTarget(wanted[(key, b)].posterior, b, ll, dict(wanted[(key, b)].options))
                                   for (key, b), ll in log_liks.items() if not isinstance(ll, str)})
    rows, tables, findings = [], {}, []
    for model_set in sets:
        set_rows = {(m.label, b): fit_row(model_set, m, b, fits[(m.key(), b)])
                    for m in model_set.models for b in model_set.backends}
        for (label, backend), row in set_rows.items():
            model = next(m for m in model_set.models if m.label == label)
            log_lik = log_liks[(model.key(), backend)]
            if isinstance(log_lik, str):
                row["loo_skipped"] = log_lik
                continue
            result = loos[(model.key(), backend)]
            row.update({field: result[field] for field in LOO_FIELDS}, elpd_mcse=result["elpd_mcse"])
        for backend in model_set.backends:
            mine = {m.label: loos[(m.key(), backend)]["elpd_data"] for m in model_set.models
                    if (m.key(), backend) in loos}
            if len(mine) >= 2:
                compared = comparison(mine)
                tables[f"{model_set.name} LOO comparison (corrected where Pareto k > 0.7), {backend}"] = compared
                for r in compared.itertuples():
                    set_rows[(r.model, backend)].update(rank=r.rank, elpd_diff=r.elpd_diff, dse=r.dse, weight=r.weight)
        frame = pd.DataFrame(list(set_rows.values())).reindex(columns=COLUMNS)
        rows.append(frame)
        findings += set_findings(model_set, frame, fits)
        findings += [trust_sentence(f"{model_set.name} {m.label} [{b}]", loos[(m.key(), b)])
                     for m in model_set.models for b in model_set.backends
                     if (m.key(), b) in loos and loos[(m.key(), b)]["n_k_above_0_7"]]
    table = pd.concat(rows, ignore_index=True)
    return StudyResult(table=table, findings=findings, tables=tables)


def ranking_line(frame: pd.DataFrame) -> str:
    """'a (elpd -x) > b: -1.23 (dse 0.45) > ...' for one backend's compared models, best first."""
    ranked = frame.dropna(subset=["rank"]).sort_values("rank")
    best = ranked.iloc[0]
    return (f"{best['model']} (elpd_loo {best['elpd_loo']:.2f}, weight {best['weight']:.2f}) > "
            + " > ".join(f"{r.model}: {r.elpd_diff:.2f} (dse {r.dse:.2f})" for r in ranked.iloc[1:].itertuples()))


def clearly_worse(row: pd.Series) -> bool:
    """Is this model's elpd below the best's by more than CLEAR_DSE dse and more than SMALL_ELPD?"""
    gap = abs(row["elpd_diff"])
    return gap > CLEAR_DSE * row["dse"] and gap > SMALL_ELPD


def set_findings(model_set: ModelSet, frame: pd.DataFrame, fits: dict) -> list[str]:
    """The sentences answering the set's exercise, per backend, then the backends' agreement."""
    answer = {"21.12": answer_21_12, "21.13": answer_21_13, "21.15b": answer_21_15b, "21.15c": answer_21_15c,
              "21.26": answer_21_26}[model_set.name]
    lines = []
    for backend in model_set.backends:
        mine = frame[frame["backend"] == backend].set_index("model", drop=False)
        unfinished = mine[mine["status"] != "ok"]
        if len(unfinished):
            lines.append(f"{model_set.name} [{backend}]: fits that did not finish: "
                         + ", ".join(f"{r.model} ({r.status})" for r in unfinished.itertuples()) + ".")
            continue
        lines.append(f"{model_set.name} [{backend}]: " + answer(mine, model_set, {m.label: fits[(m.key(), backend)]
                                                                                   for m in model_set.models}))
    skipped = frame.dropna(subset=["loo_skipped"]).drop_duplicates("model")
    for r in skipped.itertuples():
        lines.append(f"{model_set.name}: no PSIS-LOO for {r.model}: {r.loo_skipped}.")
    return lines + agreement_findings(model_set, frame, fits)


def agreement_findings(model_set: ModelSet, frame: pd.DataFrame, fits: dict) -> list[str]:
    """Per model the two backends' elpd_loo (``elpd_verdicts``), the rankings, or, without LOO, the posteriors
    (``agreement``'s MCSE z tests)."""
    from harness.quality.agreement import agreement

    if len(model_set.backends) < 2:
        return [f"{model_set.name}: one backend only at this scale, nothing to compare."]
    lines, by = [], frame.set_index(["model", "backend"])
    with_loo = [m.label for m in model_set.models
                if all(not math.isnan(by.loc[(m.label, b), "elpd_loo"]) for b in model_set.backends)]
    verdicts = dict(zip(with_loo, elpd_verdicts(
        with_loo, [[by.loc[(m, b), "elpd_loo"] for m in with_loo] for b in model_set.backends],
        [[by.loc[(m, b), "elpd_mcse"] for m in with_loo] for b in model_set.backends])))
    for model in model_set.models:
        if model.label in verdicts:
            lines.append(f"{model_set.name} {verdicts[model.label]}.")
        elif all(fits[(model.key(), b)].ok for b in model_set.backends):
            summaries = [fits[(model.key(), b)].record.summary for b in model_set.backends]
            result = agreement(summaries[0], summaries[1])
            verdict = "agree within Monte Carlo error" if result["agrees"] else "DISAGREE beyond Monte Carlo error"
            lines.append(f"{model_set.name} {model.label} (no LOO): posterior means and sds of pymc and numpyro "
                         f"{verdict} (largest z {result['max_z']:.2f} at {result['max_z_at']}, threshold "
                         f"{result['threshold']:.2f}).")
    ranks = [tuple(frame[frame["backend"] == b].dropna(subset=["rank"]).sort_values("rank")["model"])
             for b in model_set.backends]
    if all(ranks):
        lines.append(f"{model_set.name}: the backends rank the models "
                     + ("the same." if ranks[0] == ranks[1] else f"differently: {' > '.join(ranks[0])} (pymc) vs "
                                                                   f"{' > '.join(ranks[1])} (numpyro)."))
    return lines


def answer_21_12(rows: pd.DataFrame, model_set: ModelSet, fits: dict) -> str:
    """Do varying slopes improve prediction over varying intercepts (21.12d)? With the fits' diagnostics (b)."""
    slopes, intercepts = rows.loc["varying_slopes"], rows.loc["varying_intercepts"]
    worse = intercepts if intercepts["rank"] > slopes["rank"] else slopes
    if not clearly_worse(worse):
        verdict = "no clear difference: varying slopes do not clearly improve prediction"
    elif worse["model"] == "varying_intercepts":
        verdict = "varying slopes clearly improve prediction"
    else:
        verdict = "varying slopes clearly predict worse"
    return (f"{ranking_line(rows)}; {verdict}. Diagnostics: divergences "
            f"{int(slopes['divergences'])} / {int(intercepts['divergences'])}, max R-hat {slopes['rhat_max']:.3f} / "
            f"{intercepts['rhat_max']:.3f}, max Pareto k {slopes['max_pareto_k']:.2f} / "
            f"{intercepts['max_pareto_k']:.2f} (varying slopes / intercepts).")


def theta_spread(fits: dict) -> str:
    """21.13c: how far the parameterizations' posterior means of theta_j lie from each other, in posterior sds."""
    means = {label: fit.draws["theta"].mean(axis=(0, 1)) for label, fit in fits.items() if fit.ok}
    sds = np.mean([fit.draws["theta"].std(axis=(0, 1)) for fit in fits.values() if fit.ok], axis=0)
    stacked = np.array(list(means.values()))
    gap = stacked.max(axis=0) - stacked.min(axis=0)
    j = int(np.argmax(gap / sds))
    return (f"posterior means of theta_j differ across the {len(means)} parameterizations by at most "
            f"{gap.max():.4f} ({(gap / sds)[j]:.2f} posterior sd, category {j + 1})")


def answer_21_13(rows: pd.DataFrame, model_set: ModelSet, fits: dict) -> str:
    """Divergences, ESS and LOO per parameterization (21.13c) and the recommendation (d)."""
    per = "; ".join(f"{r.model}: {int(r.divergences)} divergences, min ESS {r.ess_bulk_min:.0f}, "
                    f"{r.ess_per_sec:.0f} ESS/s, R-hat {r.rhat_max:.3f}" for r in rows.itertuples())
    compared = rows.dropna(subset=["rank"])
    clear = any(clearly_worse(r) for _, r in compared.iterrows())
    loo_part = (f"LOO: {ranking_line(rows)} ({'a clear' if clear else 'no clear'} difference)" if len(compared) >= 2
                else "LOO: fewer than two models have a pointwise log-likelihood")
    clean = rows[(rows["divergences"] == 0) & (rows["rhat_max"] < 1.01)]
    pick = clean.loc[clean["ess_per_sec"].idxmax()] if len(clean) else None
    advice = ("no parameterization ran clean (0 divergences, R-hat < 1.01)" if pick is None else
              f"recommended for production: {pick['model']} (no divergences, R-hat < 1.01, the most ESS per second)")
    return f"{per}. {loo_part}. {theta_spread(fits)}. {advice}."


def answer_21_15b(rows: pd.DataFrame, model_set: ModelSet, fits: dict) -> str:
    """Does LOO pick the true model x1 + x2 among the four nested regressions (21.15b)?"""
    return f"{ranking_line(rows)}; " + true_model_verdict(rows)


def answer_21_15c(rows: pd.DataFrame, model_set: ModelSet, fits: dict) -> str:
    """With ten irrelevant predictors added, does LOO still pick x1 + x2 (21.15c)?"""
    noise = rows.loc["x1_x2_x3_noise10"]
    penalty = (f"the 10-irrelevant-predictor model is {abs(noise['elpd_diff']):.2f} (dse {noise['dse']:.2f}) below the "
               f"best ({'clearly worse' if clearly_worse(noise) else 'not clearly worse: LOO cannot rule it out'}), "
               f"p_loo {noise['p_loo']:.1f} vs {rows.loc['x1_x2', 'p_loo']:.1f} for x1_x2, stacking weight "
               f"{noise['weight']:.2f}")
    return f"{ranking_line(rows)}; {penalty}; " + true_model_verdict(rows)


def true_model_verdict(rows: pd.DataFrame) -> str:
    """Whether LOO selects x1_x2: best outright, tied within CLEAR_DSE dse with larger models, or not."""
    best = rows.loc[rows["rank"].idxmin()]
    if "x1_x2" not in rows.index:
        return f"LOO prefers {best['model']} (the true model x1_x2 is not in this run's set)."
    true = rows.loc["x1_x2"]
    smaller = [m for m in ("intercept_only", "x1") if m in rows.index]
    dropped = "; the models without x2 or x1 are clearly worse" if all(clearly_worse(rows.loc[m]) for m in smaller) \
        else ""
    if best["model"] == "x1_x2":
        close = [m for m in rows.index if m != "x1_x2" and not clearly_worse(rows.loc[m])]
        tied = f" (not clearly ahead of {', '.join(close)})" if close else ""
        return f"LOO ranks the true model x1_x2 first{tied}{dropped}."
    if not clearly_worse(true):
        return (f"LOO ranks {best['model']} first, but x1_x2 is not clearly worse "
                f"({true['elpd_diff']:.2f}, dse {true['dse']:.2f}): indistinguishable, so the simplest of the tied, "
                f"x1_x2, is the pick{dropped}.")
    return f"LOO does NOT select the true model: {best['model']} clearly beats x1_x2{dropped}."


def answer_21_26(rows: pd.DataFrame, model_set: ModelSet, fits: dict) -> str:
    """Wall time and convergence of the three- and two-level models (21.26c); LOO (d) where it can be computed."""
    from models.datasets.medicore_3level import TRUE_TAU_COUNTRY

    three, two = rows.loc["three_level"], rows.loc["two_level"]
    loo_part = (f"LOO: {ranking_line(rows)}" if rows["rank"].notna().sum() >= 2 else
                "LOO cannot be computed (see below), so whether the country level adds predictive value is open")
    tau = fits["three_level"].record.summary.get("tau_country") if fits["three_level"].ok else None
    tau_part = (f"; tau_country posterior mean {tau['mean']:.2f} (90% interval {tau['q05']:.2f}-{tau['q95']:.2f}, "
                f"simulated {TRUE_TAU_COUNTRY})" if tau else "")
    return (f"wall time {three['wall_seconds']:.1f} s (sampling {three['sampling_seconds']:.1f} s) three-level vs "
            f"{two['wall_seconds']:.1f} s ({two['sampling_seconds']:.1f} s) two-level; divergences "
            f"{int(three['divergences'])} vs {int(two['divergences'])}, max R-hat {three['rhat_max']:.3f} vs "
            f"{two['rhat_max']:.3f}, min ESS {three['ess_bulk_min']:.0f} vs {two['ess_bulk_min']:.0f}; "
            f"{loo_part}{tau_part}.")
