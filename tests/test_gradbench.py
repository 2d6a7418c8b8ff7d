"""The gradient micro-benchmark: every backend times a gradient; floors feed the limit ratio."""
import pandas as pd

from harness.cli import main
from harness.compare import run_metrics
from harness.gradbench import BACKENDS, load_floors
from harness.record import RunRecord


def test_gradbench_times_every_backend_and_writes_floors(tmp_path, capsys):
    out = tmp_path / "gradbench.csv"
    assert main(["gradbench", "-p", "eight_schools-noncentered", "--out", str(out)]) == 0
    frame = pd.read_csv(out)
    assert list(frame["backend"]) == list(BACKENDS)
    assert (frame["status"] == "ok").all() and (frame["seconds_per_grad"] > 0).all()
    jax_rows = frame[frame["backend"].str.endswith("jax")]
    assert (jax_rows["python_call_seconds"] > 0).all()
    floors = load_floors(str(out))
    assert set(floors) == {("eight_schools-noncentered", b) for b in BACKENDS}
    from harness.environment import machine_info
    from harness.gradbench import floors_platforms

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
