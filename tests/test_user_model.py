"""A user's own model: loading by convention, one-line errors before any run, and one real comparison."""
from pathlib import Path

import numpy as np
import numpyro
import numpyro.distributions as dist
import pandas as pd
import pymc as pm
import pytest

from harness.cli.main import main
from harness.records.schema import RunRecord
from harness.studies.user_model import default_methods, prepare, verdict_frame
from models.user_model import UserModelError, UserPosterior, from_source, load, user_model

FILES = Path(__file__).parent / "data" / "user_models"


def test_file_convention_finds_both_models_and_their_parameters():
    model = load(str(FILES / "twins.py"))
    posterior = UserPosterior(model)
    assert posterior.params == ("mu", "sigma")
    assert posterior.backends["numpyro"][0] == ["mu", "sigma"]
    assert posterior.unsupported_reason("pymc") is None and posterior.unsupported_reason("numpyro") is None
    methods = default_methods(model)
    assert "pymc.nutpie" in methods and "numpyro.nuts" in methods and "pymc.advi" not in methods


def test_worker_loads_the_file_again_from_its_source():
    model = load(f"{FILES / 'builders.py'}:regression")
    again = from_source(model.source, "mine")
    assert again.name == "mine" and UserPosterior(again).params == ("mu",)
    assert default_methods(again) == [m for m in default_methods(again) if m.startswith("pymc.")]


@pytest.mark.parametrize("target,message", [
    ("empty.py", "defines no model"),
    ("builders.py", "defines 4 pm.Model objects"),
    ("builders.py:missing", "has no attribute 'missing'"),
    ("builders.py:not_a_model", "returned int, not a pm.Model"),
    ("nowhere.py", "no such file"),
])
def test_unusable_files_are_one_line_errors(target, message):
    with pytest.raises(UserModelError, match=message):
        UserPosterior(load(str(FILES / target)))


def test_numpyro_model_without_data_is_refused():
    with pytest.raises(UserModelError, match="needs its data"):
        user_model("m", numpyro=lambda y: None)


def test_discrete_latent_and_missing_library_are_unsupported_per_method():
    posterior = UserPosterior(load(f"{FILES / 'builders.py'}:discrete"))
    assert "discrete latent variable(s) k" in posterior.unsupported_reason("pymc")
    assert posterior.unsupported_reason("numpyro") == "no NumPyro model given"


def test_twins_that_differ_stop_before_any_run_naming_the_site():
    with pytest.raises(UserModelError, match="first differing site: sigma"):
        prepare(load(str(FILES / "mismatch.py")))


@pytest.mark.parametrize("argv,message", [
    ([str(FILES / "empty.py")], "defines no model"),
    ([f"{FILES / 'builders.py'}:shapes_differ"], "does not compile: ValueError"),
    ([str(FILES / "twins.py"), "-m", "pymc.nuts,bogus"], "unknown method(s) bogus"),
    ([str(FILES / "mismatch.py")], "first differing site: sigma"),
    ([str(FILES / "twins.py"), "--seeds", "0"], "--seeds"),
])
def test_cli_bad_input_is_one_line_and_exit_2(argv, message, capsys, tmp_path):
    assert main(["compare", *argv, "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("twinbench: error:") and message in err[-1]
    assert not (tmp_path / "out" / "compare.md").exists()


def _record(method: str, seed: int, mean: float, ess_per_sec: float) -> RunRecord:
    """A finished run whose mu has ``mean`` (MCSE 0.01) and the given speed."""
    summary = {"mu": {"mean": mean + 0.001 * seed, "sd": 1.0, "mcse_mean": 0.01, "mcse_sd": 0.01}}
    return RunRecord(posterior="mine", method=method, config={"seed": seed, "draws": 1000, "chains": 4},
                     ess_per_sec=ess_per_sec, ess_bulk_min=2000.0, rhat_max=1.001, divergences=0, summary=summary,
                     timings={"compile": 1.0, "warmup": 1.0, "sampling": 2000.0 / ess_per_sec, "total": 5.0},
                     extra={"startup_seconds": 2.0})


def test_a_method_that_disagrees_cannot_win():
    records = [_record(m, s, mean, speed) for s in range(3)
               for m, mean, speed in (("a", 0.0, 1000.0), ("b", 0.005, 1100.0), ("c", 0.5, 9000.0))]
    from harness.studies.user_model import agreement_frame

    agreement = agreement_frame(records)
    assert agreement.set_index("method")["agrees"].to_dict() == {"a": True, "b": True, "c": False}
    verdicts = verdict_frame(records, agreement)
    for kind in ("throughput", "time_to_result"):
        rows = verdicts[verdicts["kind"] == kind].set_index("method")
        assert rows.loc["c", "verdict"] == "disagrees"
        assert rows.loc["b", "verdict"] == "fastest"  # c is fastest by far, but its draws are off


RNG = np.random.default_rng(3)
X1 = RNG.normal(size=60)
X2 = X1 + 0.05 * RNG.normal(size=60)  # nearly collinear: the slopes' posterior is a narrow ridge
Y = X1 + X2 + RNG.normal(size=60)


def numpyro_ridge(x1, x2, y):
    b = numpyro.sample("b", dist.Normal(0.0, 10.0).expand([2]).to_event(1))
    sigma = numpyro.sample("sigma", dist.HalfNormal(2.0))
    with numpyro.plate("obs", y.shape[0]):
        numpyro.sample("y", dist.Normal(b[0] * x1 + b[1] * x2, sigma), obs=y)


@pytest.mark.sampling
def test_compare_in_python_runs_both_libraries_flags_a_biased_method_and_writes_the_page(tmp_path):
    """Mean-field ADVI, forced into the NUTS comparison, cannot see the ridge (it shrinks the slopes' sds):
    the other methods' consensus flags it, so it cannot win."""
    import twinbench

    with pm.Model() as ridge:
        b = pm.Normal("b", 0.0, 10.0, shape=2)
        pm.Normal("y", b[0] * X1 + b[1] * X2, pm.HalfNormal("sigma", 2.0), observed=Y)
    result = twinbench.compare(ridge, numpyro_model=numpyro_ridge, data={"x1": X1, "x2": X2, "y": Y}, seeds=2,
                               name="ridge", methods=["pymc.nuts", "numpyro.nuts", "pymc.advi"], draws=500,
                               tune=500, chains=2, out=tmp_path / "runs")
    assert (tmp_path / "runs" / "model.pkl").is_file()  # the objects went to the workers by cloudpickle
    assert [r.status for r in result.records] == ["ok"] * 6
    assert set(result.cells["method"]) == {"pymc.nuts", "numpyro.nuts", "pymc.advi"}
    agrees = result.agreement.set_index("method")["agrees"].to_dict()
    assert agrees == {"pymc.nuts": True, "numpyro.nuts": True, "pymc.advi": False}
    verdicts = result.verdicts.set_index(["kind", "method"])["verdict"]
    assert set(result.verdicts["kind"]) == {"throughput", "time_to_result"}
    assert verdicts[("throughput", "pymc.advi")] == verdicts[("time_to_result", "pymc.advi")] == "disagrees"
    frame = result.frame
    assert (frame["row"] == "run").sum() == 6 and (frame["row"] == "cell").sum() == 3
    assert len(result.sentences()) == 2
    paths = result.save(tmp_path / "page")
    assert [p.name for p in paths] == ["compare.csv", "compare.md", "compare.png"]
    page = paths[1].read_text()
    assert "Agreement without a reference" in page and "pymc.advi" in page and "pymc 6" in page
    assert len(pd.read_csv(paths[0])) == 9


def test_the_example_twins_define_one_density():
    posterior = prepare(load(str(Path(__file__).parent.parent / "examples" / "radon_partial_pooling.py")))
    assert posterior.params == ("mu_a", "sigma_a", "z", "b", "sigma")
