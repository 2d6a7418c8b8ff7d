"""Exercise 21.9: sensitivity of the MediCore hierarchical model to the prior on tau (between-hospital sd).

medicore-hierarchical is fitted under tau ~ HalfCauchy(1) (tight), HalfCauchy(10) (moderate, the
primary analysis) and HalfCauchy(50) (diffuse) - the posterior's ``tau_prior`` option - with each
library's default NUTS through the harness. Per fit: posterior mean, sd, median, 95% HDI (ArviZ 1)
and MCSE of the mean of mu_pop, tau and each hospital's theta_j, and P(mu_pop > 0).

A prior choice moves an estimate meaningfully when it shifts its posterior mean by more than
``MEANINGFUL_SD`` posterior standard deviations (of the primary analysis) or changes its 95% HDI
width by more than ``MEANINGFUL_WIDTH``. The two backends agree on a quantity when their posterior
means agree within Monte Carlo error (ArviZ's MCSE of each fit's mean; ``harness.quality.agreement.
backends_agree``: z tests, Bonferroni over all priors x quantities at family-wise 1%).
The findings end with a generated one-paragraph summary for a regulatory submission.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from harness.studies.context import BACKEND_NUTS, StudyContext, StudyResult
from harness.quality.agreement import backends_agree
from harness.studies.summaries import scalar_summary

POSTERIOR = "medicore-hierarchical"
PRIORS = {"halfcauchy1": "HalfCauchy(1), tight", "halfcauchy10": "HalfCauchy(10), moderate",
          "halfcauchy50": "HalfCauchy(50), diffuse"}
PRIMARY = "halfcauchy10"
MEANINGFUL_SD = 0.2  # a shift of the posterior mean, in posterior sds of the primary analysis
MEANINGFUL_WIDTH = 0.2  # a relative change of the 95% HDI width
PROB = 0.95
COLUMNS = ["tau_prior", "backend", "parameter", "hospital", "mean", "sd", "median", "lower_95", "upper_95", "mcse",
           "p_positive"]


def posterior_summary(values: np.ndarray) -> dict:
    """Mean, sd, median, 95% HDI, MCSE of the mean and P(> 0) of (chain, draw) draws of one scalar."""
    summary = scalar_summary(values, threshold=0.0, prob=PROB)
    summary["p_positive"] = summary.pop("p_exceed")
    del summary["mcse_p"]
    return summary


def fit_rows(draws: dict, tau_prior: str, backend: str) -> list[dict]:
    """The table rows of one fit: mu_pop, tau and each hospital's theta."""
    values = [("mu_pop", None, draws["mu_pop"]), ("tau", None, draws["tau"])]
    values += [("theta", j, draws["theta"][..., j]) for j in range(draws["theta"].shape[-1])]
    return [{"tau_prior": tau_prior, "backend": backend, "parameter": name, "hospital": j,
             **posterior_summary(v)} for name, j, v in values]


def sensitivity(table: pd.DataFrame) -> pd.DataFrame:
    """Per backend and quantity: the largest shift of the posterior mean across priors (mmHg and primary sds),
    the HDI widths' largest relative change, and whether either is meaningful."""
    rows = []
    for (backend, parameter, hospital), group in table.groupby(["backend", "parameter", "hospital"], dropna=False,
                                                               sort=False):
        group = group.set_index("tau_prior")
        if PRIMARY not in group.index or len(group) < 2:
            continue
        primary = group.loc[PRIMARY]
        width = group["upper_95"] - group["lower_95"]
        shift = group["mean"].max() - group["mean"].min()
        change = float((width / width[PRIMARY] - 1).abs().max())
        rows.append({"backend": backend, "parameter": parameter, "hospital": hospital,
                     **{f"mean_{p}": group["mean"].get(p, math.nan) for p in PRIORS},
                     "max_shift": shift, "shift_sd": shift / primary["sd"], "width_change": change,
                     "meaningful": bool(shift / primary["sd"] > MEANINGFUL_SD or change > MEANINGFUL_WIDTH)})
    return pd.DataFrame(rows)


def agreement(table: pd.DataFrame) -> pd.DataFrame:
    """Per prior and quantity: both backends' posterior means and ``backends_agree``'s test over all of them."""
    keys = ["tau_prior", "parameter", "hospital"]
    a, b = (table[table["backend"] == backend].set_index(keys) for backend in BACKEND_NUTS)
    both = a.join(b, lsuffix="_pymc", rsuffix="_numpyro", how="inner").reset_index()
    tests = backends_agree(both["mean_pymc"], both["mean_numpyro"], both["mcse_pymc"], both["mcse_numpyro"])
    return both[keys + ["mean_pymc", "mean_numpyro"]].join(tests["elements"])


def run(context: StudyContext) -> StudyResult:
    """Every tau prior x backend through the harness; summaries, sensitivity, agreement and the paragraph."""
    cells = [(POSTERIOR, BACKEND_NUTS[b], context.config(options={"tau_prior": p})) for p in PRIORS
             for b in BACKEND_NUTS]
    fits = context.fit_many(cells)
    rows, draws, findings = [], {}, []
    for (_, method, config), fit in zip(cells, fits):
        backend = next(b for b, m in BACKEND_NUTS.items() if m == method)
        prior = config.options["tau_prior"]
        if not fit.ok:
            findings.append(f"{prior}, {backend}: the fit did not finish ({fit.record.status}).")
            continue
        draws[(prior, backend)] = fit.draws
        rows += fit_rows(fit.draws, prior, backend)
    table = pd.DataFrame(rows, columns=COLUMNS)
    shifts = sensitivity(table)
    agree = agreement(table)
    from models import catalog

    data = catalog.get(POSTERIOR).load_data()
    tables = {"Sensitivity across tau priors": shifts,
              "Backend agreement (posterior means, MCSE z tests, Bonferroni)": agree}
    findings = answer(table, shifts, agree, data) + findings
    return StudyResult(table=table, findings=findings, tables=tables,
                       figure_data={"draws": draws, "data": data})


def answer(table: pd.DataFrame, shifts: pd.DataFrame, agree: pd.DataFrame, data: dict) -> list[str]:
    """The exercise's answers (b), (c), the backend agreement and (d)'s paragraph, from the numbers."""
    findings = []
    mu = table[table["parameter"] == "mu_pop"].set_index(["tau_prior", "backend"])
    tau = table[table["parameter"] == "tau"].set_index(["tau_prior", "backend"])
    for prior, label in PRIORS.items():
        parts = [f"{b} {r['mean']:.2f} +- {r['sd']:.2f} (95% HDI {r['lower_95']:.2f} to {r['upper_95']:.2f})"
                 for b in BACKEND_NUTS if (prior, b) in mu.index for r in [mu.loc[(prior, b)]]]
        medians = [f"{tau.loc[(prior, b), 'median']:.2f}" for b in BACKEND_NUTS if (prior, b) in tau.index]
        findings.append(f"(b) tau ~ {label}: mu_pop {'; '.join(parts)} mmHg; tau's posterior median "
                        f"{' / '.join(medians)} mmHg.")
    backends = [b for b in BACKEND_NUTS if not shifts.empty and b in set(shifts["backend"])]
    if not backends:
        return findings + ["(c) Not answered: fewer than two priors finished on any backend."]
    pops = {b: shifts[(shifts["backend"] == b) & (shifts["parameter"] == "mu_pop")].iloc[0] for b in backends}
    thetas = {b: shifts[(shifts["backend"] == b) & (shifts["parameter"] == "theta")] for b in backends}
    each = lambda fmt, values: " / ".join(fmt.format(v) for v in values)  # noqa: E731 - one number per backend
    verdicts = {bool(pop["meaningful"]) for pop in pops.values()}
    verdict = (("a meaningful change" if verdicts.pop() else "not a meaningful change") if len(verdicts) == 1 else
               "the backends differ on whether that is meaningful")
    j = int(thetas[backends[0]].loc[thetas[backends[0]]["shift_sd"].idxmax(), "hospital"])
    top = {b: t[t["hospital"] == j].iloc[0] for b, t in thetas.items()}
    findings.append(
        f"(c) mu_pop ({' / '.join(backends)}): the tau prior moves its posterior mean by at most "
        f"{each('{:.2f}', [p['max_shift'] for p in pops.values()])} mmHg "
        f"({each('{:.2f}', [p['shift_sd'] for p in pops.values()])} posterior sds) and its 95% HDI width by "
        f"{each('{:.0%}', [p['width_change'] for p in pops.values()])}: {verdict} (threshold {MEANINGFUL_SD} sd or "
        f"{MEANINGFUL_WIDTH:.0%} width). Hospitals: {each('{}', [int(t['meaningful'].sum()) for t in thetas.values()])}"
        f" of {len(thetas[backends[0]])} move meaningfully; the most ({backends[0]}) is hospital {j} "
        f"(y = {data['y'][j]:.1f} +- {data['sigma'][j]:.1f}, n = {data['n_per_arm'][j]} per arm), by "
        f"{each('{:.2f}', [t['max_shift'] for t in top.values()])} mmHg "
        f"({each('{:.2f}', [t['shift_sd'] for t in top.values()])} sds).")
    backend = backends[0]
    pop, hospitals = pops[backend], thetas[backend]
    bad = agree[~agree["agree"]]
    verdict = ("agree within Monte Carlo error on all " + str(len(agree)) + " quantities" if bad.empty else
               f"DISAGREE beyond Monte Carlo error on {len(bad)} of {len(agree)} quantities ("
               + ", ".join(f"{r.tau_prior} {r.parameter}{'' if pd.isna(r.hospital) else int(r.hospital)}"
                           for r in bad.itertuples()) + ")")
    findings.append(f"Backends: PyMC and NumPyro {verdict} (3 priors x mu_pop, tau and 12 hospitals)."
                    if not agree.empty else "Backends: not compared (a fit did not finish).")
    findings.append("(d) " + paragraph(mu.xs(backend, level="backend"), tau.xs(backend, level="backend"), pop,
                                       hospitals, data, backend, agree))
    return findings


def paragraph(mu: pd.DataFrame, tau: pd.DataFrame, pop: pd.Series, hospitals: pd.DataFrame, data: dict,
              backend: str, agree: pd.DataFrame) -> str:
    """A one-paragraph summary of the sensitivity analysis for a regulatory submission, from one backend."""
    priors = [p for p in PRIORS if p in mu.index]
    means = ", ".join(f"{mu.loc[p, 'mean']:.1f} mmHg (95% HDI {mu.loc[p, 'lower_95']:.1f} to "
                      f"{mu.loc[p, 'upper_95']:.1f})" for p in priors)
    from models.medicore_priors import TAU_SCALES

    scales = ", ".join(f"{TAU_SCALES[p]:g}" for p in priors)
    positive = min(mu.loc[p, "p_positive"] for p in priors)
    top = hospitals.loc[hospitals["shift_sd"].idxmax()]
    robust = (f"The population estimate is therefore robust to this choice (its 95% HDI width changed by at most "
              f"{pop['width_change']:.0%})" if not pop["meaningful"] else
              f"The population estimate is therefore sensitive to this choice (its posterior mean moved by "
              f"{pop['shift_sd']:.2f} sd and its 95% HDI width by up to {pop['width_change']:.0%}, against thresholds "
              f"of {MEANINGFUL_SD} sd and {MEANINGFUL_WIDTH:.0%}), and the primary analysis should be read with the "
              f"alternatives")
    positive = f"at least {positive:.3f}" if positive < 0.9995 else "above 0.999"
    hospital_text = (f"Individual hospital estimates are more sensitive, since tau sets how far each hospital is "
                     f"shrunk toward the population mean: {int(hospitals['meaningful'].sum())} of {len(hospitals)} "
                     f"moved by more than {MEANINGFUL_SD} posterior sd or changed HDI width by more than "
                     f"{MEANINGFUL_WIDTH:.0%}, the largest being hospital {int(top['hospital'])} "
                     f"({top['max_shift']:.1f} mmHg)" if hospitals["meaningful"].any() else
                     f"Individual hospital estimates are also stable: none moved by more than {MEANINGFUL_SD} "
                     f"posterior sd or changed HDI width by more than {MEANINGFUL_WIDTH:.0%} (largest shift "
                     f"{top['max_shift']:.1f} mmHg, hospital {int(top['hospital'])})")
    replicated = ("The analysis was repeated with two independent implementations (PyMC and NumPyro), which agreed "
                  "within Monte Carlo error." if not agree.empty and agree["agree"].all() else
                  "A second implementation (PyMC vs NumPyro) did not reproduce every estimate within Monte Carlo "
                  "error; see the agreement table.")
    return (f"Sensitivity analysis. The hierarchical model of the treatment effect in {len(data['y'])} hospitals was "
            f"refitted with three half-Cauchy priors on the between-hospital standard deviation tau (scales {scales} "
            f"mmHg; {TAU_SCALES[PRIMARY]:g} mmHg is the primary analysis), all else unchanged. The posterior mean "
            f"population treatment effect mu_pop was {means} respectively, a largest difference of "
            f"{pop['max_shift']:.2f} mmHg ({pop['shift_sd']:.2f} posterior standard deviations), and the posterior "
            f"probability of a positive effect was {positive} under every prior. {robust}. The posterior median of "
            f"tau was " + ", ".join(f"{tau.loc[p, 'median']:.1f}" for p in priors) + " mmHg under the three priors. "
            f"{hospital_text}. Results are from {backend}. {replicated}")
