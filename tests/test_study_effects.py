"""The effect studies: meta_analysis (21.16), tau_sensitivity (21.9), effect_threshold (21.18, 21.19, 21.27).

The fast tests check the frequentist and elicitation pieces against direct computations; the
sampling tests run each study at the tiny scale through the harness.
"""

import numpy as np
import pytest
from helpers import run_tiny_study as run_tiny


def direct_dersimonian_laird(y, sigma):
    """DerSimonian-Laird by hand: (mu, tau^2)."""
    w = 1 / sigma ** 2
    q = np.sum(w * (y - np.sum(w * y) / np.sum(w)) ** 2)
    tau2 = max(0.0, (q - (len(y) - 1)) / (np.sum(w) - np.sum(w ** 2) / np.sum(w)))
    w_re = 1 / (sigma ** 2 + tau2)
    return np.sum(w_re * y) / np.sum(w_re), tau2


def test_dersimonian_laird_matches_direct_computation_and_shrinks_toward_mu():
    from harness.studies.exercises.meta_analysis import dersimonian_laird, empirical_bayes
    from models.datasets.medicore import load

    data = load()
    dl = dersimonian_laird(data["y"], data["sigma"])
    mu, tau2 = direct_dersimonian_laird(data["y"], data["sigma"])
    assert dl["tau2"] == pytest.approx(tau2, rel=1e-10) and dl["tau2"] >= 0
    assert dl["mu"] == pytest.approx(mu, rel=1e-10)
    assert dl["lower"] < dl["mu"] < dl["upper"]
    eb = empirical_bayes(data["y"], data["sigma"], dl)
    # each plug-in estimate lies between the hospital's own y and mu, and is more precise than y alone
    assert np.all((eb["estimate"] - data["y"]) * (eb["estimate"] - dl["mu"]) <= 1e-12)
    assert np.all(eb["sd"] < data["sigma"])
    # no heterogeneity: DL's tau^2 is 0 and every hospital is shrunk all the way to mu
    flat = dersimonian_laird(np.full(5, 3.0), np.ones(5))
    assert flat["tau2"] == 0 and np.allclose(empirical_bayes(np.full(5, 3.0), np.ones(5), flat)["estimate"], 3.0)


def test_elicited_priors_match_the_quantiles_and_the_twins():
    from harness.studies.exercises.effect_threshold import elicited_priors

    priors = elicited_priors().set_index("prior")
    for name in ("elicited_normal", "elicited_t"):
        row = priors.loc[name]
        assert (row["q05"], row["q50"], row["q95"]) == pytest.approx((2.0, 9.0, 16.0), abs=1e-9)
        assert row["scale"] == pytest.approx(row["twin_scale"], rel=1e-12)
    # the t's heavier tails put more mass below 0 and above 20 than the Normal with the same quantiles
    assert priors.loc["elicited_t", "p_below_0"] > priors.loc["elicited_normal", "p_below_0"]
    assert priors.loc["elicited_t", "p_above_20"] > priors.loc["elicited_normal", "p_above_20"]


def test_ols_trends_match_polyfit_per_basin():
    from harness.studies.exercises.effect_threshold import ols_trends
    from models.datasets.ocean_basins import load

    data = load()
    ols = ols_trends(data)
    assert len(ols) == 10
    for row in ols.itertuples():
        mask = data["basin"] == row.basin
        assert row.ols_slope == pytest.approx(np.polyfit(data["decade"][mask], data["y"][mask], 1)[0], rel=1e-9)
        assert row.ols_lower_95 < row.ols_slope < row.ols_upper_95
        assert row.ols_significant == (row.ols_p < 0.05 and row.ols_slope > 0)


@pytest.mark.sampling
def test_meta_analysis_tiny_compares_dl_with_both_backends(tmp_path):
    from harness.studies.exercises.meta_analysis import COLUMNS
    from models.datasets.medicore import load

    result, table, text = run_tiny("meta_analysis", tmp_path)
    assert list(table.columns) == COLUMNS
    assert set(table["backend"]) == {"statsmodels", "pymc", "numpyro"}
    dl = table[table["method"] == "dersimonian_laird"].set_index("quantity")
    data = load()
    mu, tau2 = direct_dersimonian_laird(data["y"], data["sigma"])
    assert dl.loc["tau2", "estimate"] >= 0 and dl.loc["tau2", "estimate"] == pytest.approx(tau2, rel=1e-10)
    assert dl.loc["mu", "estimate"] == pytest.approx(mu, rel=1e-10)
    for backend in ("pymc", "numpyro"):
        mine = table[table["backend"] == backend]
        assert len(mine) == 14 and (mine[mine["quantity"] == "theta"]["hospital"].nunique() == 12)
        assert (mine["lower_95"] <= mine["median"]).all() and (mine["median"] <= mine["upper_95"]).all()
        assert (mine[mine["quantity"] == "tau2"]["estimate"] > 0).all() and (mine["mcse"] > 0).all()
    agreement = result.tables["Backend agreement (posterior means, MCSE z tests, Bonferroni)"]
    assert len(agreement) == 14 and (agreement["combined_mcse"] > 0).all()
    assert [f[:3] for f in result.findings[:4]] == ["(a)", "(b)", "(c)", "(d)"]
    assert "Monte Carlo error" in text and "DerSimonian-Laird" in text


@pytest.mark.sampling
def test_tau_sensitivity_tiny_fits_three_priors_on_both_backends(tmp_path):
    from harness.studies.exercises.tau_sensitivity import PRIORS

    result, table, text = run_tiny("tau_sensitivity", tmp_path)
    assert set(table["tau_prior"]) == set(PRIORS) and set(table["backend"]) == {"pymc", "numpyro"}
    assert (table.groupby(["tau_prior", "backend"]).size() == 14).all()  # mu_pop, tau, 12 hospitals
    assert table["p_positive"].between(0, 1).all()
    assert (table["lower_95"] <= table["median"]).all() and (table["median"] <= table["upper_95"]).all()
    assert (table[table["parameter"] == "tau"]["lower_95"] >= 0).all()
    shifts = result.tables["Sensitivity across tau priors"]
    assert len(shifts) == 28 and (shifts["max_shift"] >= 0).all() and shifts["meaningful"].dtype == bool
    # the shift is the spread of the three priors' posterior means
    mu = table[(table["parameter"] == "mu_pop") & (table["backend"] == "pymc")]["mean"]
    row = shifts[(shifts["backend"] == "pymc") & (shifts["parameter"] == "mu_pop")].iloc[0]
    assert row["max_shift"] == pytest.approx(mu.max() - mu.min())
    assert any(f.startswith("(d) Sensitivity analysis.") for f in result.findings)
    assert "Monte Carlo error" in text


@pytest.mark.sampling
def test_effect_threshold_tiny_answers_all_three_exercises(tmp_path):
    from harness.studies.exercises.effect_threshold import COLUMNS

    result, csv, text = run_tiny("effect_threshold", tmp_path)
    assert list(csv.columns) == COLUMNS
    table = result.table  # the csv reads exercise numbers back as floats
    assert set(table["exercise"]) == {"21.18", "21.19", "21.27"} and set(table["backend"]) == {"pymc", "numpyro"}
    thresholded = table.dropna(subset=["threshold"])
    assert thresholded["p_exceed"].between(0, 1).all() and (thresholded["mcse_p"] >= 0).all()
    assert set(table[table["exercise"] == "21.18"]["prior"]) == {"informative", "weak"}
    assert set(table[table["exercise"] == "21.27"]["prior"]) == {"elicited_normal", "elicited_t"}
    beta = table[(table["exercise"] == "21.19") & (table["parameter"] == "beta")]
    assert sorted(beta["index"]) == list(range(10)) and (beta["threshold"] == 0.25).all()
    basins = result.tables["21.19: hierarchical vs OLS per basin (deg C per decade)"]
    hier = beta.set_index("index")["p_exceed"].reindex(basins["basin"]).to_numpy()
    assert np.allclose(basins["numpyro_p_above_0.25"], hier)
    assert (basins["numpyro_credible"] == (beta.set_index("index")["lower_95"].reindex(basins["basin"]) > 0)
            .to_numpy()).all()
    agreement = result.tables["Backend agreement (MCSE z tests, Bonferroni)"]
    assert not agreement.empty and set(agreement["exercise"]) == {"21.18"}  # the tiny scale compares one variant
    assert len(result.tables["21.27(d): prior, data, posterior and sensitivity (regulatory summary)"]) == 2
    for prefix in ("21.18(d)", "21.19(c)", "21.19(d)", "21.27(a,b)", "21.27(c)", "Backends:"):
        assert any(f.startswith(prefix) for f in result.findings), prefix
    assert "Monte Carlo error" in text
