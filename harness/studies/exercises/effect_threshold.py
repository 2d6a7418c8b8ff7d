"""Exercises 21.18, 21.19, 21.27: posterior probabilities of practical effects and their sensitivity to the prior.

- 21.18 (diabetes_trial-hierarchical, option ``prior``): the population HbA1c reduction mu (%)
  and each site's theta with 95% HDIs, and P(effect > 0.5%), under the informative and the weak
  prior on mu.
- 21.19 (ocean_basins-hierarchical_trends): each basin's trend beta_b - in deg C per decade, as
  the twins regress on decade = (year - 2000) / 10 - and P(beta_b > 0.25 deg C/decade); the
  basin with the highest. Against per-basin OLS (statsmodels, y ~ 1 + decade): warming is
  significant by OLS when the slope is positive with two-sided p < 0.05, and credible in the
  hierarchical model when the 95% HDI lies above 0; the basins where the two conclusions differ.
- 21.27 (medicore-hierarchical, option ``mu_prior``): the expert's median 9 and 5th/95th
  percentiles 2 and 16 mmHg, matched by a Normal and by a Student-t (df 3) with scipy, checked
  against the priors the twins use; mu_pop's posterior under each (and under the weak prior, the
  data alone), with a regulatory table of prior, data, posterior and sensitivity.

Every fit runs through the harness with each library's default NUTS; HDIs come from ArviZ 1. The
two backends agree on the probabilities (21.18, 21.19) and mu_pop's means (21.27) when they agree
within Monte Carlo error (ArviZ's MCSE of the mean of the draws, or of the exceedance indicator;
``harness.quality.agreement.backends_agree``: z tests, Bonferroni over the compared quantities at 1%).
The tiny scale runs every prior on NumPyro and the backend comparison only for the first (21.18,
informative); the weak 21.27 reference is left out.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from harness.studies.context import BACKEND_NUTS, StudyContext, StudyResult
from harness.quality.agreement import backends_agree
from harness.studies.summaries import scalar_summary

DIABETES, OCEAN, MEDICORE = "diabetes_trial-hierarchical", "ocean_basins-hierarchical_trends", "medicore-hierarchical"
EFFECT_THRESHOLD = 0.5  # % HbA1c reduction (21.18)
TREND_THRESHOLD = 0.25  # deg C per decade (21.19)
VARIANTS = [("21.18", DIABETES, "prior", "informative"), ("21.18", DIABETES, "prior", "weak"),
            ("21.19", OCEAN, None, "default"),
            ("21.27", MEDICORE, "mu_prior", "elicited_normal"), ("21.27", MEDICORE, "mu_prior", "elicited_t"),
            ("21.27", MEDICORE, "mu_prior", "weak")]
# per exercise, what it reports: (parameter, what its elements are or None for a scalar, threshold of P(> threshold))
PARAMETERS = {"21.18": [("mu", None, EFFECT_THRESHOLD), ("theta", "site", EFFECT_THRESHOLD)],
              "21.19": [("mu_beta", None, TREND_THRESHOLD), ("beta", "basin", TREND_THRESHOLD)],
              "21.27": [("mu_pop", None, 0.0), ("tau", None, math.nan)]}
ELICITED = {"median": 9.0, "q05": 2.0, "q95": 16.0, "t_df": 3.0}  # 21.27: the expert's beliefs (mmHg)
PROB = 0.95
DECISION_PROB = 0.95  # 21.18: the posterior probability a confident claim needs
MEANINGFUL_SD = 0.2  # 21.27: a prior family matters when it moves mu_pop's mean by more than this many sds
COLUMNS = ["exercise", "posterior", "prior", "backend", "parameter", "index", "mean", "sd", "median", "lower_95",
           "upper_95", "mcse_mean", "threshold", "p_exceed", "mcse_p"]


def cells(context: StudyContext) -> list[tuple[str, str, str, tuple]]:
    """(exercise, prior, backend, harness cell) per fit: every variant on both backends (see the tiny scale above)."""
    tiny = context.scale.name == "tiny"
    out = []
    for k, (exercise, posterior, option, value) in enumerate(VARIANTS):
        if tiny and (exercise, value) == ("21.27", "weak"):
            continue
        backends = (["numpyro"] + (["pymc"] if k == 0 else [])) if tiny else list(BACKEND_NUTS)
        options = {option: value} if option else {}
        out += [(exercise, value, b, (posterior, BACKEND_NUTS[b], context.config(options=options))) for b in backends]
    return out


def posterior_summary(values: np.ndarray, threshold: float) -> dict:
    """Mean, sd, median, 95% HDI, MCSE of the mean, and P(> threshold) with its MCSE, of (chain, draw) draws."""
    s = scalar_summary(values, threshold=threshold, prob=PROB)
    return {"mean": s["mean"], "sd": s["sd"], "median": s["median"], "lower_95": s["lower_95"],
            "upper_95": s["upper_95"], "mcse_mean": s["mcse"], "threshold": threshold, "p_exceed": s["p_exceed"],
            "mcse_p": s["mcse_p"]}


def fit_rows(exercise: str, posterior: str, prior: str, backend: str, draws: dict) -> list[dict]:
    """The table rows of one fit: the exercise's parameters, vector ones per element."""
    rows = []
    for name, index, threshold in PARAMETERS[exercise]:
        values = draws[name]
        elements = [(None, values)] if index is None else [(j, values[..., j]) for j in range(values.shape[-1])]
        rows += [{"exercise": exercise, "posterior": posterior, "prior": prior, "backend": backend, "parameter": name,
                  "index": j, **posterior_summary(v, threshold)} for j, v in elements]
    return rows


def agreement(table: pd.DataFrame) -> pd.DataFrame:
    """Per exercise, prior and quantity fitted on both backends: the compared statistic and ``backends_agree``'s
    test over all of them."""
    rows = []
    keys = ["exercise", "prior", "parameter", "index"]
    for key, group in table.groupby(keys, dropna=False, sort=False):
        if set(group["backend"]) != set(BACKEND_NUTS) or key[2] == "tau":
            continue
        a, b = (group[group["backend"] == backend].iloc[0] for backend in BACKEND_NUTS)
        stat, error = ("p_exceed", "mcse_p") if key[0] != "21.27" else ("mean", "mcse_mean")
        rows.append({**dict(zip(keys, key)), "statistic": "P(> threshold)" if stat == "p_exceed" else "mean",
                     "pymc": a[stat], "numpyro": b[stat], "mcse_pymc": a[error], "mcse_numpyro": b[error]})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    tests = backends_agree(frame["pymc"], frame["numpyro"], frame["mcse_pymc"], frame["mcse_numpyro"])
    return frame.drop(columns=["mcse_pymc", "mcse_numpyro"]).join(tests["elements"])


def ols_trends(data: dict) -> pd.DataFrame:
    """Per basin: the OLS slope of anomaly on decade (statsmodels), its SE, 95% CI and two-sided p-value."""
    import statsmodels.api as sm

    rows = []
    for b in range(len(data["n_stations"])):
        mask = data["basin"] == b
        fit = sm.OLS(data["y"][mask], sm.add_constant(data["decade"][mask])).fit()
        low, high = fit.conf_int(alpha=1 - PROB)[1]
        rows.append({"basin": b, "n_stations": int(data["n_stations"][b]), "n_years": int(mask.sum()),
                     "ols_slope": fit.params[1], "ols_se": fit.bse[1], "ols_lower_95": low, "ols_upper_95": high,
                     "ols_p": fit.pvalues[1], "ols_significant": bool(fit.pvalues[1] < 1 - PROB and fit.params[1] > 0)})
    return pd.DataFrame(rows)


def basin_comparison(table: pd.DataFrame, ols: pd.DataFrame) -> pd.DataFrame:
    """OLS per basin beside each backend's hierarchical trend, P(> 0.25) and credible warming (HDI above 0)."""
    out = ols.copy()
    beta = table[(table["exercise"] == "21.19") & (table["parameter"] == "beta")]
    for backend, rows in beta.groupby("backend", sort=False):
        rows = rows.set_index("index").reindex(out["basin"])
        out[f"{backend}_mean"] = rows["mean"].to_numpy()
        out[f"{backend}_lower_95"] = rows["lower_95"].to_numpy()
        out[f"{backend}_p_above_0.25"] = rows["p_exceed"].to_numpy()
        out[f"{backend}_credible"] = (rows["lower_95"] > 0).to_numpy()
        out[f"{backend}_changes_conclusion"] = out[f"{backend}_credible"] != out["ols_significant"]
    return out


def elicited_priors() -> pd.DataFrame:
    """The MATCH fit of the expert's quantiles by a Normal and a Student-t (scipy), beside the twins' priors."""
    from scipy import stats

    from models.medicore_priors import MU_PRIORS

    half = (ELICITED["q95"] - ELICITED["q05"]) / 2
    df_t = ELICITED["t_df"]
    fitted = {"elicited_normal": (None, ELICITED["median"], half / stats.norm.ppf(0.95)),
              "elicited_t": (df_t, ELICITED["median"], half / stats.t.ppf(0.95, df_t)),
              "weak": MU_PRIORS["weak"]}
    rows = []
    for name, (df, loc, scale) in fitted.items():
        prior = stats.norm(loc, scale) if df is None else stats.t(df, loc, scale)
        rows.append({"prior": name, "family": "Normal" if df is None else f"Student-t (df {df:g})", "loc": loc,
                     "scale": scale, "twin_scale": MU_PRIORS[name][2], "q05": prior.ppf(0.05),
                     "q50": prior.ppf(0.5), "q95": prior.ppf(0.95), "p_below_0": prior.cdf(0.0),
                     "p_above_20": prior.sf(20.0)})
    return pd.DataFrame(rows)


def regulatory_table(table: pd.DataFrame, priors: pd.DataFrame, data: dict, backend: str) -> pd.DataFrame:
    """21.27(d): per prior, the prior, the data, the posterior of mu_pop and the shift from the Normal prior."""
    mine = table[(table["exercise"] == "21.27") & (table["backend"] == backend)]
    mu = mine[mine["parameter"] == "mu_pop"].set_index("prior")
    tau = mine[mine["parameter"] == "tau"].set_index("prior")
    observed = f"{len(data['y'])} hospitals, {int(data['n_per_arm'].sum())} patients per arm; observed effects " \
               f"{data['y'].min():.1f} to {data['y'].max():.1f} mmHg (se {data['sigma'].min():.1f} to " \
               f"{data['sigma'].max():.1f})"
    rows = []
    for prior in priors.itertuples():
        if prior.prior not in mu.index:
            continue
        post = mu.loc[prior.prior]
        reference = mu.loc["elicited_normal"] if "elicited_normal" in mu.index else post
        rows.append({"prior": prior.prior, "prior_family": prior.family, "prior_loc": prior.loc,
                     "prior_scale": prior.scale, "prior_90%_interval": f"{prior.q05:.1f} to {prior.q95:.1f}",
                     "prior_P(<0)": prior.p_below_0, "prior_P(>20)": prior.p_above_20,
                     "data": observed,
                     "backend": backend, "posterior_mean": post["mean"], "posterior_sd": post["sd"],
                     "posterior_95%_HDI": f"{post['lower_95']:.2f} to {post['upper_95']:.2f}",
                     "posterior_P(>0)": post["p_exceed"], "tau_median": tau.loc[prior.prior, "median"],
                     "shift_vs_normal_sd": (post["mean"] - reference["mean"]) / reference["sd"]})
    return pd.DataFrame(rows)


def run(context: StudyContext) -> StudyResult:
    """All fits through the harness; per-exercise summaries, OLS, elicited priors, agreement, findings."""
    from models import catalog

    planned = cells(context)
    fits = context.fit_many([cell for *_, cell in planned])
    rows, draws, runs = [], {}, []
    for (exercise, prior, backend, (posterior, _, _)), fit in zip(planned, fits):
        record = fit.record
        runs.append({"exercise": exercise, "prior": prior, "backend": backend, "status": record.status,
                     "rhat_max": record.rhat_max, "ess_bulk_min": record.ess_bulk_min,
                     "divergences": record.divergences})
        if fit.ok:
            draws[(exercise, prior, backend)] = fit.draws
            rows += fit_rows(exercise, posterior, prior, backend, fit.draws)
    table = pd.DataFrame(rows, columns=COLUMNS)
    ocean, medicore = catalog.get(OCEAN).load_data(), catalog.get(MEDICORE).load_data()
    basins = basin_comparison(table, ols_trends(ocean))
    priors = elicited_priors()
    agree = agreement(table)
    backend = next((b for b in BACKEND_NUTS if ((table["exercise"] == "21.27") & (table["backend"] == b)).any()),
                   "numpyro")
    regulatory = regulatory_table(table, priors, medicore, backend)
    findings = (answers_2118(table) + answers_2119(table, basins) + answers_2127(priors, regulatory)
                + [agreement_finding(agree), diagnostics_finding(pd.DataFrame(runs))])
    tables = {"21.19: hierarchical vs OLS per basin (deg C per decade)": basins,
              "21.27: elicited priors (MATCH fit of median 9, 5th 2, 95th 16 mmHg)": priors,
              "21.27(d): prior, data, posterior and sensitivity (regulatory summary)": regulatory,
              "Backend agreement (MCSE z tests, Bonferroni)": agree, "Fits": pd.DataFrame(runs)}
    return StudyResult(table=table, findings=findings, tables=tables,
                       figure_data={"basins": basins, "draws": draws})


def _by_backend(rows: pd.DataFrame, fmt: str) -> str:
    """One formatted value per backend present, 'pymc x / numpyro y'."""
    return " / ".join(f"{r.backend} " + fmt.format(**r._asdict()) for r in rows.itertuples())


def answers_2118(table: pd.DataFrame) -> list[str]:
    """21.18 (a)-(d) in sentences: mu with its 95% HDI, the site range, P(mu > 0.5) per prior, the sensitivity."""
    mine = table[table["exercise"] == "21.18"]
    mu, theta = mine[mine["parameter"] == "mu"], mine[mine["parameter"] == "theta"]
    out = []
    for prior, rows in mu.groupby("prior", sort=False):
        sites = theta[theta["prior"] == prior]
        out.append(f"21.18(a-c), {prior} prior: population HbA1c reduction mu "
                   f"{_by_backend(rows, '{mean:.3f}% (95% HDI {lower_95:.3f} to {upper_95:.3f})')}; site effects "
                   f"range {sites['mean'].min():.2f} to {sites['mean'].max():.2f}%; P(mu > {EFFECT_THRESHOLD}%) "
                   f"{_by_backend(rows, '{p_exceed:.3f} (MCSE {mcse_p:.3f})')}.")
    both = mu.pivot_table(index="backend", columns="prior", values="p_exceed", sort=False).dropna()
    if both.shape[1] == 2 and len(both):  # the backends that fitted both priors
        a, b = both.columns
        pa, pb = both[a].mean(), both[b].mean()
        per_backend = "; ".join(f"{backend} {row[a]:.3f} vs {row[b]:.3f}" for backend, row in both.iterrows())
        decision = (f"both above {DECISION_PROB}: the effect exceeds {EFFECT_THRESHOLD}% with high probability under "
                    f"either prior" if min(pa, pb) > DECISION_PROB else
                    f"both at most {DECISION_PROB}: neither prior makes the effect above {EFFECT_THRESHOLD}% "
                    f"near-certain"
                    if max(pa, pb) <= DECISION_PROB else
                    f"they fall on opposite sides of {DECISION_PROB}: a claim at that level depends on the prior")
        out.append(f"21.18(d) sensitivity: P(mu > {EFFECT_THRESHOLD}%) under the {a} vs the {b} prior: {per_backend} "
                   f"(means {pa:.3f} vs {pb:.3f}, difference {pa - pb:+.3f}); {decision}.")
    return out


def answers_2119(table: pd.DataFrame, basins: pd.DataFrame) -> list[str]:
    """21.19 (c) and (d) in sentences: the basin most likely above 0.25 deg C/decade, and OLS vs hierarchical."""
    beta = table[(table["exercise"] == "21.19") & (table["parameter"] == "beta")]
    if beta.empty:
        return ["21.19: not answered (no ocean fit finished)."]
    out = []
    tops = {}
    for backend, rows in beta.groupby("backend", sort=False):
        top = rows.loc[rows["p_exceed"].idxmax()]
        tops[backend] = int(top["index"])
        runner = rows.drop(index=top.name).loc[lambda r: r["p_exceed"].idxmax()]
        ols = basins.set_index("basin").loc[int(top["index"])]
        out.append(f"21.19(c), {backend}: basin {int(top['index'])} has the highest P(trend > {TREND_THRESHOLD} "
                   f"deg C/decade) = {top['p_exceed']:.3f} (MCSE {top['mcse_p']:.3f}; trend {top['mean']:.3f}, 95% "
                   f"HDI {top['lower_95']:.3f} to {top['upper_95']:.3f}; OLS {ols['ols_slope']:.3f}, "
                   f"{ols['n_stations']} stations over {ols['n_years']} years); next is basin {int(runner['index'])} "
                   f"at {runner['p_exceed']:.3f}.")
    for backend in tops:
        changed = basins[basins[f"{backend}_changes_conclusion"]]
        detail = "; ".join(f"basin {r.basin} (OLS {r.ols_slope:.3f}, p = {r.ols_p:.3f}; hierarchical "
                           f"{getattr(r, f'{backend}_mean'):.3f}, HDI from {getattr(r, f'{backend}_lower_95'):.3f}, "
                           f"{r.n_stations} stations, {r.n_years} years)" for r in changed.itertuples())
        unsure = basins[~basins[f"{backend}_credible"]]
        closest = (unsure.loc[unsure[f"{backend}_lower_95"].abs().idxmin()] if len(unsure) else None)
        near = ("" if closest is None or len(changed) else
                f" (closest: basin {int(closest['basin'])}, OLS p = {closest['ols_p']:.3f}, 95% HDI from "
                f"{closest[f'{backend}_lower_95']:.3f})")
        out.append(f"21.19(d), {backend}: OLS finds significant warming (p < 0.05) in "
                   f"{int(basins['ols_significant'].sum())} of {len(basins)} basins, the hierarchical model credible "
                   f"warming (95% HDI above 0) in {int(basins[f'{backend}_credible'].sum())}; the conclusion changes "
                   + (f"for {len(changed)}: {detail}." if len(changed) else f"for none{near}."))
    return out


def answers_2127(priors: pd.DataFrame, regulatory: pd.DataFrame) -> list[str]:
    """21.27 (a)-(c) in sentences: the fitted priors and whether Normal vs t matters for mu_pop."""
    normal, student = (priors.set_index("prior").loc[p] for p in ("elicited_normal", "elicited_t"))
    match = all(abs(r.scale - r.twin_scale) < 1e-9 for r in priors.itertuples())
    out = [f"21.27(a,b): matching median 9, 5th percentile 2 and 95th 16 mmHg gives Normal(9, {normal.scale:.4f}) "
           f"and Student-t(df {ELICITED['t_df']:g}, 9, {student.scale:.4f}); prior P(mu < 0) {normal.p_below_0:.4f} "
           f"vs {student.p_below_0:.4f} and P(mu > 20) {normal.p_above_20:.4f} vs {student.p_above_20:.4f} (the t's "
           f"heavier tails); " + ("these are the priors the twins use." if match else
                                  "these DIFFER from the priors the twins use (models/medicore_priors.py).")]
    rows = regulatory.set_index("prior")
    if {"elicited_normal", "elicited_t"} <= set(rows.index):
        n, t = rows.loc["elicited_normal"], rows.loc["elicited_t"]
        verdict = ("the prior family does not matter" if abs(t["shift_vs_normal_sd"]) <= MEANINGFUL_SD else
                   "the prior family matters")
        weak = (f"; with the weak prior (data alone) {rows.loc['weak', 'posterior_mean']:.2f} "
                f"(95% HDI {rows.loc['weak', 'posterior_95%_HDI']})" if "weak" in rows.index else "")
        out.append(f"21.27(c), {n['backend']}: mu_pop's posterior mean is {n['posterior_mean']:.2f} mmHg (95% HDI "
                   f"{n['posterior_95%_HDI']}) under the Normal prior and {t['posterior_mean']:.2f} "
                   f"({t['posterior_95%_HDI']}) under the t{weak}: the t moves it by {t['shift_vs_normal_sd']:+.2f} "
                   f"posterior sds, so {verdict} (threshold {MEANINGFUL_SD} sd); posterior sd {n['posterior_sd']:.2f} "
                   f"/ {t['posterior_sd']:.2f} against prior scales {n['prior_scale']:.2f} / {t['prior_scale']:.2f}.")
    return out


def agreement_finding(agree: pd.DataFrame) -> str:
    """One sentence: do the two backends agree within Monte Carlo error on every compared quantity?"""
    if agree.empty:
        return "Backends: no quantity was fitted on both backends."
    bad = agree[~agree["agree"]]
    if bad.empty:
        return (f"Backends: PyMC and NumPyro agree within Monte Carlo error on all {len(agree)} compared quantities "
                f"(P(> threshold) for 21.18/21.19, mu_pop's mean for 21.27).")
    return (f"Backends: PyMC and NumPyro DISAGREE beyond Monte Carlo error on {len(bad)} of {len(agree)} quantities: "
            + ", ".join(f"{r.exercise} {r.prior} {r.parameter}{'' if pd.isna(r.index) else int(r.index)}"
                        for r in bad.itertuples()) + ".")


def diagnostics_finding(runs: pd.DataFrame) -> str:
    """One sentence on the fits' convergence: how many finished, worst R-hat, smallest bulk ESS, divergences."""
    done = runs[runs["status"] == "ok"]
    divergent = done[done["divergences"] > 0]
    where = "; ".join(f"{r.exercise} {r.prior} {r.backend}: {int(r.divergences)}" for r in divergent.itertuples())
    return (f"Fits: {len(done)} of {len(runs)} finished; worst R-hat {done['rhat_max'].max():.3f}, smallest bulk ESS "
            f"{done['ess_bulk_min'].min():.0f}, divergences {int(done['divergences'].sum())} in all"
            + (f" ({where})." if where else "."))
