"""The gradient micro-benchmark: every backend times a gradient; floors feed the limit ratio."""
import numpy as np
import pandas as pd

from harness.cli.main import main
from harness.compare.cells import run_metrics
from harness.compare.gradbench import BACKENDS, load_floors
from harness.records.schema import RunRecord


def test_gradbench_times_every_backend_and_writes_floors(tmp_path, capsys):
    out = tmp_path / "gradbench.csv"
    assert main(["gradbench", "-p", "eight_schools-noncentered", "--studies-dir", str(tmp_path)]) == 0
    frame = pd.read_csv(out)
    assert list(frame["backend"]) == list(BACKENDS)
    assert (frame["status"] == "ok").all() and (frame["seconds_per_grad"] > 0).all()
    jax_rows = frame[frame["backend"].str.endswith("jax")]
    assert (jax_rows["python_call_seconds"] > 0).all()
    assert (frame["initial_point_seconds"] > 0).all() and (frame["points"] == 32).all()
    floors = load_floors(str(out))
    assert set(floors) == {("eight_schools-noncentered", b) for b in BACKENDS}
    from harness.records.environment import machine_info
    from harness.compare.gradbench import floors_platforms

    assert floors_platforms(str(out)) == {machine_info()["platform"]}  # which machine the floors are from
    assert "eight_schools-noncentered" in out.with_suffix(".md").read_text()


def test_limit_ratio_divides_the_sampler_step_by_the_floor():
    record = RunRecord(posterior="p", method="numpyro.nuts", config={"chains": 4, "seed": 0},
                       timings={"compile": 1.0, "warmup": 1.0, "sampling": 2.0}, ess_per_sec=500.0,
                       grad_evals_sampling=40000, machine={"cores": 2}, extra={"chain_method": "parallel"},
                       rhat_max=1.0, divergences=0)
    metrics = run_metrics(record, {("p", "numpyro_jax"): 1e-5})
    assert metrics["seconds_per_grad"] == 2.0 / 20000
    assert metrics["limit_ratio"] == 10.0 and abs(metrics["step_overhead"] - 9e-5) < 1e-12
    assert run_metrics(record)["limit_ratio"] is None


def test_gradbench_points_are_the_same_draws_in_each_backends_space():
    """PyMC's and NumPyro's potentials (Jacobians included) agree at the converted draws, so the two
    conversions put one constrained draw at the same place; a transform missed by either would not."""
    import jax

    from harness.compare.gradbench import numpyro_value_and_grad, pymc_jax_value_and_grad
    from harness.compare.gradbench_points import numpyro_unconstrained, posterior_points, pymc_unconstrained
    from models import catalog

    jax.config.update("jax_enable_x64", True)
    posterior = catalog.get("eight_schools-noncentered")
    data, options = posterior.load_data(), posterior.model_options()
    points = posterior_points(posterior, data, options, count=3)
    assert len(points) == 3 and points[0]["tau"] > 0 and points[0]["tau"] != points[1]["tau"]
    model = posterior.pymc_build()(data, **options)
    pymc_fn, names = pymc_jax_value_and_grad(model)
    numpyro_fn, _ = numpyro_value_and_grad(posterior, data, options)
    pymc_points = pymc_unconstrained(model, points)
    assert "tau_log__" in pymc_points[0]
    for point, pymc_point, numpyro_point in zip(points, pymc_points,
                                                numpyro_unconstrained(posterior.numpyro_model(), data, options,
                                                                      points)):
        assert abs(float(pymc_point["tau_log__"]) - float(np.log(point["tau"]))) < 1e-12
        pymc_potential, _ = pymc_fn([pymc_point[name] for name in names])  # -logp, as NumPyro's potential
        numpyro_potential, _ = numpyro_fn(numpyro_point)
        assert abs(float(pymc_potential) - float(numpyro_potential)) < 1e-8 * max(1.0, abs(float(pymc_potential)))
