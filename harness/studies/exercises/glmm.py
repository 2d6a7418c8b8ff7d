"""Exercise 21.23: hospital response probabilities of the hierarchical logistic model vs a frequentist GLMM.

The Bayesian side is ``medicore_response-hierarchical_logistic`` (12 hospitals, ~3,600 patients,
non-centered varying intercepts, shared age and BMI slopes), fitted with each library's default
NUTS through the harness; (c)'s diagnostics are 21.4's ``run_full_diagnostics`` of each fit's
record (R-hat, ESS bulk/tail, divergences). (d): the predicted response probability of a
60-year-old patient with BMI 28 at hospital j is expit(alpha_j + beta_age * age_std + beta_bmi *
bmi_std), computed per posterior draw; its posterior mean, sd, 94% HDI (ArviZ 1) and MCSE of the
mean are reported per hospital.

The frequentist side (e) is lme4's ``glmer(y ~ age_std + bmi_std + (1 | hospital), family =
binomial)`` (Laplace approximation) run in R through rpy2. Its hospital prediction is
``predict(type = "link")`` at the same patient, which adds the hospital's conditional mode; its
approximate 94% interval is expit(eta +- z sqrt(condVar_j)) from the conditional variance of the
mode (``ranef(condVar = TRUE)``), i.e. given the estimated fixed effects and variance. lme4 gives
no prediction interval, and simply adding the intercept's sampling variance to the mode's would
ignore their negative covariance and overstate the width. Hospitals are ranked by predicted
probability (1 = highest); the rankings are compared with Spearman's rho and Kendall's tau
(scipy). The two backends agree when their posterior means agree within Monte Carlo error
(``harness.quality.agreement.backends_agree``: z tests, Bonferroni over the hospitals at family-wise 1%).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from harness.quality.agreement import backends_agree
from harness.studies.context import BACKEND_NUTS, StudyContext, StudyResult

POSTERIOR = "medicore_response-hierarchical_logistic"
AGE, BMI = 60.0, 28.0  # the patient of 21.23 (d)
PROB = 0.94
COLUMNS = ["hospital", "n_patients", "observed_rate", "method", "backend", "estimate", "sd", "lower_94", "upper_94",
           "mcse", "rank"]
GLMER = "y ~ age_std + bmi_std + (1 | hospital)"
R_GLMER = """
function(y, age_std, bmi_std, hospital, age, bmi) {
  frame <- data.frame(y = y, age_std = age_std, bmi_std = bmi_std,
                      hospital = factor(hospital, levels = sort(unique(hospital))))
  fit <- lme4::glmer(%s, data = frame, family = binomial)
  new <- data.frame(hospital = factor(levels(frame$hospital), levels = levels(frame$hospital)),
                    age_std = age, bmi_std = bmi)
  re <- lme4::ranef(fit, condVar = TRUE)$hospital
  list(hospital = as.integer(levels(frame$hospital)),
       eta = unname(predict(fit, newdata = new, type = "link")),
       cond_var = as.numeric(attr(re, "postVar")[1, 1, ]),
       fixef = lme4::fixef(fit), fixef_se = sqrt(diag(as.matrix(vcov(fit)))),
       sigma = as.numeric(attr(lme4::VarCorr(fit)$hospital, "stddev")),
       messages = as.character(unlist(fit@optinfo$conv$lme4$messages)),
       lme4 = as.character(packageVersion("lme4")), r = R.version$version.string)
}""" % GLMER


def patient() -> tuple[float, float]:
    """The patient of (d) on the twins' standardised scales: (age_std, bmi_std)."""
    from models.datasets.medicore_response import AGE_CENTER, AGE_SCALE, BMI_CENTER, BMI_SCALE

    return (AGE - AGE_CENTER) / AGE_SCALE, (BMI - BMI_CENTER) / BMI_SCALE


def expit(x):
    """The logistic function."""
    from scipy.special import expit as logistic

    return logistic(x)


def glmer_fit(data: dict, age_std: float, bmi_std: float) -> dict:
    """lme4's glmer through rpy2: per hospital the link-scale prediction at the patient and its conditional sd,
    the fixed effects with standard errors, the random-intercept sd, convergence messages and versions."""
    import rpy2.robjects as ro

    fit = ro.r(R_GLMER)(ro.IntVector(data["y"].tolist()), ro.FloatVector(data["age_std"].tolist()),
                        ro.FloatVector(data["bmi_std"].tolist()), ro.IntVector(data["hospital"].tolist()),
                        float(age_std), float(bmi_std))
    values = {name: np.asarray(fit.rx2(name)) for name in fit.names}
    return {"hospital": values["hospital"].astype(int), "eta": values["eta"].astype(float),
            "se_eta": np.sqrt(values["cond_var"].astype(float)),
            "fixef": dict(zip(["mu_alpha", "beta_age", "beta_bmi"], values["fixef"].astype(float))),
            "fixef_se": dict(zip(["mu_alpha", "beta_age", "beta_bmi"], values["fixef_se"].astype(float))),
            "sigma_alpha": float(values["sigma"][0]), "messages": [str(m) for m in values["messages"]],
            "lme4": str(values["lme4"][0]), "r": str(values["r"][0])}


def glmer_rows(glmer: dict, counts: np.ndarray, rates: np.ndarray) -> list[dict]:
    """One table row per hospital: glmer's predicted probability and its approximate 94% interval."""
    from scipy import stats

    z = stats.norm.ppf(0.5 + PROB / 2)
    return [{"hospital": j, "n_patients": int(counts[j]), "observed_rate": float(rates[j]), "method": "glmer",
             "backend": "lme4", "estimate": float(expit(eta)), "lower_94": float(expit(eta - z * se)),
             "upper_94": float(expit(eta + z * se))} for j, eta, se in zip(glmer["hospital"], glmer["eta"],
                                                                            glmer["se_eta"])]


def probability_draws(draws: dict, age_std: float, bmi_std: float) -> np.ndarray:
    """(chain, draw, hospital) predicted response probabilities of the patient at each hospital."""
    logit = draws["alpha"] + (draws["beta_age"] * age_std + draws["beta_bmi"] * bmi_std)[..., None]
    return expit(logit)


def posterior_rows(probability: np.ndarray, counts: np.ndarray, rates: np.ndarray, backend: str) -> list[dict]:
    """One table row per hospital: posterior mean, sd, 94% HDI (ArviZ) and MCSE of the mean."""
    import arviz as az

    rows = []
    for j in range(probability.shape[-1]):
        values = probability[..., j]
        low, high = az.hdi(values.ravel(), prob=PROB)
        rows.append({"hospital": j, "n_patients": int(counts[j]), "observed_rate": float(rates[j]),
                     "method": "hierarchical", "backend": backend, "estimate": float(values.mean()),
                     "sd": float(values.std()), "lower_94": float(low), "upper_94": float(high),
                     "mcse": float(az.mcse(values))})
    return rows


def with_ranks(table: pd.DataFrame) -> pd.DataFrame:
    """The table with each backend's hospitals ranked by predicted probability (1 = highest)."""
    table = table.copy()
    table["rank"] = table.groupby("backend")["estimate"].rank(ascending=False, method="min").astype(int)
    return table[COLUMNS]


def rank_agreement(table: pd.DataFrame) -> pd.DataFrame:
    """Per pair of estimators (each backend vs glmer, and the backends): Spearman rho, Kendall tau with
    p-values, hospitals ranked alike, the largest rank displacement and each side's top and bottom hospital."""
    from scipy import stats

    wide = table.pivot(index="hospital", columns="backend", values="estimate")
    ranks = table.pivot(index="hospital", columns="backend", values="rank")
    pairs = [(b, "lme4") for b in BACKEND_NUTS if b in wide] + ([tuple(BACKEND_NUTS)]
                                                                 if set(BACKEND_NUTS) <= set(wide) else [])
    rows = []
    for a, b in pairs:
        rho, tau = stats.spearmanr(wide[a], wide[b]), stats.kendalltau(wide[a], wide[b])
        rows.append({"pair": f"{a} vs {b}", "spearman_rho": rho.statistic, "spearman_p": rho.pvalue,
                     "kendall_tau": tau.statistic, "kendall_p": tau.pvalue,
                     "same_rank": int((ranks[a] == ranks[b]).sum()), "hospitals": len(wide),
                     "max_rank_shift": int((ranks[a] - ranks[b]).abs().max()),
                     "top": f"{int(wide[a].idxmax())} / {int(wide[b].idxmax())}",
                     "bottom": f"{int(wide[a].idxmin())} / {int(wide[b].idxmin())}"})
    return pd.DataFrame(rows)


def backend_agreement(table: pd.DataFrame) -> pd.DataFrame:
    """Per hospital: both backends' posterior means and ``backends_agree``'s test over all hospitals."""
    a, b = (table[table["backend"] == backend].set_index("hospital") for backend in BACKEND_NUTS)
    frame = pd.DataFrame({"pymc": a["estimate"], "numpyro": b["estimate"]})
    tests = backends_agree(frame["pymc"], frame["numpyro"], a["mcse"].reindex(frame.index),
                           b["mcse"].reindex(frame.index))
    return frame.join(tests["elements"]).reset_index()


def parameter_table(glmer: dict, fits: dict) -> pd.DataFrame:
    """mu_alpha, beta_age, beta_bmi and sigma_alpha: glmer's estimate (and SE) beside each posterior mean (and sd)."""
    rows = []
    for name in ("mu_alpha", "beta_age", "beta_bmi", "sigma_alpha"):
        row = {"parameter": name, "glmer": glmer["fixef"].get(name, glmer["sigma_alpha"]),
               "glmer_se": glmer["fixef_se"].get(name, math.nan)}
        for backend, draws in fits.items():
            row[f"{backend}_mean"] = float(np.mean(draws[name]))
            row[f"{backend}_sd"] = float(np.std(draws[name]))
        rows.append(row)
    return pd.DataFrame(rows)


def diagnostics_table(records: dict) -> pd.DataFrame:
    """(c) per backend: the 21.4 checks (``run_full_diagnostics``: R-hat, ESS bulk/tail, divergences) of its record."""
    from harness.studies.exercises.diagnostics import run_full_diagnostics

    return pd.concat([run_full_diagnostics(record).assign(backend=backend) for backend, record in records.items()],
                     ignore_index=True)[["backend", "check", "value", "threshold", "passed", "detail"]]


def run(context: StudyContext) -> StudyResult:
    """Both backends' NUTS fits and lme4's glmer; probabilities per hospital, rank and backend agreement."""
    from models import catalog

    data = catalog.get(POSTERIOR).load_data()
    age_std, bmi_std = patient()
    counts = np.bincount(data["hospital"])
    rates = np.bincount(data["hospital"], weights=data["y"]) / counts
    glmer = glmer_fit(data, age_std, bmi_std)
    fits = dict(zip(BACKEND_NUTS, context.fit_many([(POSTERIOR, BACKEND_NUTS[b], context.config())
                                                    for b in BACKEND_NUTS])))
    rows, draws, findings = glmer_rows(glmer, counts, rates), {}, []
    for backend, fit in fits.items():
        if not fit.ok:
            findings.append(f"The {backend} fit did not finish ({fit.record.status}).")
            continue
        draws[backend] = fit.draws
        rows += posterior_rows(probability_draws(fit.draws, age_std, bmi_std), counts, rates, backend)
    table = with_ranks(pd.DataFrame(rows))
    diagnostics = diagnostics_table({b: f.record for b, f in fits.items()})
    ranks = rank_agreement(table)
    parameters = parameter_table(glmer, draws)
    tables = {"(c) Diagnostics per backend (21.4's run_full_diagnostics)":
              diagnostics, "(d) Predicted probability of response, 60 years, BMI 28: posterior mean [94% HDI] "
              "and glmer [approximate 94% interval]": wide_table(table),
              "(e) Rank agreement (rank 1 = highest probability)": ranks,
              "Population parameters: glmer vs posterior": parameters}
    findings = answer(table, diagnostics, ranks, parameters, glmer) + findings
    if len(draws) == len(BACKEND_NUTS):
        agree = backend_agreement(table)
        tables["Backend agreement (posterior means, MCSE z tests, Bonferroni)"] = agree
        bad = agree[~agree["agree"]]
        findings.append(f"Backends: PyMC and NumPyro agree within Monte Carlo error on all {len(agree)} hospitals' "
                        "predicted probabilities." if bad.empty else
                        f"Backends: PyMC and NumPyro DISAGREE beyond Monte Carlo error on {len(bad)} of {len(agree)} "
                        "hospitals: " + ", ".join(str(int(h)) for h in bad["hospital"]) + ".")
    return StudyResult(table=table, findings=findings, tables=tables, figure_data={"ranks": ranks})


def wide_table(table: pd.DataFrame) -> pd.DataFrame:
    """Per hospital: patients, observed rate and each estimator's 'mean [low, high]' and rank, side by side."""
    wide = table.drop_duplicates("hospital")[["hospital", "n_patients", "observed_rate"]].set_index("hospital")
    for backend, rows in table.groupby("backend", sort=False):
        rows = rows.set_index("hospital")
        wide[backend] = [f"{r.estimate:.3f} [{r.lower_94:.3f}, {r.upper_94:.3f}]" for r in rows.itertuples()]
        wide[f"rank_{backend}"] = rows["rank"]
    return wide.reset_index()


def answer(table: pd.DataFrame, diagnostics: pd.DataFrame, ranks: pd.DataFrame, parameters: pd.DataFrame,
           glmer: dict) -> list[str]:
    """The exercise's answers (c)-(e) in sentences, from the records, the table and the rank comparison."""
    lines = []
    for backend, checks in diagnostics.groupby("backend", sort=False):
        failed = checks[~checks["passed"]]
        lines.append(f"(c) {backend}: " + "; ".join(
            f"{r.check} {r.value:.4g} ({r.threshold}, {'pass' if r.passed else 'FAIL'}"
            + (f", {r.detail}" if r.detail.startswith("worst") else "") + ")" for r in checks.itertuples())
            + (": passes every check." if failed.empty else
               f": fails {', '.join(failed['check'])}. With {table['n_patients'].min()}-{table['n_patients'].max()} "
               f"patients per hospital the data pin each intercept down, where the non-centered form tends to mix "
               f"the population-level parameters slowly; more draws or the centered form would raise the ESS."))
    bayes = table[table["method"] == "hierarchical"]
    for backend, rows in bayes.groupby("backend", sort=False):
        high, low = rows.loc[rows["estimate"].idxmax()], rows.loc[rows["estimate"].idxmin()]
        lines.append(
            f"(d) {backend}: the predicted probability of response (60 years, BMI 28) ranges from "
            f"{low.estimate:.3f} [94% HDI {low.lower_94:.3f}, {low.upper_94:.3f}] at hospital {int(low.hospital)} "
            f"(n = {int(low.n_patients)}) to {high.estimate:.3f} [{high.lower_94:.3f}, {high.upper_94:.3f}] at "
            f"hospital {int(high.hospital)} (n = {int(high.n_patients)}); median HDI width "
            f"{(rows['upper_94'] - rows['lower_94']).median():.3f}. Every hospital is in the table below.")
    converged = "converged without warnings" if not glmer["messages"] else "warned: " + "; ".join(glmer["messages"])
    lines.append(
        f"(e) Frequentist GLMM: lme4 {glmer['lme4']} glmer({GLMER}, binomial, Laplace) in {glmer['r']} through "
        f"rpy2, {converged}; fixed effects " + ", ".join(
            f"{k} {v:.3f} (SE {glmer['fixef_se'][k]:.3f})" for k, v in glmer["fixef"].items())
        + f", random-intercept sd {glmer['sigma_alpha']:.3f}; posterior means "
        + "; ".join(f"{c.removesuffix('_mean')} " + ", ".join(f"{r.parameter} {getattr(r, c):.3f}"
                                                             for r in parameters.itertuples())
                    for c in parameters.columns if c.endswith("_mean")) + ".")
    glmer_estimate = table[table["backend"] == "lme4"].set_index("hospital")["estimate"]
    gaps = {b: float((rows.set_index("hospital")["estimate"] - glmer_estimate).abs().max())
            for b, rows in bayes.groupby("backend")}
    for r in ranks.itertuples():
        if not r.pair.endswith("lme4"):
            continue
        verdict = ("the rankings agree" if r.same_rank == r.hospitals else
                   "the rankings agree closely" if r.spearman_rho >= 0.9 else "the rankings differ")
        lines.append(
            f"(e) {r.pair}: Spearman rho {r.spearman_rho:.3f} (p {r.spearman_p:.2g}), Kendall tau "
            f"{r.kendall_tau:.3f} (p {r.kendall_p:.2g}); {r.same_rank} of {r.hospitals} hospitals hold the same rank, "
            f"none moves more than {r.max_rank_shift}; top hospital {r.top}, bottom {r.bottom} (Bayes / glmer): "
            f"{verdict}. The probabilities differ by at most {gaps[r.pair.split()[0]]:.3f} (posterior mean vs glmer's "
            f"prediction at the conditional mode).")
    return lines
