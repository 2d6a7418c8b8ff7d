"""Exercise 21.16: DerSimonian-Laird random-effects meta-analysis vs the Bayesian hierarchical model (MediCore).

The frequentist side is statsmodels' ``combine_effects(y, sigma**2, method_re="dl")``: the
random-effects mean mu with its 95% Wald interval and the one-step DerSimonian-Laird moment
estimate of tau^2 (a point, with no interval; truncated at 0, which statsmodels 0.15 does not do,
so that tau^2 = 0 gives the fixed-effect answer). Its hospital estimates are the empirical-Bayes
(BLUP) shrinkage estimates that plug the DL tau^2 and mu in: with B_j = sigma_j^2 / (sigma_j^2 +
tau^2), theta_j = mu + (1 - B_j) (y_j - mu), variance (1 - B_j) sigma_j^2 + B_j^2 var(mu) - they
carry the uncertainty of mu but not that of tau.

The Bayesian side is medicore-hierarchical as in Section 21.7 (non-centered, mu_pop ~ N(0, 50),
tau ~ HalfCauchy(10)), fitted with each library's default NUTS through the harness: posterior
mean, sd, median and 95% HDI (ArviZ 1) of mu_pop, tau^2 and each theta_j. The two backends agree on
the quantities when their posterior means agree within Monte Carlo error (ArviZ's MCSE of the mean,
from each fit's draws; ``harness.quality.agreement.backends_agree``: z tests, Bonferroni at 1%).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from harness.studies.context import BACKEND_NUTS, StudyContext, StudyResult
from harness.quality.agreement import backends_agree
from harness.studies.summaries import scalar_summary

POSTERIOR = "medicore-hierarchical"
PROB = 0.95
COLUMNS = ["quantity", "hospital", "n_per_arm", "method", "backend", "estimate", "sd", "median", "lower_95",
           "upper_95", "mcse"]


def dersimonian_laird(y: np.ndarray, sigma: np.ndarray) -> dict:
    """statsmodels' DL random-effects fit: mu, its SE and 95% CI, tau^2, I^2, Q and its df."""
    from statsmodels.stats.meta_analysis import combine_effects

    result = combine_effects(y, sigma ** 2, method_re="dl", alpha=1 - PROB)
    intervals = result.conf_int(use_t=False)  # (fixed, random, fixed wls, random wls)
    if result.tau2 >= 0:
        mu, var, (low, high) = result.mean_effect_re, result.var_eff_w_re, intervals[1]
    else:  # statsmodels leaves DL's (Q - df) / c negative when Q < df; DL truncates at 0, where RE = FE
        mu, var, (low, high) = result.mean_effect_fe, result.var_eff_w_fe, intervals[0]
    return {"mu": float(mu), "se_mu": float(np.sqrt(var)), "lower": float(low), "upper": float(high),
            "tau2": max(float(result.tau2), 0.0), "i2": max(float(result.i2), 0.0), "q": float(result.q),
            "df": int(result.df)}


def empirical_bayes(y: np.ndarray, sigma: np.ndarray, dl: dict) -> pd.DataFrame:
    """Per hospital: the DL plug-in shrinkage estimate, its SE (tau^2 taken as known) and 95% interval."""
    from scipy import stats

    shrink = sigma ** 2 / (sigma ** 2 + dl["tau2"])
    estimate = dl["mu"] + (1 - shrink) * (y - dl["mu"])
    se = np.sqrt((1 - shrink) * sigma ** 2 + shrink ** 2 * dl["se_mu"] ** 2)
    z = stats.norm.ppf(0.5 + PROB / 2)
    return pd.DataFrame({"estimate": estimate, "sd": se, "lower_95": estimate - z * se, "upper_95": estimate + z * se,
                         "shrinkage": shrink})


def posterior_summary(values: np.ndarray) -> dict:
    """Estimate (posterior mean), sd, median, 95% HDI and MCSE of the mean of (chain, draw) draws of one scalar."""
    summary = scalar_summary(values, prob=PROB)
    return {"estimate": summary.pop("mean"), **summary}


def quantities(draws: dict) -> dict:
    """(quantity, hospital) -> (chain, draw) draws: mu, tau^2 and each hospital's theta."""
    values = {("mu", None): draws["mu_pop"], ("tau2", None): draws["tau"] ** 2}
    values.update({("theta", j): draws["theta"][..., j] for j in range(draws["theta"].shape[-1])})
    return values


def agreement(summaries: dict) -> pd.DataFrame:
    """Per quantity: both backends' posterior means and ``backends_agree``'s test over all of them."""
    pymc, numpyro = (summaries[b] for b in BACKEND_NUTS)
    frame = pd.DataFrame([{"quantity": key[0], "hospital": key[1], "pymc": a["estimate"],
                           "numpyro": numpyro[key]["estimate"], "mcse_pymc": a["mcse"],
                           "mcse_numpyro": numpyro[key]["mcse"]} for key, a in pymc.items()])
    tests = backends_agree(frame["pymc"], frame["numpyro"], frame["mcse_pymc"], frame["mcse_numpyro"])
    return frame.drop(columns=["mcse_pymc", "mcse_numpyro"]).join(tests["elements"])


def hospital_comparison(data: dict, eb: pd.DataFrame, summaries: dict) -> pd.DataFrame:
    """Per hospital: data, DL plug-in estimate and interval width, each backend's posterior mean and HDI width."""
    table = pd.DataFrame({"hospital": range(len(data["y"])), "n_per_arm": data["n_per_arm"], "y": data["y"],
                          "sigma": data["sigma"], "dl_estimate": eb["estimate"],
                          "dl_width": eb["upper_95"] - eb["lower_95"]})
    for backend, summary in summaries.items():
        rows = [summary[("theta", j)] for j in table["hospital"]]
        table[f"{backend}_mean"] = [r["estimate"] for r in rows]
        table[f"{backend}_width"] = [r["upper_95"] - r["lower_95"] for r in rows]
        table[f"{backend}_width_ratio"] = table[f"{backend}_width"] / table["dl_width"]
    return table


def run(context: StudyContext) -> StudyResult:
    """DL on the data; the hierarchical model on both backends; the comparison and where it diverges."""
    from models import catalog

    data = catalog.get(POSTERIOR).load_data()
    dl = dersimonian_laird(data["y"], data["sigma"])
    eb = empirical_bayes(data["y"], data["sigma"], dl)
    fits = context.fit_many([(POSTERIOR, BACKEND_NUTS[b], context.config()) for b in BACKEND_NUTS])

    def row(quantity, hospital, method, backend, values):
        """One table row: the quantity, its hospital and size (None for mu and tau^2), who estimated it, values."""
        n = data["n_per_arm"][hospital] if hospital is not None else None
        return {"quantity": quantity, "hospital": hospital, "n_per_arm": n, "method": method, "backend": backend,
                **values}

    rows = [row("mu", None, "dersimonian_laird", "statsmodels",
                {"estimate": dl["mu"], "sd": dl["se_mu"], "median": dl["mu"], "lower_95": dl["lower"],
                 "upper_95": dl["upper"]}),
            row("tau2", None, "dersimonian_laird", "statsmodels", {"estimate": dl["tau2"], "median": dl["tau2"]})]
    rows += [row("theta", j, "dersimonian_laird", "statsmodels", {**eb.iloc[j].drop("shrinkage").to_dict(),
                                                                  "median": eb["estimate"].iloc[j]})
             for j in range(len(eb))]
    summaries, findings = {}, []
    for backend, fit in zip(BACKEND_NUTS, fits):
        if not fit.ok:
            findings.append(f"The {backend} fit did not finish ({fit.record.status}).")
            continue
        summaries[backend] = {key: posterior_summary(v) for key, v in quantities(fit.draws).items()}
        rows += [row(q, j, "hierarchical", backend, s) for (q, j), s in summaries[backend].items()]
    table = pd.DataFrame(rows)[COLUMNS]
    tables = {}
    if summaries:
        hospitals = hospital_comparison(data, eb, summaries)
        tables["Hospitals: DL plug-in vs hierarchical (95% interval widths)"] = hospitals
        findings = answer(dl, summaries, hospitals) + findings
    if len(summaries) == len(BACKEND_NUTS):
        agree = agreement(summaries)
        tables["Backend agreement (posterior means, MCSE z tests, Bonferroni)"] = agree
        bad = agree[~agree["agree"]]
        findings.append(f"Backends: PyMC and NumPyro agree within Monte Carlo error on all {len(agree)} quantities "
                        "(mu, tau^2 and the 12 hospital effects)." if bad.empty else
                        f"Backends: PyMC and NumPyro DISAGREE beyond Monte Carlo error on {len(bad)} of {len(agree)} "
                        "quantities: " + ", ".join(f"{r.quantity}{'' if pd.isna(r.hospital) else int(r.hospital)}"
                                                   for r in bad.itertuples()) + ".")
    return StudyResult(table=table, findings=findings, tables=tables,
                       figure_data={"data": data, "dl": dl,
                                    "tau": {b: fit.draws["tau"] for b, fit in zip(BACKEND_NUTS, fits) if fit.ok}})


def answer(dl: dict, summaries: dict, hospitals: pd.DataFrame) -> list[str]:
    """The exercise's answers (a)-(d) in sentences, from the DL fit and each backend's posterior summaries."""
    from scipy import stats

    def each(fmt: str, values: dict) -> str:
        """One formatted value per backend, "pymc / numpyro"."""
        return " / ".join(fmt.format(**values[b]) if isinstance(values[b], dict) else fmt.format(values[b])
                          for b in summaries)

    mu = {b: s[("mu", None)] for b, s in summaries.items()}
    tau2 = {b: s[("tau2", None)] for b, s in summaries.items()}
    shift = {b: mu[b]["estimate"] - dl["mu"] for b in summaries}
    width = {b: (mu[b]["upper_95"] - mu[b]["lower_95"]) / (dl["upper"] - dl["lower"]) for b in summaries}
    diffs = {b: (hospitals[f"{b}_mean"] - hospitals["dl_estimate"]).abs() for b in summaries}
    ratio = {b: hospitals[f"{b}_width_ratio"] for b in summaries}
    first = next(iter(summaries))
    worst = int(diffs[first].idxmax())
    small, large = int(hospitals["n_per_arm"].idxmin()), int(hospitals["n_per_arm"].idxmax())
    rho = stats.spearmanr(hospitals["sigma"], ratio[first]).statistic
    trend = ("grows with the hospital's standard error" if rho > 0.5 else
             "does not follow the hospital's standard error closely") + f" (Spearman rho {rho:.2f}, {first})"
    hospital = lambda j: (f"hospital {j}, n = {hospitals['n_per_arm'][j]} per arm, "  # noqa: E731
                          f"y = {hospitals['y'][j]:.1f} +- {hospitals['sigma'][j]:.1f}")
    return [
        f"(a) DerSimonian-Laird (statsmodels): mu = {dl['mu']:.2f} mmHg (95% CI {dl['lower']:.2f} to "
        f"{dl['upper']:.2f}), tau^2 = {dl['tau2']:.2f} (tau = {math.sqrt(dl['tau2']):.2f} mmHg), "
        f"I^2 = {dl['i2']:.0%}, Q = {dl['q']:.1f} on {dl['df']} df.",
        f"(b) Hierarchical model ({' / '.join(summaries)}): mu_pop posterior mean {each('{estimate:.2f}', mu)} mmHg "
        f"(95% HDI {each('{lower_95:.2f} to {upper_95:.2f}', mu)}); tau^2 posterior median "
        f"{each('{median:.2f}', tau2)}, mean {each('{estimate:.2f}', tau2)}, "
        f"95% HDI {each('{lower_95:.2f} to {upper_95:.2f}', tau2)}.",
        f"(c) mu: the posterior mean differs from DL by {each('{:+.2f}', shift)} mmHg "
        f"({each('{:+.2f}', {b: v / dl['se_mu'] for b, v in shift.items()})} DL standard errors) and its 95% HDI is "
        f"{each('{:.2f}', width)} times as wide as the DL CI. tau^2: DL {dl['tau2']:.2f} vs posterior median "
        f"{each('{median:.2f}', tau2)} (mean {each('{estimate:.2f}', tau2)}). Hospitals: posterior means differ "
        f"from the DL plug-in estimates by a median {each('{:.2f}', {b: d.median() for b, d in diffs.items()})} and "
        f"at most {each('{:.2f}', {b: d.max() for b, d in diffs.items()})} mmHg ({hospital(worst)}).",
        f"(d) They diverge in the uncertainty: DL plugs tau^2 = {dl['tau2']:.2f} in as if known, while the "
        f"posterior keeps it anywhere from {tau2[first]['lower_95']:.2f} to {tau2[first]['upper_95']:.2f} "
        f"({first}, 95% HDI). The hierarchical 95% HDIs are wider than the DL plug-in intervals for "
        f"{int((ratio[first] > 1).sum())} of {len(hospitals)} hospitals ({first}); the width ratio {trend}: "
        f"{each('{:.2f}', {b: r[small] for b, r in ratio.items()})} for the smallest ({hospital(small)}) vs "
        f"{each('{:.2f}', {b: r[large] for b, r in ratio.items()})} for the largest ({hospital(large)}).",
    ]
