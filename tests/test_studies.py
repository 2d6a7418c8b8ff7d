"""Exercise studies at a tiny scale, and the pieces they stand on (WAIC, pointwise log-likelihood)."""
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

DATA = Path(__file__).parent / "data"


def test_waic_matches_arviz_0x_on_committed_data():
    from harness.studies.predictive.information_criteria import waic

    expected = json.loads((DATA / "waic_arviz0.json").read_text())
    result = waic(np.load(DATA / "waic_loglik.npy"))
    assert result["elpd_waic"] == pytest.approx(expected["elpd_waic"], rel=1e-10)
    assert result["se_waic"] == pytest.approx(expected["se"], rel=1e-10)
    assert result["p_waic"] == pytest.approx(expected["p_waic"], rel=1e-10)
    assert np.allclose(result["waic_i"], expected["waic_i"], rtol=1e-10)


def test_pointwise_log_likelihood_uses_the_drawn_deterministic_and_refuses_missing_latents():
    from scipy import stats

    from harness.studies.predictive.loglik import pointwise_log_likelihood
    from models import catalog

    entry = catalog.get("eight_schools-noncentered")
    data = entry.load_data()
    rng = np.random.default_rng(0)
    draws = {"mu": rng.normal(size=(2, 3)), "tau": np.abs(rng.normal(size=(2, 3))),
             "theta": rng.normal(0, 10, size=(2, 3, 8))}
    log_lik = pointwise_log_likelihood(entry, draws, data)
    assert log_lik.shape == (2, 3, 8)
    assert np.allclose(log_lik, stats.norm.logpdf(data["y"], draws["theta"], data["sigma"]))
    with pytest.raises(ValueError, match="depends on a latent"):
        pointwise_log_likelihood(entry, {"mu": draws["mu"], "tau": draws["tau"]}, data)


def test_study_list_names_every_exercise_study(capsys):
    from harness.cli.main import main

    assert main(["study", "--list"]) == 0
    out = capsys.readouterr().out
    for name in ("loo_waic", "sbc", "target_accept", "glmm", "meta_analysis"):
        assert name in out


def test_unknown_or_unbuilt_study_is_one_line_error(capsys):
    from harness.cli.main import main

    assert main(["study", "no_such_study"]) == 2
    assert "unknown study" in capsys.readouterr().err


@pytest.mark.sampling
def test_loo_waic_tiny_writes_the_specified_csv_for_both_backends(tmp_path):
    from harness.cli.main import main

    assert main(["study", "loo_waic", "--scale", "tiny", "--out", str(tmp_path / "runs"),
                 "--studies-dir", str(tmp_path / "out")]) == 0
    table = pd.read_csv(tmp_path / "out" / "loo_waic.csv")
    assert list(table.columns) == ["model", "backend", "elpd_loo_psis", "se_loo_psis", "elpd_loo", "se_loo", "p_loo",
                                   "n_refit", "method_of_correction", "elpd_waic", "se_waic", "p_waic",
                                   "n_p_waic_above_0_4", "max_pareto_k", "n_k_above_0_7"]
    # the tiny scale refits only the worst observation of each fit (max_refits = 1); the full scale all flagged
    assert (table["n_refit"] == table["n_k_above_0_7"].clip(upper=1)).all()
    assert set(table["model"]) == {"complete_pooling", "no_pooling", "hierarchical"}
    assert set(table["backend"]) == {"pymc", "numpyro"} and len(table) == 6
    assert (table["elpd_loo"] < 0).all() and (table["p_waic"] > 0).all()
    text = (tmp_path / "out" / "loo_waic.md").read_text()
    assert "PSIS-LOO comparison, pymc" in text and "Monte Carlo error" in text
    assert (tmp_path / "out" / "loo_waic.png").stat().st_size > 0


def run_tiny(name, tmp_path):
    """Run one study at the tiny scale into tmp_path; its csv as a DataFrame and its md text."""
    from harness.cli.main import main

    assert main(["study", name, "--scale", "tiny", "--out", str(tmp_path / "runs"),
                 "--studies-dir", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / f"{name}.png").stat().st_size > 0
    return pd.read_csv(tmp_path / "out" / f"{name}.csv"), (tmp_path / "out" / f"{name}.md").read_text()


@pytest.mark.sampling
def test_diagnostics_tiny_checks_every_run(tmp_path):
    table, text = run_tiny("diagnostics", tmp_path)
    assert set(table["check"]) == {"R-hat", "ESS bulk", "ESS tail", "divergences"}
    assert len(table) == 16 and set(table["backend"]) == {"pymc", "numpyro"}
    # 60 draws x 2 chains cannot reach 400 effective draws: the ESS checks must fail
    assert not table[table["check"] == "ESS bulk"]["passed"].any()
    assert "agree on every check" in text or "DISAGREE" in text


@pytest.mark.sampling
def test_target_accept_tiny_runs_both_settings_on_both_backends(tmp_path):
    table, text = run_tiny("target_accept", tmp_path)
    assert sorted(set(table["target_accept"])) == [0.8, 0.99] and set(table["backend"]) == {"pymc", "numpyro"}
    summary = table.groupby(["backend", "target_accept"])["step_size"].median()
    for backend in ("pymc", "numpyro"):  # a higher acceptance target means smaller steps
        assert summary[(backend, 0.99)] < summary[(backend, 0.8)]
    assert "sweet spot" in text


@pytest.mark.sampling
def test_centered_vs_noncentered_tiny_marks_divergent_draws_and_measures_bias(tmp_path):
    table, text = run_tiny("centered_vs_noncentered", tmp_path)
    assert set(table["parameterization"]) == {"centered", "noncentered"} and set(table["backend"]) == {"pymc", "numpyro"}
    assert (table["draws"] == 240).all()  # 2 chains x twice the tiny scale's 60 draws
    assert set(table["parameter"]) == {"mu", "tau", "theta[0]"}
    assert np.isfinite(table["bias_z"]).all()
    assert "funnel's neck" in text


def test_unbuilt_study_is_one_line_error(capsys, monkeypatch):
    from harness import studies
    from harness.cli.main import main

    monkeypatch.setitem(studies.STUDIES, "unbuilt_example", studies.StudyInfo("unbuilt_example", "0", "not built"))
    assert main(["study", "unbuilt_example"]) == 2
    assert "not built yet" in capsys.readouterr().err


@pytest.mark.sampling
def test_workflow_conversion_tiny_checks_the_posterior_predictive_and_compares_models(tmp_path):
    table, text = run_tiny("workflow_conversion", tmp_path)
    checks = table.dropna(subset=["p_value"])
    assert len(checks) == 4 and set(checks["backend"]) == {"pymc", "numpyro"}
    assert ((checks["p_value"] >= 0) & (checks["p_value"] <= 1)).all()
    assert (checks["replicated_q03"] <= checks["replicated_q97"]).all()
    assert "(e) pymc: " in text and "(e) numpyro: " in text and "max Pareto k" in text


@pytest.mark.sampling
def test_minibatch_tiny_compares_each_batch_size_with_full_data_nuts(tmp_path):
    table, text = run_tiny("minibatch", tmp_path)
    assert "Backends, full data:" in text  # both twins' full-data NUTS against the reference
    runs = table[table["batch_size"].notna()]
    assert set(runs["batch_size"]) == {50, 200}
    assert set(runs["method"]) == {"pymc.advi_minibatch", "numpyro.svi_minibatch"}
    assert (runs["max_mean_shift_sd"] >= 0).all() and (runs["max_sd_ratio"] >= 1).all()
    assert "Amortized inference" in text


@pytest.mark.sampling
def test_regressions_tiny_checks_three_regressions_against_their_true_values(tmp_path):
    from harness.studies.exercises import regressions

    regressions.check_truth()  # the true values regenerate each dataset bit for bit
    rates = regressions.predictive({"alpha": np.full((1, 2), 3.25), "beta_temp": np.full((1, 2), 0.1),
                                    "beta_weekend": np.full((1, 2), 0.3)})
    assert np.allclose(rates["rate_weekday"], np.exp(2.5 + 0.01 * 85))  # 85 F through the twin's temp_std
    assert np.allclose(rates["rate_weekend"], np.exp(2.5 + 0.01 * 85 + 0.3))
    table, text = run_tiny("regressions", tmp_path)
    assert set(table["backend"]) == {"pymc", "numpyro"} and len(table) == 2 * (3 + 5 + 3)
    assert set(table["parameter"]) == {"alpha", "beta", "sigma", "beta[0]", "beta[1]", "beta[2]", "beta_temp",
                                       "beta_weekend"}
    assert table["truth"].notna().all() and (table["hdi_3%"] < table["hdi_97%"]).all()
    assert "21.2(c)" in text and "widest" in text and "Posterior mean difference weekend - weekday" in text
    assert "agree within Monte Carlo error" in text or "DISAGREE" in text
