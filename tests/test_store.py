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


# ---- packs: records.jsonl.gz beside (and instead of) the loose records ----

import gzip  # noqa: E402

import pytest  # noqa: E402

from harness.records.config import RunConfig  # noqa: E402
from harness.records.store import (PACK_NAME, RecordPackError, move_records, pack, read_pack,  # noqa: E402
                                   read_records, record_key)


def fake_sweep_records(count: int) -> list[RunRecord]:
    """Finished runs of ``count`` seeds, as a sweep of ``sweep_specs(count)`` would have recorded them."""
    return [make_record(method=method, config=RunConfig(draws=10, tune=10, chains=1, seed=seed).to_dict(),
                        ess_per_sec=float(seed), started_at=f"2026-01-01T00:00:{seed:02d}")
            for seed in range(count) for method in ("numpyro.nuts", "pymc.nuts")]


def sweep_specs(count: int) -> list:
    from harness.execution.process import RunSpec

    return [RunSpec("eight_schools-noncentered", method, RunConfig(draws=10, tune=10, chains=1, seed=seed))
            for seed in range(count) for method in ("numpyro.nuts", "pymc.nuts")]


class NothingToRun:
    """An executor that must not be handed any spec."""

    name = "nothing"

    def __init__(self):
        self.handed = []

    def run(self, specs, out_dir, log, started=lambda position: None):
        self.handed += specs
        return iter(())


def test_pack_folds_loose_records_into_one_file(runs_dir):
    records = fake_sweep_records(3)
    for record in records:
        write_record(record, runs_dir)
    assert pack(runs_dir) == runs_dir / PACK_NAME
    assert [p.name for p in runs_dir.iterdir()] == [PACK_NAME]  # the loose ones are gone, no temporary left
    assert read_records(runs_dir) == records  # each once, oldest first
    assert read_pack(runs_dir / PACK_NAME) == records
    before = (runs_dir / PACK_NAME).read_bytes()
    assert pack(runs_dir) == runs_dir / PACK_NAME and (runs_dir / PACK_NAME).read_bytes() == before  # nothing loose


def test_resume_skips_every_packed_run(runs_dir):
    from harness.execution.sweep import run_sweep

    records = fake_sweep_records(3)
    for record in records:
        write_record(record, runs_dir)
    pack(runs_dir)
    lines, executor = [], NothingToRun()
    again = run_sweep(sweep_specs(3), runs_dir, resume=True, log=lines.append, executor=executor)
    assert executor.handed == []
    assert [r.run_id for r in again] == [r.run_id for r in records]
    assert len(lines) == 6 and all(line.endswith("already done, skipped (resume)") for line in lines)
    assert [r.run_id for r in read_records(runs_dir)] == [r.run_id for r in records]


def test_loose_and_packed_records_merge_without_duplicates(runs_dir):
    first, second, third = fake_sweep_records(2)[:3]
    write_record(first, runs_dir)
    write_record(second, runs_dir)
    pack(runs_dir)
    rewritten = RunRecord.from_dict({**second.to_dict(), "ess_per_sec": 99.0})  # the same run written again, loose
    write_record(rewritten, runs_dir)
    write_record(third, runs_dir)  # a run finished after the pack
    loaded = read_records(runs_dir)
    assert [record_key(r) for r in loaded] == [record_key(r) for r in (first, second, third)]
    assert loaded[1].ess_per_sec == 99.0  # loose wins
    pack(runs_dir)
    assert read_records(runs_dir) == loaded and [p.name for p in runs_dir.iterdir()] == [PACK_NAME]


def test_pack_keeps_fields_of_other_schema_versions_as_stored(runs_dir):
    values = {**make_record().to_dict(), "future_field": 7}
    (runs_dir / "x__y__z.json").write_text(__import__("json").dumps(values))
    pack(runs_dir)
    with gzip.open(runs_dir / PACK_NAME, "rt") as handle:
        assert __import__("json").loads(handle.read()) == values


def test_pack_leaves_files_that_are_not_records(runs_dir):
    write_record(make_record(), runs_dir)
    (runs_dir / "notes.json").write_text('{"other": "tool"}')
    pack(runs_dir)
    assert sorted(p.name for p in runs_dir.iterdir()) == sorted([PACK_NAME, "notes.json"])
    warnings = []
    assert len(read_records(runs_dir, warn=warnings.append)) == 1
    assert len(warnings) == 1 and "notes.json" in warnings[0]


@pytest.mark.parametrize("damage", ["truncate", "garbage", "bad line"])
def test_a_damaged_pack_is_one_line_naming_the_file(runs_dir, damage, capsys):
    for record in fake_sweep_records(20):
        write_record(record, runs_dir)
    path = pack(runs_dir)
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[:len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(b"not gzip at all")
    else:
        path.write_bytes(gzip.compress(gzip.decompress(data) + b'{"posterior": 1}\n'))
    with pytest.raises(RecordPackError) as error:
        read_records(runs_dir)
    message = str(error.value)
    assert str(path) in message and "\n" not in message
    from harness.cli.main import main

    capsys.readouterr()
    assert main(["show", "--out", str(runs_dir)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [f"twinbench: error: {message}"]


def test_a_sweep_packs_only_its_own_runs(runs_dir):
    ours, theirs = fake_sweep_records(2)[:2], fake_sweep_records(2)[2:]
    for record in ours + theirs:
        write_record(record, runs_dir)
    pack(runs_dir, only=ours + [None])  # another sweep's records, maybe still being rewritten, stay loose
    assert sorted(p.name for p in runs_dir.glob("*.json")) == sorted(f"{record_key(r)}.json" for r in theirs)
    assert read_pack(runs_dir / PACK_NAME) == ours
    assert read_records(runs_dir) == ours + theirs


def test_records_move_out_of_a_pack(runs_dir):
    records = fake_sweep_records(3)
    for record in records[:4]:
        write_record(record, runs_dir)
    pack(runs_dir)
    for record in records[4:]:
        write_record(record, runs_dir)
    moved = move_records(runs_dir, runs_dir / "shared", lambda r: r.config["seed"] != 1)
    assert moved == 4
    assert [r.config["seed"] for r in read_records(runs_dir)] == [1, 1]
    assert read_records(runs_dir / "shared") == [r for r in records if r.config["seed"] != 1]
    assert not list(runs_dir.glob("*.json")) and not list((runs_dir / "shared").glob("*.json"))


def test_packers_of_one_folder_take_turns(runs_dir):
    import threading

    records = fake_sweep_records(10)
    for record in records:
        write_record(record, runs_dir)
    threads = [threading.Thread(target=pack, args=(runs_dir, records[i::4])) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    in_order = sorted(records, key=lambda record: (record.started_at, record_key(record)))
    assert read_pack(runs_dir / PACK_NAME) == in_order and not list(runs_dir.glob("*.json"))
