"""Exercises 21.7 and 21.8(a): 1,000 prior-predictive datasets, their range and plausibility, on both backends.

21.7: the ER-visits Poisson regression (``er_visits-poisson_regression``) under its weakly
informative 21.3 priors (``prior=weak``) and the tightened 21.7 priors (``prior=tight``; see
``models/poisson_priors.py`` for the reasoning). 21.8(a): the exercise's prior theta_j ~ Beta(2, 20)
on the five landing pages (``conversion_pages-no_pooling``), and, for the model fitted in 21.8(b),
the hierarchical prior mu ~ Beta(2, 20), kappa ~ LogNormal(log 100, 1.5), theta_j ~ Beta(mu kappa,
(1 - mu) kappa) (``conversion_pages-hierarchical``).

Prior-predictive sampling is not an MCMC fit, so it runs here, in-process, not through the harness:
PyMC ``pm.sample_prior_predictive(draws, model=build(data, **options), random_seed=SEED)`` and NumPyro
``Predictive(uncondition(model), num_samples=draws)(PRNGKey(SEED), data, **options)``. Both twins take
the observed values in ``data``; PyMC's prior predictive samples observed variables anyway, but
NumPyro's ``Predictive`` would return the observed array itself for an observed site, so the
NumPyro twin is wrapped in ``numpyro.handlers.uncondition`` (only the covariates and sizes of
``data`` are used).

Per case and backend: quantiles and maximum of the simulated values (daily visits; page conversion
rates y / n), the share beyond a plausibility line (> 10,000 visits a day, the exercise's example;
a landing-page conversion rate > 30%), and where the observed data's statistic falls in the
prior-predictive distribution. The backends agree when two-sample KS tests (scipy) on
independent per-dataset statistics (each dataset's mean, and its first observation) all have
p > 0.01 / number of tests (Bonferroni; the discrete counts make KS conservative).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from harness.studies.context import StudyContext, StudyResult
from models.poisson_priors import PRIORS

DRAWS = {"full": 1000, "tiny": 200}
SEED = 217
FAMILY_ALPHA = 0.01
QUANTILES = (0.01, 0.05, 0.5, 0.95, 0.99)
BACKENDS = ("pymc", "numpyro")


@dataclass(frozen=True)
class Case:
    """One prior to check: a posterior with options, what its simulated values are and the plausibility line."""

    name: str
    exercise: str
    posterior: str
    options: dict = field(default_factory=dict)
    value: str = "daily visits"
    implausible_above: float = 10_000.0


CASES = (
    Case("er_visits weak", "21.7", "er_visits-poisson_regression", {"prior": "weak"}),
    Case("er_visits tight", "21.7", "er_visits-poisson_regression", {"prior": "tight"}),
    Case("pages Beta(2, 20)", "21.8a", "conversion_pages-no_pooling", value="page conversion rate",
         implausible_above=0.30),
    Case("pages hierarchical", "21.8a", "conversion_pages-hierarchical", value="page conversion rate",
         implausible_above=0.30),
)


def observed_name(entry) -> str:
    """The name of the twin's (one) observed variable."""
    data = entry.load_data()
    model = entry.pymc_build()(data, **entry.model_options())
    (rv,) = model.observed_RVs
    return rv.name


def sample_pymc(entry, options: dict, draws: int, seed: int = SEED) -> np.ndarray:
    """PyMC prior-predictive datasets of the observed variable, shape (draws, n_obs)."""
    import pymc as pm

    data = entry.load_data()
    model = entry.pymc_build()(data, **entry.model_options(**options))
    name = observed_name(entry)
    idata = pm.sample_prior_predictive(draws=draws, model=model, random_seed=seed)
    return np.asarray(idata.prior_predictive[name].values).reshape(draws, -1)


def sample_numpyro(entry, options: dict, draws: int, seed: int = SEED) -> np.ndarray:
    """NumPyro prior-predictive datasets of the observed variable (observations withheld), shape (draws, n_obs)."""
    import jax
    from numpyro.handlers import uncondition
    from numpyro.infer import Predictive

    jax.config.update("jax_enable_x64", True)
    name = observed_name(entry)
    predictive = Predictive(uncondition(entry.numpyro_model()), num_samples=draws, return_sites=[name])
    samples = predictive(jax.random.PRNGKey(seed), entry.load_data(), **entry.model_options(**options))
    return np.asarray(samples[name]).reshape(draws, -1)


def simulated_values(case: Case, datasets: np.ndarray, data: dict) -> tuple[np.ndarray, np.ndarray]:
    """The per-observation values (counts, or rates y / n) and the observed ones, for one case."""
    if case.value == "page conversion rate":
        return datasets / data["n"], data["y"] / data["n"]
    return datasets.astype(float), np.asarray(data["visits"], dtype=float)


def summarize(case: Case, backend: str, values: np.ndarray, observed: np.ndarray) -> dict:
    """One row: quantiles, maximum, range and implausible share of the values; the observed mean's percentile."""
    quantiles = np.quantile(values, QUANTILES)
    row = {"case": case.name, "exercise": case.exercise, "posterior": case.posterior,
           "options": ", ".join(f"{k}={v}" for k, v in case.options.items()) or "-", "backend": backend,
           "value": case.value, "datasets": values.shape[0], "min": float(values.min())}
    row.update({f"q{round(q * 100):02d}": float(v) for q, v in zip(QUANTILES, quantiles)})
    row.update(max=float(values.max()), range_q01_q99=float(quantiles[-1] - quantiles[0]),
               share_zero=float((values == 0).mean()), implausible_line=case.implausible_above,
               share_implausible=float((values > case.implausible_above).mean()),
               share_datasets_any_implausible=float((values > case.implausible_above).any(axis=1).mean()),
               observed_mean=float(observed.mean()),
               observed_mean_percentile=float((values.mean(axis=1) <= observed.mean()).mean()))
    return row


def ks_rows(case: Case, by_backend: dict[str, np.ndarray]) -> list[dict]:
    """Two-sample KS of the backends on each dataset's mean and on its first observation."""
    a, b = (by_backend[backend] for backend in BACKENDS)
    rows = []
    for statistic, pick in (("dataset mean", lambda v: v.mean(axis=1)), ("first observation", lambda v: v[:, 0])):
        test = stats.ks_2samp(pick(a), pick(b))
        rows.append({"case": case.name, "statistic": statistic, "ks_statistic": float(test.statistic),
                     "p_value": float(test.pvalue)})
    return rows


def run(context: StudyContext) -> StudyResult:
    """Every case on both backends: summaries, backend KS tests, and the findings."""
    from models import catalog

    draws = DRAWS["tiny" if context.scale.name == "tiny" else "full"]
    rows, ks, values = [], [], {}
    for case in CASES:
        entry = catalog.get(case.posterior)
        data = entry.load_data()
        context.log(f"prior predictive: {case.name} ({case.posterior}), {draws} datasets per backend")
        sampled = {"pymc": sample_pymc(entry, case.options, draws),
                   "numpyro": sample_numpyro(entry, case.options, draws)}
        for backend, datasets in sampled.items():
            simulated, observed = simulated_values(case, datasets, data)
            values[(case.name, backend)] = simulated
            rows.append(summarize(case, backend, simulated, observed))
        ks += ks_rows(case, {b: values[(case.name, b)] for b in BACKENDS})
    table = pd.DataFrame(rows)
    ks_table = pd.DataFrame(ks)
    threshold = FAMILY_ALPHA / len(ks_table)
    ks_table["agree"] = ks_table["p_value"] > threshold
    observed_rates = catalog.get("conversion_pages-no_pooling").load_data()
    observed_rates = observed_rates["y"] / observed_rates["n"]
    pages = page_percentiles(values, observed_rates)
    findings = findings_of(table, ks_table, threshold, pages, draws)
    return StudyResult(table=table, findings=findings,
                       tables={f"Backend agreement: two-sample KS (agree: p > {threshold:.2g})": ks_table,
                               "Observed page rates: prior-predictive percentile": pages},
                       figure_data={"values": values, "observed_rates": observed_rates})


def page_percentiles(values: dict, observed_rates: np.ndarray) -> pd.DataFrame:
    """Per page: its observed rate and that rate's percentile in each page-prior's prior predictive."""
    rows = []
    for (case, backend), simulated in values.items():
        if simulated.shape[1] != observed_rates.size or "pages" not in case:
            continue
        for page, (label, rate) in enumerate(zip("ABCDE", observed_rates)):
            rows.append({"case": case, "backend": backend, "page": label, "observed_rate": float(rate),
                         "percentile": float((simulated[:, page] <= rate).mean())})
    return pd.DataFrame(rows)


def findings_of(table: pd.DataFrame, ks_table: pd.DataFrame, threshold: float, pages: pd.DataFrame,
                draws: int) -> list[str]:
    """The sentences answering 21.7 (b, c) and 21.8 (a), and the backend comparison."""
    rows = table.set_index(["case", "backend"])
    findings = []
    for case in CASES:
        pm_row, np_row = rows.loc[(case.name, "pymc")], rows.loc[(case.name, "numpyro")]
        unit = "visits/day" if case.value == "daily visits" else "(rate)"
        fmt = (lambda v: f"{v:,.0f}") if case.value == "daily visits" else (lambda v: f"{v:.1%}")
        findings.append(
            f"{case.exercise} {case.name}: {draws} prior-predictive datasets per backend; {case.value} 1%-99% range "
            f"pymc {fmt(pm_row.q01)}-{fmt(pm_row.q99)}, numpyro {fmt(np_row.q01)}-{fmt(np_row.q99)} {unit} "
            f"(medians {fmt(pm_row.q50)} / {fmt(np_row.q50)}, max {fmt(pm_row['max'])} / {fmt(np_row['max'])}); "
            f"share above {fmt(case.implausible_above)}: {pm_row.share_implausible:.1%} / "
            f"{np_row.share_implausible:.1%}; the observed mean ({fmt(pm_row.observed_mean)}) sits at the "
            f"{pm_row.observed_mean_percentile:.0%} / {np_row.observed_mean_percentile:.0%} percentile of the "
            f"datasets' means.")
    weak = rows.xs("er_visits weak", level="case")
    tight = rows.xs("er_visits tight", level="case")
    (_, weak_a_sd, weak_b_sd), (tight_a_mean, tight_a_sd, tight_b_sd) = PRIORS["weak"], PRIORS["tight"]
    inside = lambda frame: frame["observed_mean_percentile"].between(0.025, 0.975).all()  # noqa: E731
    findings.append(
        f"21.7 (b): with the weak priors (intercept N(0, {weak_a_sd:g}), slopes N(0, {weak_b_sd:g})) the prior "
        f"predictive is {'implausible' if (weak['share_implausible'] > 0.01).all() else 'mostly plausible'}: "
        f"{weak['share_implausible'].mean():.1%} of simulated days exceed 10,000 visits (max "
        f"{weak['max'].max():.2g}), {weak['share_datasets_any_implausible'].mean():.0%} of datasets have such a day, "
        f"and {weak['share_zero'].mean():.0%} of days have 0 visits (median {weak['q50'].mean():.0f}).")
    findings.append(
        f"21.7 (c): the tight priors (intercept N({tight_a_mean:g}, {tight_a_sd:g}), i.e. about "
        f"{np.exp(tight_a_mean):.0f} visits on a 75 F weekday, slopes N(0, {tight_b_sd:g}) per 10 F and for weekends) "
        f"narrow the 1%-99% range from {weak['range_q01_q99'].mean():,.0f} to {tight['range_q01_q99'].mean():,.0f} "
        f"visits/day ({tight['q01'].mean():.0f}-{tight['q99'].mean():.0f}, max {tight['max'].max():,.0f}), with "
        f"{tight['share_implausible'].max():.1%} of days above 10,000 and the observed mean "
        + ("inside the central 95%." if inside(tight) else "OUTSIDE the central 95%."))
    no_pool = rows.xs("pages Beta(2, 20)", level="case")
    hier = rows.xs("pages hierarchical", level="case")
    exercise = pages[(pages["case"] == "pages Beta(2, 20)")].groupby("page")["percentile"].mean()
    findings.append(
        f"21.8 (a): under the exercise's Beta(2, 20) prior the simulated page rates have median "
        f"{no_pool['q50'].mean():.1%} and 99% quantile {no_pool['q99'].mean():.1%}, "
        f"{no_pool['share_implausible'].mean():.1%} above 30%: "
        + ("plausible for website conversion" if no_pool["share_implausible"].max() < 0.05 else
           "too often implausible for website conversion")
        + "; each observed rate lies inside its page's prior predictive (percentiles "
        + ", ".join(f"{page} {value:.0%}" for page, value in exercise.items())
        + f"), but the five pages' average rate {no_pool['observed_mean'].mean():.1%} sits at the "
          f"{no_pool['observed_mean_percentile'].mean():.0%} percentile, since independent rates rarely are all "
          f"high together. The hierarchical prior of 21.8(b) (mu ~ Beta(2, 20), kappa ~ LogNormal) has the same "
          f"prior mean but is wider (1%-99%: {hier['q01'].mean():.1%}-{hier['q99'].mean():.1%}, "
          f"{hier['share_implausible'].mean():.1%} above 30%) and, sharing mu, puts that average at the "
          f"{hier['observed_mean_percentile'].mean():.0%} percentile.")
    failing = ks_table[~ks_table["agree"]]
    findings.append(
        f"Backends: {len(ks_table)} two-sample KS tests (per case, each dataset's mean and its first observation); "
        + ("all have p > " + f"{threshold:.2g}: PyMC and NumPyro prior predictives agree within Monte Carlo error "
           f"(smallest p {ks_table['p_value'].min():.3f})." if failing.empty else
           "DISAGREE beyond Monte Carlo error on " + ", ".join(f"{r.case} {r.statistic} (p {r.p_value:.2g})"
                                                                 for r in failing.itertuples()) + "."))
    return findings
