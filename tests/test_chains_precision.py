"""Chains and precision (issue 32): --precision and --chain-method take effect or are refused, never rerouted;
the chains-precision comparison and its GPU-over-CPU crossover; the GPU script's CPU dry run end to end."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from harness import methods
from harness.methods.precision import checked_layout, draws_precision
from harness.records.config import RunConfig
from harness.records.store import read_records
from harness.studies.chains_precision import comparison_frame, gpu_over_cpu, recommendations, variants
from models import catalog

ROOT = Path(__file__).resolve().parents[1]
NAME = "eight_schools-noncentered"


def test_precision_is_validated_and_refused_where_a_method_has_only_float64():
    with pytest.raises(ValueError, match="--precision"):
        RunConfig(precision="float16").validate()
    posterior = catalog.get(NAME)
    float32 = RunConfig(precision="float32")
    assert "float64 only, not float32" in methods.get("pymc.nuts").supports(posterior, float32)
    assert "float64 only" in methods.get("pymc.advi").supports(posterior, float32)
    for name in ("numpyro.nuts", "numpyro.blackjax", "pymc.numpyro", "pymc.blackjax", "pymc.nutpie_jax"):
        assert "float32" in methods.get(name).precisions, name


def test_a_chain_method_a_method_cannot_honour_is_unsupported_not_ignored():
    posterior = catalog.get(NAME)
    vectorized = RunConfig(chain_method="vectorized")
    assert "lays out its chains itself" in methods.get("pymc.nutpie_jax").supports(posterior, vectorized)
    assert "lays out its chains itself" in methods.get("pymc.default").supports(posterior, vectorized)
    assert "takes only vectorized" in methods.get("numpyro.chees").supports(
        posterior, RunConfig(chains=2, chain_method="sequential"))
    for name in ("numpyro.nuts", "numpyro.blackjax", "pymc.numpyro", "pymc.blackjax"):
        assert methods.get(name).supports(posterior, vectorized) is None, name


def test_what_ran_is_checked_against_what_was_asked():
    floats32 = {"mu": np.zeros((2, 3), dtype=np.float32)}
    assert draws_precision(floats32) == "float32"
    asked = RunConfig(precision="float32", chain_method="vectorized")
    assert checked_layout(asked, {"chain_method": "vectorized"}, floats32) == {
        "precision": "float32", "precision_requested": "float32"}
    with pytest.raises(RuntimeError, match="draws are float64"):
        checked_layout(asked, {"chain_method": "vectorized"}, {"mu": np.zeros(3)})
    with pytest.raises(RuntimeError, match="sequential ran"):
        checked_layout(asked, {"chain_method": "sequential"}, floats32)
    # nutpie widens its draws to float64: the model's own precision is what it reports
    assert checked_layout(asked, {"chain_method": "vectorized", "precision_ran": "float32"},
                          {"mu": np.zeros(3)})["precision"] == "float32"


@pytest.fixture
def restore_x64():
    """A float32 run in-process turns JAX's x64 off for the whole process: back on for the tests after it."""
    import jax

    yield
    jax.config.update("jax_enable_x64", True)


@pytest.mark.sampling
@pytest.mark.parametrize("name", ["pymc.blackjax", "pymc.nutpie_jax"])
def test_float32_takes_effect_on_the_pymc_jax_paths(name, restore_x64):
    """PyTensor's JAX dispatch turns x64 back on when imported under floatX float64: the run must still be float32."""
    posterior = catalog.get(NAME)
    config = RunConfig(draws=40, tune=40, chains=1, seed=1, precision="float32",
                       chain_method="sequential" if name != "pymc.nutpie_jax" else None)
    draws = {}
    record = methods.get(name).run(posterior, posterior.load_data(), config, draws_out=draws)
    assert record.ok, record.status
    assert record.extra["precision"] == "float32" and record.extra["precision_requested"] == "float32"
    if name == "pymc.blackjax":
        assert draws["mu"].dtype == np.float32


def _runs(rows):
    base = {"posterior": "p", "observations": 1000, "status": "ok", "device": "cpu", "censored": False,
            "rhat_max": 1.001, "divergences": 0, "agrees_reference": None, "agrees_float64": None}
    return pd.DataFrame([{**base, **row} for row in rows])


def _cells(method, variant, chain_method, precision, ess, **extra):
    return [{"method": method, "variant": variant, "chain_method": chain_method, "precision": precision,
             "seed": seed, "ess_per_sec": value, "time_to_1000_ess": 1000 / value, **extra}
            for seed, value in enumerate(ess)]


def test_a_planted_twice_as_fast_variant_is_faster_and_a_wrong_float32_disagrees():
    rng = np.random.default_rng(0)
    base = 100 * (1 + 0.03 * rng.standard_normal(5))
    runs = _runs(_cells("numpyro.nuts", "parallel/float64", "parallel", "float64", base)
                 + _cells("numpyro.nuts", "vectorized/float64", "vectorized", "float64", 2 * base)
                 + _cells("numpyro.nuts", "parallel/float32", "parallel", "float32", 3 * base, agrees_float64=False))
    frame = comparison_frame(runs).set_index("variant")
    assert frame.loc["parallel/float64", "verdict"] == "baseline"
    assert frame.loc["vectorized/float64", "verdict"] == "faster"
    assert frame.loc["vectorized/float64", "ess_per_sec_ratio"] == pytest.approx(2.0)  # planted: 2x every seed
    assert frame.loc["parallel/float32", "verdict"] == "disagrees"  # faster, but wrong
    pick = recommendations(comparison_frame(runs)).iloc[0]
    assert pick["recommended"] == "vectorized/float64"


def test_the_gpu_crossover_is_the_smallest_size_from_which_the_gpu_wins():
    rows = []
    for n, gpu_speed in ((1_000, 0.3), (10_000, 2.0), (100_000, 5.0)):
        for device, chain_method, speed in (("gpu", "vectorized", gpu_speed), ("cpu", "parallel", 1.0)):
            rows += [{**cell, "observations": n, "device": device}
                     for cell in _cells("numpyro.nuts", f"{chain_method}/float64", chain_method, "float64",
                                        100 * speed * (1 + 0.02 * np.arange(4)))]
    frame = gpu_over_cpu(_runs(rows))
    assert list(frame["verdict"]) == ["slower", "faster", "faster"]
    assert set(frame["crossover"]) == {10_000}


def test_variants_are_the_baseline_the_other_layout_and_float32():
    labels = [v.label for v in variants(methods.get("numpyro.nuts"), "cpu")]
    assert labels == ["parallel/float64", "vectorized/float64", "parallel/float32"]
    assert [v.label for v in variants(methods.get("numpyro.nuts"), "gpu")] == ["vectorized/float64", "vectorized/float32"]
    assert [v.label for v in variants(methods.get("pymc.nutpie_jax"), "cpu")] == ["own threads/float64",
                                                                                  "own threads/float32"]


@pytest.mark.sampling
def test_the_gpu_script_runs_end_to_end_on_the_cpu(tmp_path):
    """The script a GPU loan runs, dry on the CPU: its lane runs, records say what ran, the page is written."""
    env = {**os.environ, "DRY_RUN": "1", "RECORDS": str(tmp_path / "runs"), "STUDIES": str(tmp_path / "studies"),
           "TIME_BOX": "400", "PYTHON": sys.executable}
    done = subprocess.run([str(ROOT / "scripts/gpu-jax-paths")], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "lane cpu -: exit 0" in done.stdout
    records = read_records(tmp_path / "runs")
    assert (tmp_path / "runs" / "records.jsonl.gz").exists()
    ran = {(r.config.get("chain_method"), r.config.get("precision")): r for r in records}
    assert set(ran) == {("parallel", None), ("vectorized", None), ("parallel", "float32")}
    for (layout, precision), record in ran.items():
        assert record.ok, record.status
        assert record.extra["chain_method"] == layout and record.extra["precision"] == (precision or "float64")
    page = (tmp_path / "studies" / "chains_precision.md").read_text()
    assert "## A GPU machine" in page and "numpyro.nuts" in page
    cells = pd.read_csv(tmp_path / "studies" / "chains_precision.csv")
    assert set(cells.loc[cells["section"] == "gpu", "variant"]) == {"parallel/float64", "vectorized/float64",
                                                                    "parallel/float32"}


def test_the_leaderboard_configuration_column_comes_from_records_or_says_not_measured():
    from harness.studies.chains_precision import configuration_by_posterior

    base = np.array([100.0, 103, 98, 101, 99])
    runs = _runs(_cells("numpyro.nuts", "parallel/float64", "parallel", "float64", base)
                 + _cells("numpyro.nuts", "vectorized/float64", "vectorized", "float64", 2 * base)).assign(
        posterior=NAME, observations=8, cores=2)
    frame = configuration_by_posterior([NAME, "eight_schools-centered"], runs, pd.DataFrame()).set_index("posterior")
    assert frame.loc[NAME, "cpu_configuration"].startswith("numpyro.nuts: vectorized/float64 (x2.")
    assert "1 of 5 paths measured, 5+ seeds" in frame.loc[NAME, "cpu_configuration"]
    assert frame.loc["eight_schools-centered", "cpu_configuration"] == "not measured"
    assert set(frame["gpu_at_this_size"]) == {"not measured: no GPU"}


def test_the_capability_matrix_checks_a_layout_and_a_precision():
    from harness.report.table import capability_matrix

    text = capability_matrix([catalog.get(NAME)], [methods.get("numpyro.nuts"), methods.get("pymc.nutpie_jax"),
                                                   methods.get("pymc.nuts")], "cpu", "vectorized", "float32")
    assert "pymc.nutpie_jax lays out its chains itself" in text and "pymc.nuts runs in float64 only" in text
    assert text.splitlines()[1].split()[1] == "yes"  # numpyro.nuts, vectorized, float32


def test_float64_asked_or_not_is_one_cell():
    assert RunConfig(precision="float64") == RunConfig() and RunConfig(precision="float64").precision is None
