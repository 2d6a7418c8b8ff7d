"""Exercises 21.10, 21.11 and 21.17: shrinkage and ranking of schools, the lunch_pct slope, market HDIs.

Each posterior is fitted with each library's own default NUTS (``pymc.default``, ``numpyro.nuts``)
through the harness, and every quantity is computed from each fit's draws:

- 21.10 (``reading_scores-hierarchical``): per school the posterior mean and 94% HDI (ArviZ 1) of
  ``theta``; the shrinkage weight E[se_j^2 / (se_j^2 + tau^2)] (the weight the normal-normal model
  puts on the population mean in school j's conditional posterior mean; 0 = no shrinkage, 1 =
  complete pooling); the shift of the estimate from the raw mean; P(school j is best), the share of
  draws in which its ``theta`` is the largest, with its MCSE; raw and posterior rankings.
- 21.11 (``reading_scores-hierarchical_lunch``): mean, 94% HDI and P(beta < 0) of ``beta``; PSIS-LOO of
  both reading-score models from the NumPyro twin's pointwise log-likelihood (harness/studies/predictive/loglik.py),
  corrected where Pareto k > 0.7 (``harness.studies.predictive.exact_loo``: with one observation per school most
  schools are flagged, so every school is refitted without it), and compared on the corrected values with
  ArviZ 1's ``compare`` (``harness.studies.exercises.loo_waic.comparison``); PSIS's value stays beside it.
- 21.17 (``pricing_markets-hierarchical``): per market the posterior mean and 94% HDI of the conversion
  rate, and its change relative to the raw rate.

The backends agree on a posterior when every posterior mean and sd agree within Monte Carlo error
(``harness.quality.agreement``: MCSE-based z tests, Bonferroni at family-wise 1%); P(best) is compared the
same way with ArviZ 1's MCSE of the indicator's mean (``backends_agree``), and elpd_loo likewise with
the per-chain spread of the corrected elpd (``exact_loo``) (``elpd_verdicts``, as in loo_waic and loo_compare).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from harness.quality.agreement import agreement, backends_agree
from harness.studies.predictive.exact_loo import LooTarget, corrected_loo, trust_sentence
from harness.studies.predictive.loglik import pointwise_log_likelihood
from harness.studies.context import BACKEND_NUTS, Fit, StudyContext, StudyResult
from harness.studies.exercises.loo_waic import comparison, elpd_verdicts

SCHOOLS = "reading_scores-hierarchical"
SCHOOLS_LUNCH = "reading_scores-hierarchical_lunch"
MARKETS = "pricing_markets-hierarchical"
POSTERIORS = [SCHOOLS, SCHOOLS_LUNCH, MARKETS]
MARKET_NAMES = ["US", "UK", "Germany", "France", "Japan", "Brazil", "India", "Australia"]  # dataset order
HDI_PROB = 0.94
COLUMNS = ["exercise", "posterior", "backend", "quantity", "group", "n", "raw", "se", "mean", "sd", "mcse_mean",
           "hdi_low", "hdi_high", "shrinkage", "shift", "change_rel", "p_best", "mcse_p_best", "rank_raw", "rank_mean",
           "rank_p_best", "p_below_0", "elpd_loo_psis", "se_loo_psis", "elpd_loo", "se_loo", "n_refit",
           "method_of_correction", "elpd_mcse", "elpd_diff", "dse", "weight", "max_pareto_k", "n_k_above_0_7"]
LOO_FIELDS = ("elpd_loo_psis", "se_loo_psis", "n_refit", "method_of_correction", "elpd_mcse", "max_pareto_k",
              "n_k_above_0_7")


def hdi(samples: np.ndarray, prob: float = HDI_PROB) -> np.ndarray:
    """ArviZ 1's highest-density interval of (chain, draw, *shape) samples: (*shape, 2) lower, upper."""
    import arviz as az

    return np.asarray(az.hdi(az.from_dict({"posterior": {"x": np.asarray(samples)}}), prob=prob)["x"].values)


def mcse_mean(samples: np.ndarray) -> np.ndarray:
    """ArviZ 1's MCSE of the mean of (chain, draw, *shape) samples, per element (0 where the samples are constant)."""
    import arviz as az

    return np.nan_to_num(np.asarray(az.mcse(np.asarray(samples, dtype=float))), nan=0.0)


def shrinkage_weight(tau: np.ndarray, se: np.ndarray) -> np.ndarray:
    """Posterior mean of se_j^2 / (se_j^2 + tau^2) per group: the weight on the population mean."""
    tau2 = np.asarray(tau).reshape(-1, 1) ** 2
    return (se**2 / (se**2 + tau2)).mean(axis=0)


def p_best(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """P(group j has the largest theta) per group, and its MCSE, from (chain, draw, group) draws."""
    best = (theta == theta.max(axis=-1, keepdims=True)).astype(float)
    return best.mean(axis=(0, 1)), mcse_mean(best)


def backend_verdict(what: str, fits: dict[str, Fit], elements: list[str]) -> str:
    """One sentence: do both backends' means and sds of ``elements`` agree within Monte Carlo error?"""
    if not all(fit.ok for fit in fits.values()):
        return f"{what}: not compared across backends (a fit did not finish)."
    summaries = [{e: fit.record.summary[e] for e in elements} for fit in fits.values()]
    result = agreement(summaries[0], summaries[1])
    verdict = "agree within Monte Carlo error" if result["agrees"] else "DISAGREE beyond Monte Carlo error"
    return (f"{what}: pymc and numpyro posterior means and sds {verdict} (largest z {result['max_z']:.2f} at "
            f"{result['max_z_at']}, Bonferroni threshold {result['threshold']:.2f} over {result['n_tests']} tests).")


def z_verdict(what: str, values: list[np.ndarray], errors: list[np.ndarray]) -> str:
    """One sentence: do two backends' estimates agree within their MCSEs (Bonferroni over the elements)?"""
    test = backends_agree(values[0], values[1], errors[0], errors[1])
    verdict = "agree within Monte Carlo error" if test["agrees"] else "DISAGREE beyond Monte Carlo error"
    return (f"{what}: pymc and numpyro {verdict} (largest |difference| "
            f"{test['elements']['abs_difference'].max():.3f}, z {test['elements']['z'].max():.2f}, threshold "
            f"{test['threshold']:.2f} over {test['n_tests']} tests).")


def names_of(groups: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return groups[0] if len(groups) == 1 else ", ".join(groups[:-1]) + " and " + groups[-1]


def school_rows(fit: Fit, data: dict, backend: str) -> pd.DataFrame:
    """21.10 per school: raw mean, posterior mean/sd/MCSE/HDI, shrinkage weight, shift, P(best), ranks."""
    theta = fit.draws["theta"]
    interval = hdi(theta)
    best, best_mcse = p_best(theta)
    frame = pd.DataFrame({
        "exercise": "21.10", "posterior": SCHOOLS, "backend": backend, "quantity": "theta",
        "group": [f"school {j + 1}" for j in range(theta.shape[-1])], "n": data["sample_sizes"],
        "raw": data["school_means"], "se": data["school_ses"], "mean": theta.mean(axis=(0, 1)),
        "sd": theta.std(axis=(0, 1), ddof=1), "mcse_mean": mcse_mean(theta), "hdi_low": interval[:, 0],
        "hdi_high": interval[:, 1], "shrinkage": shrinkage_weight(fit.draws["tau"], data["school_ses"]),
        "p_best": best, "mcse_p_best": best_mcse})
    frame["shift"] = frame["mean"] - frame["raw"]
    frame["rank_raw"] = frame["raw"].rank(ascending=False, method="min").astype(int)
    frame["rank_mean"] = frame["mean"].rank(ascending=False, method="min").astype(int)
    frame["rank_p_best"] = frame["p_best"].rank(ascending=False, method="min").astype(int)
    return frame


def beta_row(fit: Fit, backend: str) -> dict:
    """21.11: the lunch_pct slope's mean, sd, MCSE, 94% HDI and P(beta < 0)."""
    beta = fit.draws["beta"]
    low, high = hdi(beta)
    return {"exercise": "21.11", "posterior": SCHOOLS_LUNCH, "backend": backend, "quantity": "beta",
            "group": "beta (per 20 points of lunch_pct)", "mean": beta.mean(), "sd": beta.std(ddof=1),
            "mcse_mean": float(mcse_mean(beta)), "hdi_low": low, "hdi_high": high,
            "p_below_0": float((beta < 0).mean())}


def market_rows(fit: Fit, data: dict, backend: str) -> pd.DataFrame:
    """21.17 per market: raw rate, posterior mean/sd/MCSE, 94% HDI and the change relative to the raw rate."""
    theta = fit.draws["theta"]
    interval = hdi(theta)
    raw = data["y"] / data["n"]
    frame = pd.DataFrame({
        "exercise": "21.17", "posterior": MARKETS, "backend": backend, "quantity": "theta", "group": MARKET_NAMES,
        "n": data["n"], "raw": raw, "se": np.sqrt(raw * (1 - raw) / data["n"]), "mean": theta.mean(axis=(0, 1)),
        "sd": theta.std(axis=(0, 1), ddof=1), "mcse_mean": mcse_mean(theta), "hdi_low": interval[:, 0],
        "hdi_high": interval[:, 1]})
    frame["change_rel"] = (frame["mean"] - frame["raw"]) / frame["raw"]
    return frame


def school_findings(schools: pd.DataFrame) -> list[str]:
    """21.10 (b) most and least shrinkage and why; (c) P(best) against the raw ranking."""
    most = schools[np.isclose(schools["shrinkage"], schools["shrinkage"].max())]
    least = schools[np.isclose(schools["shrinkage"], schools["shrinkage"].min())]
    pulled = schools.loc[schools["shift"].abs().idxmax()]
    raw_top = schools.sort_values("rank_raw").iloc[:3]
    top = schools.sort_values("p_best", ascending=False).iloc[:3]
    first, leader = raw_top.iloc[0], top.iloc[0]
    if leader["p_best"] >= 0.9:
        advice = (f"{leader['group']} is best with probability {leader['p_best']:.3f}: the posterior supports "
                  f"rewarding it" + (" (the raw leader)." if leader["group"] == first["group"] else "."))
    else:
        advice = (f"no school is best with probability 0.9 or more (max {leader['p_best']:.2f}), so the posterior "
                  f"does not single out a school to reward.")
    return [
        f"21.10b: most shrinkage: {names_of(list(most['group']))} (n = {int(most['n'].iloc[0])}, se "
        f"{most['se'].iloc[0]:.2f}, weight on the population mean {most['shrinkage'].iloc[0]:.3f}); least: "
        f"{names_of(list(least['group']))} (n = {int(least['n'].iloc[0])}, se {least['se'].iloc[0]:.2f}, weight "
        f"{least['shrinkage'].iloc[0]:.3f}). Why: the weight se^2 / (se^2 + tau^2) compares a school's standard error "
        f"with the between-school sd tau, so the fewest students give the noisiest mean and the most borrowing; the "
        f"pull in points (weight x distance from mu) is largest for {pulled['group']} ({pulled['raw']:.2f} -> "
        f"{pulled['mean']:.2f}, n = {int(pulled['n'])}).",
        f"21.10c: the highest raw average is {first['group']} ({first['raw']:.1f}, n = {int(first['n'])}), with "
        f"P(best) = {first['p_best']:.3f}; by P(best) the top three are "
        + ", ".join(f"{r.group} {r.p_best:.3f} (raw rank {int(r.rank_raw)})" for r in top.itertuples())
        + "; raw top three: " + ", ".join(f"{r.group} ({r.raw:.1f}, n = {int(r.n)})" for r in raw_top.itertuples())
        + f"; {advice} {rank_changes(schools)}",
    ]


def rank_changes(schools: pd.DataFrame) -> str:
    """How the ranking by posterior mean differs from the raw ranking (schools that move, Spearman rho)."""
    from scipy.stats import spearmanr

    moved = schools[schools["rank_mean"] != schools["rank_raw"]]
    rho = spearmanr(schools["raw"], schools["mean"]).statistic
    if moved.empty:
        return (f"Ranked by posterior mean the order is the raw order (Spearman rho {rho:.3f}): shrinkage weights of "
                f"at most {schools['shrinkage'].max():.2f} are too small to reorder these schools; what the posterior "
                f"adds is how sure the ranking is.")
    return (f"Ranked by posterior mean, {len(moved)} schools change place (Spearman rho with the raw ranking "
            f"{rho:.3f}): " + ", ".join(f"{r.group} {int(r.rank_raw)} -> {int(r.rank_mean)}"
                                        for r in moved.itertuples()) + ".")


def beta_finding(row: pd.Series) -> str:
    """21.11 (b): is there a credible association between lunch_pct and reading scores?"""
    credible = row["hdi_high"] < 0 or row["hdi_low"] > 0
    return (f"21.11b: beta = {row['mean']:.2f} points per 20 points of lunch_pct, 94% HDI [{row['hdi_low']:.2f}, "
            f"{row['hdi_high']:.2f}], P(beta < 0) = {row['p_below_0']:.3f}: "
            + ("a credible (negative) association: schools with more lunch support score lower." if credible and
               row["mean"] < 0 else "a credible association." if credible else
               "no credible association (the HDI covers 0)."))


def loo_finding(models: pd.DataFrame, n_schools: int) -> str:
    """21.11 (c): does lunch_pct improve out-of-sample prediction by (corrected) LOO? ``models``: best first."""
    best, other = models.iloc[0], models.iloc[1]
    from harness.studies.exercises.loo_compare import clearly_worse

    verdict = (f"{best['group']} clearly predicts better" if clearly_worse(other) else
               f"{best['group']} ranks first but the difference is small (under 4 or within 2 dse): no clear improvement")
    counts = " and ".join(f"{int(r.n_k_above_0_7)} ({r.group})" for r in models.itertuples())
    psis_best = models.loc[models["elpd_loo_psis"].idxmax(), "group"]
    caveat = (f"; Pareto k exceeded 0.7 for {counts} of {n_schools} schools (max {models['max_pareto_k'].max():.2f}: "
              f"with one observation per school, leaving it out moves that school's theta from its data to the "
              f"population), so these are exact refits, not PSIS (PSIS: "
              + ", ".join(f"{r.group} {r.elpd_loo_psis:.2f}" for r in models.itertuples()) + "); "
              + ("PSIS alone ranked the same model first" if psis_best == best["group"] else
                 f"the preference CHANGED: PSIS alone ranked {psis_best} first")
              if models["n_k_above_0_7"].max() > 0 else "; every Pareto k is below 0.7")
    return (f"21.11c: elpd_loo {best['group']} {best['elpd_loo']:.2f} vs {other['group']} {other['elpd_loo']:.2f}, "
            f"difference {other['elpd_diff']:.2f} (dse {other['dse']:.2f}), stacking weight {best['weight']:.2f} on "
            f"{best['group']}: {verdict}{caveat}.")


def market_findings(markets: pd.DataFrame) -> list[str]:
    """21.17 (b) posterior mean and 94% HDI per market; (c) the largest and smallest change from the raw rate."""
    hdis = "; ".join(f"{r.group} {r.mean:.4f} [{r.hdi_low:.4f}, {r.hdi_high:.4f}]" for r in markets.itertuples())
    order = markets["change_rel"].abs().sort_values().index
    most, least = markets.loc[order[-1]], markets.loc[order[0]]
    return [f"21.17b: posterior mean [94% HDI] of the conversion rate: {hdis}.",
            f"21.17c: the estimate changes most for {most['group']} (n = {int(most['n'])}, raw {most['raw']:.4f} -> "
            f"{most['mean']:.4f}, {100 * most['change_rel']:+.1f}%) and least for {least['group']} "
            f"(n = {int(least['n'])}, "
            f"{100 * least['change_rel']:+.2f}%): a small market's raw rate is noisy and far from the others, so it is "
            f"pulled toward the pooled rate; a large market's data outweigh the population prior."]


def run(context: StudyContext) -> StudyResult:
    """Fit the three posteriors on both backends; shrinkage, P(best), beta, LOO and market HDIs."""
    from models import catalog

    cells = [(p, BACKEND_NUTS[b], context.config()) for p in POSTERIORS for b in BACKEND_NUTS]
    fits = dict(zip([(p, b) for p in POSTERIORS for b in BACKEND_NUTS], context.fit_many(cells)))
    data = {p: catalog.get(p).load_data() for p in POSTERIORS}
    loos = corrected_loo(context, {(p, b): LooTarget(p, b, pointwise_log_likelihood(catalog.get(p), fits[(p, b)].draws,
                                                                                    data[p]))
                                   for p in (SCHOOLS, SCHOOLS_LUNCH) for b in BACKEND_NUTS if fits[(p, b)].ok})
    frames, findings, tables = [], [], {}
    for backend in BACKEND_NUTS:
        ok = {p for p in POSTERIORS if fits[(p, backend)].ok}
        findings += [f"{p}, {backend}: the fit did not finish ({fits[(p, backend)].record.status})."
                     for p in POSTERIORS if p not in ok]
        mine = []
        if SCHOOLS in ok:
            mine.append(school_rows(fits[(SCHOOLS, backend)], data[SCHOOLS], backend))
        if SCHOOLS_LUNCH in ok:
            mine.append(pd.DataFrame([beta_row(fits[(SCHOOLS_LUNCH, backend)], backend)]))
        if MARKETS in ok:
            mine.append(market_rows(fits[(MARKETS, backend)], data[MARKETS], backend))
        if {SCHOOLS, SCHOOLS_LUNCH} <= ok:
            compared, models = loo_rows({p: loos[(p, backend)] for p in (SCHOOLS, SCHOOLS_LUNCH)}, backend)
            tables[f"21.11 LOO comparison (corrected where Pareto k > 0.7), {backend}"] = compared
            mine.append(models)
        frame = pd.concat(mine, ignore_index=True).reindex(columns=COLUMNS) if mine else pd.DataFrame(columns=COLUMNS)
        frames.append(frame)
        findings += [f"[{backend}] {line}" for line in backend_findings(frame)]
    findings += [trust_sentence(f"21.11 {p} [{b}]", result) for (p, b), result in loos.items()]
    table = pd.concat(frames, ignore_index=True)
    findings += agreement_findings(fits, table)
    tables.update(wide_tables(table))
    return StudyResult(table=table, findings=findings, tables=tables)


def loo_rows(loos: dict[str, dict], backend: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """21.11c: ArviZ 1's comparison of the two reading-score models on their corrected LOO
    (``exact_loo.corrected_loo`` results by posterior), and one table row per model."""
    compared = comparison({p: result["elpd_data"] for p, result in loos.items()})
    rows = [{"exercise": "21.11", "posterior": r.model, "backend": backend, "quantity": "model", "group": r.model,
             "elpd_loo": r.elpd, "se_loo": r.se, "elpd_diff": r.elpd_diff, "dse": r.dse, "weight": r.weight,
             **{k: loos[r.model][k] for k in LOO_FIELDS}}
            for r in compared.itertuples()]
    return compared, pd.DataFrame(rows)


def backend_findings(frame: pd.DataFrame) -> list[str]:
    """The answers from one backend's rows: 21.10b-c, 21.11b-c, 21.17b-c."""
    lines = []
    schools, beta = school_table(frame), frame[frame["quantity"] == "beta"]
    markets, models = frame[frame["posterior"] == MARKETS], frame[frame["quantity"] == "model"]
    if len(schools):
        lines += school_findings(schools)
    if len(beta):
        lines.append(beta_finding(beta.iloc[0]))
    if len(models):
        lines.append(loo_finding(models.sort_values("elpd_loo", ascending=False).reset_index(drop=True),
                                 len(schools) or 15))
    if len(markets):
        lines += market_findings(markets.reset_index(drop=True))
    return lines


def agreement_findings(fits: dict, table: pd.DataFrame) -> list[str]:
    """Per posterior: do the two backends agree within Monte Carlo error (parameters, P(best), elpd_loo)?"""
    lines = []
    for posterior in POSTERIORS:
        pair = {b: fits[(posterior, b)] for b in BACKEND_NUTS}
        elements = list(pair["pymc"].record.summary) if all(f.ok for f in pair.values()) else []
        lines.append(backend_verdict(f"{posterior} (all parameters)", pair, elements))
    by = {b: g.set_index("group") for b, g in school_table(table).groupby("backend")}
    if len(by) == 2:
        a, b = (by[k] for k in BACKEND_NUTS)
        b = b.loc[a.index]
        lines.append(z_verdict("21.10 P(best) per school", [a["p_best"].to_numpy(), b["p_best"].to_numpy()],
                               [a["mcse_p_best"].to_numpy(), b["mcse_p_best"].to_numpy()]))
    models = table[table["quantity"] == "model"].set_index(["group", "backend"])
    compared = [p for p in (SCHOOLS, SCHOOLS_LUNCH) if all((p, b) in models.index for b in BACKEND_NUTS)]
    lines += [f"21.11 {line}." for line in elpd_verdicts(
        compared, [[models.loc[(p, b), "elpd_loo"] for p in compared] for b in BACKEND_NUTS],
        [[models.loc[(p, b), "elpd_mcse"] for p in compared] for b in BACKEND_NUTS])]
    firsts = {b: g.loc[g["elpd_loo"].idxmax(), "group"]
              for b, g in table[table["quantity"] == "model"].groupby("backend", sort=False)}
    if len(firsts) == 2:
        same = len(set(firsts.values())) == 1
        lines.append("21.11c: the backends rank " + (f"the same model first ({firsts['pymc']})." if same else
                     "different models first (" + ", ".join(f"{b}: {m}" for b, m in firsts.items())
                     + "); a near-tie, see the differences and dse above."))
    return lines


def school_table(table: pd.DataFrame) -> pd.DataFrame:
    """The 21.10 per-school rows of the study table."""
    return table[(table["posterior"] == SCHOOLS) & (table["quantity"] == "theta")]


def wide_tables(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Side-by-side views for the page: schools and markets with both backends' estimates in columns."""
    views = {}
    schools = school_table(table)
    if len(schools):
        views["21.10 schools, both backends"] = schools.pivot_table(
            index=["group", "n", "raw", "rank_raw"], columns="backend",
            values=["mean", "shrinkage", "p_best", "rank_mean"],
            sort=False).reset_index()
        views["21.10 schools, both backends"].columns = [" ".join(map(str, c)).strip() for c in
                                                         views["21.10 schools, both backends"].columns]
    markets = table[table["posterior"] == MARKETS]
    if len(markets):
        wide = markets.pivot_table(index=["group", "n", "raw"], columns="backend",
                                   values=["mean", "hdi_low", "hdi_high"], sort=False).reset_index()
        wide.columns = [" ".join(map(str, c)).strip() for c in wide.columns]
        views["21.17 markets: posterior mean and 94% HDI, both backends"] = wide
    return views
