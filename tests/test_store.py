"""Run records: JSON round trip, atomic writes, loading a folder into pandas."""
import math

from harness.records.schema import RunRecord
from harness.records.store import load_runs, read_record, write_record


def make_record(**fields):
    values = dict(posterior="eight_schools-noncentered", method="numpyro.nuts", config={"draws": 10, "seed": 3})
    values.update(fields)
    return RunRecord(**values)


def test_record_round_trips_through_json(runs_dir):
    record = make_record(ess_bulk_min=123.4, timings={"compile": 1.0, "total": 3.0}, rhat={"mu": 1.01})
    path = write_record(record, runs_dir)
    loaded = read_record(path)
    assert loaded == record
    assert not [p for p in runs_dir.iterdir() if p.name.startswith(".tmp-")]


def test_non_finite_numbers_become_null(runs_dir):
    loaded = read_record(write_record(make_record(rhat_max=math.nan), runs_dir))
    assert loaded.rhat_max is None


def test_unknown_fields_of_other_schema_versions_are_kept():
    record = RunRecord.from_dict({**make_record().to_dict(), "future_field": 7})
    assert record.extra["future_field"] == 7


def test_folder_loads_into_a_dataframe(runs_dir):
    write_record(make_record(ess_per_sec=10.0, timings={"sampling": 2.0}), runs_dir)
    write_record(make_record(method="pymc.nuts", status="timeout"), runs_dir)
    frame = load_runs(runs_dir)
    assert len(frame) == 2
    assert set(frame["method"]) == {"numpyro.nuts", "pymc.nuts"}
    assert {"ess_per_sec", "time_sampling", "config_draws", "status"} <= set(frame.columns)
