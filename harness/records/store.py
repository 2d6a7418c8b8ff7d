"""Writing run records atomically as JSON and loading a folder of them into pandas."""
from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable

import pandas as pd

from harness.records.schema import RunRecord

DEFAULT_RUNS_DIR = Path("results") / "runs"

TABLE_FIELDS = (
    "posterior", "method", "device", "status", "ess_bulk_min", "ess_tail_min", "ess_per_sec",
    "ess_per_sec_total", "ess_per_grad", "grad_evals", "divergences", "rhat_max", "step_size",
    "peak_rss_mb",
)


def _json_safe(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def record_path(record: RunRecord, out_dir: Path) -> Path:
    """Where ``record`` is stored: ``<out_dir>/<posterior>__<method>__<run_id>.json``."""
    return Path(out_dir) / f"{record.posterior}__{record.method}__{record.run_id}.json"


def write_atomic(path: Path | str, write: Callable, binary: bool = False) -> Path:
    """Create ``path`` whole or not at all: ``write(handle)`` fills a temporary file that is then renamed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb" if binary else "w") as handle:
            write(handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_json(value, path: Path | str) -> Path:
    """Write ``value`` as JSON atomically (temporary file, then rename); NaN and inf become null."""
    def dump(handle):
        json.dump(_json_safe(value), handle, indent=1, sort_keys=True)
        handle.write("\n")

    return write_atomic(path, dump)


def write_record(record: RunRecord, out_dir: Path | str = DEFAULT_RUNS_DIR) -> Path:
    """Write ``record`` atomically as ``<out_dir>/<posterior>__<method>__<run_id>.json``."""
    return write_json(record.to_dict(), record_path(record, out_dir))


def read_record(path: Path | str) -> RunRecord:
    """Load one record; ValueError when the file is not valid JSON or not a run record."""
    values = json.loads(Path(path).read_text())
    if not isinstance(values, dict) or not {"posterior", "method", "config"} <= set(values):
        raise ValueError("JSON without posterior, method and config")
    return RunRecord.from_dict(values)


def read_records(folder: Path | str = DEFAULT_RUNS_DIR,
                 warn: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)
                 ) -> list[RunRecord]:
    """Load every record in ``folder`` (non-recursive), oldest first (by the run's start time; a
    record without one by its file's modification time, before those with one).

    A file that is not a run record (broken JSON, another tool's JSON) is skipped with one
    ``warn`` line naming it.
    """
    paths = sorted(Path(folder).glob("*.json"), key=lambda p: p.stat().st_mtime)
    records = []
    for path in paths:
        try:
            records.append(read_record(path))
        except (ValueError, TypeError, UnicodeDecodeError) as error:
            warn(f"twinbench: warning: skipped {path}: not a run record ({type(error).__name__}: "
                 f"{str(error).splitlines()[0][:120]})")
    return sorted(records, key=lambda record: record.started_at or "")


def records_to_frame(records: list[RunRecord]) -> pd.DataFrame:
    """One row per record: the scalar fields, flattened timings and config, and the run id."""
    rows = []
    for record in records:
        row = {name: getattr(record, name) for name in TABLE_FIELDS}
        row.update({f"time_{k}": v for k, v in record.timings.items()})
        row.update({f"config_{k}": v for k, v in record.config.items() if not isinstance(v, dict)})
        row["agrees"] = (record.agreement or {}).get("agrees")
        row["kl_max"] = (record.agreement or {}).get("kl_max")
        row["run_id"] = record.run_id
        row["started_at"] = record.started_at
        rows.append(row)
    return pd.DataFrame(rows)


def load_runs(folder: Path | str = DEFAULT_RUNS_DIR) -> pd.DataFrame:
    """Load a folder of run records into a DataFrame (see ``records_to_frame``)."""
    return records_to_frame(read_records(folder))
