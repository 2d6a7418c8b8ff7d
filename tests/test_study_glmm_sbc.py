"""The last two studies: glmm (21.23, Bayes vs lme4's glmer) and sbc (21.24, simulation-based calibration).

The fast tests check the frequentist fit and the SBC statistics on known inputs; the sampling
tests run each study at the tiny scale.
"""
import importlib.util
import math

import numpy as np
import pandas as pd
import pytest
from helpers import run_tiny_study as run_tiny

needs_rpy2 = pytest.mark.skipif(importlib.util.find_spec("rpy2") is None,
                                reason="glmer runs in R through rpy2, which is not installed")


@needs_rpy2
def test_glmer_recovers_the_simulated_slopes_and_predicts_every_hospital():
    from harness.studies.exercises.glmm import glmer_fit, glmer_rows, patient
    from models.datasets import medicore_response

    data = medicore_response.load()
    age_std, bmi_std = patient()
    assert (age_std, bmi_std) == (0.0, 0.0)  # 60 years and BMI 28 are the design's centres
    fit = glmer_fit(data, age_std, bmi_std)
    assert not fit["messages"] and fit["lme4"].startswith("1.")
    assert list(fit["hospital"]) == list(range(12))
    for name, truth in (("beta_age", medicore_response.TRUE_BETA_AGE), ("beta_bmi", medicore_response.TRUE_BETA_BMI)):
        assert abs(fit["fixef"][name] - truth) < 3 * fit["fixef_se"][name]
    assert 0.2 < fit["sigma_alpha"] < 1.5 and (fit["se_eta"] > 0).all()
    counts = np.bincount(data["hospital"])
    rows = pd.DataFrame(glmer_rows(fit, counts, np.bincount(data["hospital"], weights=data["y"]) / counts))
    assert ((rows["lower_94"] < rows["estimate"]) & (rows["estimate"] < rows["upper_94"])).all()
    # shrinkage: each prediction lies nearer the overall rate than the hospital's own rate, or close to it
    overall = data["y"].mean()
    assert ((rows["estimate"] - overall).abs() <= (rows["observed_rate"] - overall).abs() + 0.02).all()


def test_sbc_uniformity_accepts_uniform_ranks_and_names_too_narrow_posteriors():
    from harness.studies.exercises.sbc import histogram, shape, uniformity

    rng = np.random.default_rng(0)
    draws = 99
    uniform = uniformity(rng.integers(0, draws + 1, size=500), draws)
    assert uniform["uniform"] and uniform["chi2_df"] == 19 and abs(uniform["coverage_95"] - 0.95) < 0.04
    # ranks piled at both ends: the truth falls outside the fitted posterior too often
    ends = np.concatenate([rng.integers(0, 5, 200), rng.integers(95, 100, 200), rng.integers(0, 100, 100)])
    piled = uniformity(ends, draws)
    assert not piled["uniform"] and piled["chi2_p"] < 1e-6 and piled["pot_c_p"] < 0.01
    assert "too narrow" in shape(pd.Series(piled))
    for result in (uniform, piled):
        assert 0 <= result["chi2_p"] <= 1 and 0 <= result["pot_c_p"] <= 1
    counts, expected = histogram(np.arange(101), 100, 20)  # 101 rank values over 20 bins: 5 or 6 per bin
    assert counts.sum() == 101 and np.allclose(counts, expected)


def test_numpyro_sbc_model_draws_y_without_data_and_conditions_on_it_with_data():
    import jax
    from numpyro.handlers import seed, trace

    from harness.studies.exercises.sbc import numpyro_sbc_model
    from models import catalog

    entry = catalog.get("eight_schools-noncentered")
    data = entry.load_data()
    model = numpyro_sbc_model(entry, data, entry.model_options())
    drawn = trace(seed(model, jax.random.PRNGKey(0))).get_trace()
    assert not drawn["y"]["is_observed"] and drawn["y"]["value"].shape == (8,)
    observed = trace(seed(model, jax.random.PRNGKey(0))).get_trace(y=data["y"])
    assert observed["y"]["is_observed"] and np.allclose(observed["y"]["value"], data["y"])


@needs_rpy2
@pytest.mark.sampling
def test_glmm_tiny_ranks_hospitals_like_glmer_on_both_backends(tmp_path):
    from harness.studies.exercises.glmm import COLUMNS

    result, table, text = run_tiny("glmm", tmp_path)
    assert list(table.columns) == COLUMNS
    assert set(table["backend"]) == {"lme4", "pymc", "numpyro"} and len(table) == 36
    assert table["estimate"].between(0, 1).all()
    assert ((table["lower_94"] <= table["estimate"]) & (table["estimate"] <= table["upper_94"])).all()
    assert (table.groupby("backend")["rank"].apply(sorted) == pd.Series([list(range(1, 13))] * 3,
                                                                       index=["lme4", "numpyro", "pymc"])).all()
    ranks = result.tables["(e) Rank agreement (rank 1 = highest probability)"].set_index("pair")
    for backend in ("pymc", "numpyro"):  # ~3,600 patients: even 60 draws rank the hospitals like glmer
        assert ranks.loc[f"{backend} vs lme4", "spearman_rho"] > 0.9
        assert -1 <= ranks.loc[f"{backend} vs lme4", "kendall_tau"] <= 1
    agreement = result.tables["Backend agreement (posterior means, MCSE z tests, Bonferroni)"]
    assert len(agreement) == 12 and (agreement["combined_mcse"] > 0).all()
    for prefix in ("(c) pymc", "(c) numpyro", "(d) pymc", "(d) numpyro", "(e) Frequentist GLMM", "(e) pymc vs lme4",
                   "Backends:"):
        assert any(f.startswith(prefix) for f in result.findings), prefix
    assert "glmer" in text and "Monte Carlo error" in text


@pytest.mark.sampling
def test_sbc_tiny_ranks_every_method_and_resumes_from_saved_chunks(tmp_path):
    from harness.studies.context import SCALES
    from harness.studies.exercises.sbc import COLUMNS, METHODS, PARAMETERS

    tiny = SCALES["tiny"]
    result, table, text = run_tiny("sbc", tmp_path)
    assert list(table.columns) == COLUMNS and len(table) == len(METHODS) * len(PARAMETERS)
    assert set(table["method"]) == set(METHODS) and set(table["backend"]) == {"pymc", "numpyro"}
    assert (table["simulations"] == tiny.simulations).all() and (table["draws"] == tiny.draws).all()
    assert table["chi2_p"].between(0, 1).all() and table["pot_c_p"].between(0, 1).all()
    assert table["pit_mean"].between(0, 1).all()
    chunks = {m: tmp_path / "runs" / "sbc" / m / "chunk000.npz" for m in METHODS}
    for path in chunks.values():
        saved = np.load(path)
        assert saved["mu"].shape == (tiny.simulations,) and saved["theta"].shape == (tiny.simulations, 8)
        for name in ("mu", "tau", "theta"):
            assert ((saved[name] >= 0) & (saved[name] <= tiny.draws)).all()
    homogeneity = result.tables["NUTS backends: rank histograms compared (chi-square homogeneity)"]
    assert set(homogeneity["parameter"]) == set(PARAMETERS) and homogeneity["homogeneity_p"].between(0, 1).all()
    assert any(f.startswith("Backends:") for f in result.findings) and "simuk" in text
    # a second run resumes from the saved chunks: no fit runs again and the answer is the same
    stamps = {m: p.stat().st_mtime_ns for m, p in chunks.items()}
    again, _, _ = run_tiny("sbc", tmp_path)
    assert {m: p.stat().st_mtime_ns for m, p in chunks.items()} == stamps
    pd.testing.assert_frame_equal(again.table, result.table)
    assert math.isfinite(again.table["chi2"].sum())
    # --jobs 2: only the missing chunks run, in two processes, and the seeded fits give the same ranks
    lost = {m: dict(np.load(chunks[m])) for m in ("numpyro.nuts", "pymc.advi")}
    for method in lost:
        chunks[method].unlink()
    parallel, _, _ = run_tiny("sbc", tmp_path, jobs=2)
    assert chunks["pymc.default"].stat().st_mtime_ns == stamps["pymc.default"]
    for method, before in lost.items():
        redone = np.load(chunks[method])
        for name in ("mu", "tau", "theta"):
            assert np.array_equal(redone[name], before[name]), (method, name)
    pd.testing.assert_frame_equal(parallel.table.drop(columns="seconds_per_simulation"),
                                  result.table.drop(columns="seconds_per_simulation"))
