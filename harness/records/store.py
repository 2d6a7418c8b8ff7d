"""Writing run records atomically as JSON, packing a folder's records into one file, and loading a
folder of them into pandas.

A sweep folder holds its records in two forms, read together by ``read_records``:

* loose: one ``<posterior>__<method>__<run_id>.json`` per run, written atomically by the process that
  ran it (a crash loses that one run only);
* packed: ``records.jsonl.gz`` (``PACK_NAME``), one record per line, gzip; ``pack(folder)`` folds the
  loose records into it (a new pack is written whole, then renamed over the old one; only then are the
  loose files deleted) so that a finished sweep is one file in git.

A run is identified by its record key, ``<posterior>__<method>__<run_id>`` (the loose file's name).
When a run is both packed and loose, the loose record wins: it was written later (a run's record is
rewritten after the worker's, and ``pack`` deletes the loose files only after the pack is in place).
"""
from __future__ import annotations

import gzip
import json
import math
import os
import sys
import tempfile
import zlib
from pathlib import Path
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterable

from harness.records.schema import RunRecord

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_RUNS_DIR = Path("results") / "runs"
PACK_NAME = "records.jsonl.gz"  # a folder's packed records: JSON Lines, gzip


class RecordPackError(ValueError):
    """A record pack that cannot be read (truncated, corrupt); the message is one line naming the file."""

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


def record_key(record: RunRecord) -> str:
    """What identifies a run in a folder, loose or packed: ``<posterior>__<method>__<run_id>``."""
    return f"{record.posterior}__{record.method}__{record.run_id}"


def record_path(record: RunRecord, out_dir: Path) -> Path:
    """Where ``record`` is written loose: ``<out_dir>/<posterior>__<method>__<run_id>.json`` (``pack``
    may later fold it into ``<out_dir>/records.jsonl.gz``)."""
    return Path(out_dir) / f"{record_key(record)}.json"


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
    return _record_from(json.loads(Path(path).read_text()))


def _record_from(values) -> RunRecord:
    if not isinstance(values, dict) or not {"posterior", "method", "config"} <= set(values):
        raise ValueError("JSON without posterior, method and config")
    extra = values.get("extra")  # from_dict adds unknown keys to extra: a copy, so ``values`` stays as stored
    return RunRecord.from_dict({**values, "extra": dict(extra) if isinstance(extra, dict) else {}})


def _read_pack(path: Path) -> list[tuple[dict, RunRecord]]:
    """(stored values, record) per line of the pack at ``path``; RecordPackError when it cannot be read."""
    entries = []
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    values = json.loads(line)
                    entries.append((values, _record_from(values)))
                except (ValueError, TypeError) as error:
                    raise RecordPackError(f"{path}: line {number} is not a run record ({type(error).__name__}: "
                                          f"{(str(error).splitlines() or [''])[0][:120]})") from None
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
        detail = (str(error).splitlines() or [""])[0][:120]
        raise RecordPackError(f"{path}: unreadable record pack ({type(error).__name__}: {detail}); restore it "
                              "(e.g. git checkout) or move it aside") from None
    return entries


def read_pack(path: Path | str) -> list[RunRecord]:
    """The records packed at ``path``, in their stored order; ``RecordPackError`` (one line naming the
    file) when it is truncated, not gzip, or has a line that is not a run record."""
    return [record for _, record in _read_pack(Path(path))]


def _loose(folder: Path, warn: Callable[[str], None]) -> list[tuple[Path, dict, RunRecord]]:
    """The loose ``*.json`` records of ``folder`` by file modification time; non-records warned about, skipped."""
    paths = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
    entries = []
    for path in paths:
        try:
            values = json.loads(path.read_text())
            entries.append((path, values, _record_from(values)))
        except (ValueError, TypeError, UnicodeDecodeError) as error:
            warn(f"twinbench: warning: skipped {path}: not a run record ({type(error).__name__}: "
                 f"{(str(error).splitlines() or [''])[0][:120]})")
    return entries


def _merged(folder: Path, loose: list) -> list[tuple[dict, RunRecord]]:
    """The pack's entries and then the ``loose`` ones, one per ``record_key`` (loose wins), oldest first;
    runs started at the same time by ``record_key`` (so the order does not depend on who packed first)."""
    pack_path = folder / PACK_NAME
    merged = {record_key(record): (values, record)
              for values, record in (_read_pack(pack_path) if pack_path.is_file() else [])}
    for _, values, record in loose:
        merged.pop(record_key(record), None)  # the loose record wins, and takes its place in file order
        merged[record_key(record)] = (values, record)
    return sorted(merged.values(), key=lambda entry: (entry[1].started_at or "",
                                                      record_key(entry[1]) if entry[1].started_at else ""))


def read_records(folder: Path | str = DEFAULT_RUNS_DIR,
                 warn: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)
                 ) -> list[RunRecord]:
    """Load every record in ``folder`` (non-recursive): its pack (``records.jsonl.gz``) and its loose
    ``*.json`` records, each run once (by ``record_key``; a loose record replaces a packed one of the
    same run), oldest first by the run's start time (then by ``record_key``); among records without one (they come first), packed
    ones in their stored order, then loose ones by their file's modification time. Reads change nothing.

    A loose file that is not a run record (broken JSON, another tool's JSON) is skipped with one
    ``warn`` line naming it; an unreadable pack raises ``RecordPackError`` (skipping it would hide its
    runs from reports and make ``--resume`` run them all again).
    """
    folder = Path(folder)
    return [record for _, record in _merged(folder, _loose(folder, warn))]


def _quiet(line: str) -> None:
    """A ``warn`` that says nothing."""


@contextmanager
def _folder_lock(folder: Path):
    """Hold an exclusive lock on ``folder`` (flock on the directory itself: no lock file to clean up), so
    that two processes rewriting its pack at once cannot drop each other's records."""
    import fcntl

    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _write_pack(pack_path: Path, entries: list) -> None:
    def dump(handle):
        with gzip.GzipFile(filename="", fileobj=handle, mode="wb", mtime=0) as packed:  # no name or time: same bytes
            for values, _ in entries:
                packed.write((json.dumps(_json_safe(values), sort_keys=True) + "\n").encode("utf-8"))

    write_atomic(pack_path, dump, binary=True)


def pack(folder: Path | str, only: Iterable[RunRecord] | None = None) -> Path | None:
    """Fold the loose records of ``folder`` (with ``only``: just those of these runs) into its
    ``records.jsonl.gz`` and delete them; return the pack's path (None when there is no pack).

    The new pack (the old pack's lines and the loose records as stored, in ``read_records`` order) is
    written to a temporary file and renamed over the old one before any loose file is deleted: an
    interruption leaves every run loose or packed or both, which ``read_records`` reads once each.
    Packers of one folder take turns (a lock on the folder). A sweep packs ``only`` its own settled runs,
    so a record that another sweep into the same folder is still writing or rewriting is left loose.
    Files that are not run records stay, silently (reads warn about them). Not recursive: a subfolder (``shared/``, an archive) is packed
    on its own. Packing the same records again gives the same bytes.
    """
    folder = Path(folder)
    pack_path = folder / PACK_NAME
    if not folder.is_dir():
        return None
    keys = None if only is None else {record_key(record) for record in only if record is not None}
    with _folder_lock(folder):
        loose = [entry for entry in _loose(folder, _quiet) if keys is None or record_key(entry[2]) in keys]
        if loose:
            _write_pack(pack_path, _merged(folder, loose))
            for path, _, _ in loose:
                path.unlink(missing_ok=True)
    return pack_path if pack_path.is_file() else None


def move_records(folder: Path | str, to: Path | str, select: Callable[[RunRecord], bool]) -> int:
    """Move the records of ``folder`` (packed or loose) for which ``select`` is true into ``to``'s pack (e.g.
    runs set aside for ``--resume`` to run again); return how many moved. Each is written into ``to``
    before it leaves ``folder`` (its pack rewritten without it, then its loose file deleted)."""
    folder, to = Path(folder), Path(to)
    if not folder.is_dir():
        return 0
    with _folder_lock(folder):
        loose = _loose(folder, _quiet)
        entries = _merged(folder, loose)
        moving = [(values, record) for values, record in entries if select(record)]
        if not moving:
            return 0
        for values, record in moving:
            write_json(values, record_path(record, to))
        keys = {record_key(record) for _, record in moving}
        pack_path = folder / PACK_NAME
        if pack_path.is_file():
            _write_pack(pack_path, [entry for entry in _merged(folder, []) if record_key(entry[1]) not in keys])
        for path, _, record in loose:
            if record_key(record) in keys:
                path.unlink(missing_ok=True)
    pack(to, only=[record for _, record in moving])
    return len(moving)


def pack_tree(root: Path | str) -> list[Path]:
    """``pack`` every folder under ``root`` (``root`` included) that holds loose records; the packs written."""
    folders = sorted({path.parent for path in Path(root).rglob("*.json") if not path.name.startswith(".tmp-")})
    return [path for path in (pack(folder) for folder in folders) if path is not None]


def records_to_frame(records: list[RunRecord]) -> "pd.DataFrame":
    """One row per record: the scalar fields, flattened timings and config, and the run id."""
    import pandas as pd

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


def load_runs(folder: Path | str = DEFAULT_RUNS_DIR) -> "pd.DataFrame":
    """Load a folder of run records into a DataFrame (see ``records_to_frame``)."""
    return records_to_frame(read_records(folder))


if __name__ == "__main__":  # python -m harness.records.store FOLDER...: pack the records under each folder
    for written in (path for folder in sys.argv[1:] or [str(DEFAULT_RUNS_DIR)] for path in pack_tree(folder)):
        print(f"packed: {written}")
