"""Sweeps: a list of run specs handed to an executor (local by default), with progress lines and resume."""
from __future__ import annotations

import itertools
import sys
from dataclasses import replace
from pathlib import Path
from typing import Callable

from harness.records.config import PRIME, RunConfig
from harness.execution.process import RunSpec
from harness.execution.executors import Executor
from harness.execution.local import LocalExecutor
from harness.records.schema import STATUS_TIMEOUT, RunRecord
from harness.records.store import pack, read_records
from harness.records.text import format_number

PRIMES_DIR = "primes"  # under a sweep's folder: the runs that filled the warm caches (not compared)


def grid(posteriors: list[str], methods: list[str], config: RunConfig | list[RunConfig]) -> list[RunSpec]:
    """Every posterior x config x method (one config, or several: one per seed or batch size).

    Methods are the innermost loop: the methods of one posterior and seed run back to back, so a
    slow spell of a shared machine falls on all of them rather than on one method's seeds.
    """
    configs = config if isinstance(config, list) else [config]
    return [RunSpec(p, m, c) for p, c, m in itertools.product(posteriors, configs, methods)]


def _resume_key(posterior: str, method: str, config: dict) -> tuple:
    """What makes two runs the same run: everything but the timeout (a limit, not a setting); a setting at
    None is the same as one a record predates (``caches``, say), so adding an off-by-default setting keeps
    every finished run finished."""
    return posterior, method, repr(sorted((k, v) for k, v in config.items() if k != "timeout" and v is not None))


def _finished(out_dir: Path, log: Callable[[str], None]) -> dict:
    """Resume key -> the record that settles it: an ``ok`` run, else a timeout (kept with its limit)."""
    done = {}
    if out_dir.exists():
        for record in read_records(out_dir, warn=log):
            key = _resume_key(record.posterior, record.method, record.config)
            if record.ok or (record.status == STATUS_TIMEOUT and not (key in done and done[key].ok)):
                done[key] = record
    return done


def settled_records(specs: list[RunSpec], out_dir: Path | str,
                    log: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)
                    ) -> list[RunRecord]:
    """The one record in ``out_dir`` that settles each spec, in spec order: its newest ``ok`` run, else its
    timeout; specs with neither are left out. A run repeated in the folder (a sweep rerun without resume)
    thus counts once, as its latest repeat, not as extra seeds."""
    done = _finished(Path(out_dir), log)
    keys = [_resume_key(spec.posterior, spec.method, spec.config.to_dict()) for spec in specs]
    return [done[key] for key in dict.fromkeys(keys) if key in done]


def records_by_run(out_dir: Path | str) -> list[RunRecord]:
    """One record per run (resume key) in ``out_dir``: the one that settles it (see ``settled_records``), else its
    newest failed or unsupported record, which a report shows as failed rather than missing."""
    out_dir = Path(out_dir)
    if not out_dir.exists():
        return []
    done = _finished(out_dir, lambda line: None)
    latest = {}
    for record in read_records(out_dir):
        key = _resume_key(record.posterior, record.method, record.config)
        if key not in done:
            latest[key] = record
    return [*done.values(), *latest.values()]


def _cell(spec_or_record) -> tuple:
    """What runs of one cell share for priming: posterior, method, config without seed, timeout and caches."""
    config = spec_or_record.config
    config = config if isinstance(config, dict) else config.to_dict()
    return spec_or_record.posterior, spec_or_record.method, repr(sorted(
        (k, v) for k, v in config.items() if k not in ("seed", "timeout", "caches") and v is not None))


def _to_prime(warm: list[RunSpec], primes_dir: Path, log: Callable[[str], None]) -> list[RunSpec]:
    """One spec per cell of ``warm`` that has no ``ok`` prime run yet whose cache folders still exist.

    A cell's programs do not depend on the seed, so one prime serves all its seeds; a prime whose caches
    (those it found or filled) were since removed (another machine, a cleared ``~/.cache``) does not count. Whether a measured run
    hit the caches is recorded in the run either way (``extra.caches``)."""
    primed = set()
    if primes_dir.exists():
        for record in read_records(primes_dir, warn=log):
            folders = [use["dir"] for use in record.extra.get("caches", {}).values()
                       if use.get("on") and use.get("entries_before", 0) + use.get("entries_added", 0) > 0]
            if record.ok and folders and all(Path(folder).is_dir() for folder in folders):
                primed.add(_cell(record))
    chosen: dict[tuple, RunSpec] = {}
    for spec in warm:
        if _cell(spec) not in primed:
            chosen.setdefault(_cell(spec), spec)
    return list(chosen.values())


def _settled(record: RunRecord | None, config: RunConfig) -> bool:
    """An ok run is done; a timeout is done when its limit was at least this run's (it would time out again)."""
    if record is None:
        return False
    return record.ok or record.config.get("timeout", 0) >= config.timeout


def _describe(record: RunRecord, seconds: float) -> str:
    if not record.ok:
        return f"{record.status} ({seconds:.1f}s)"
    return (f"ok in {seconds:.1f}s: ESS/s {format_number(record.ess_per_sec, '{:.0f}')}, "
            f"divergences {format_number(record.divergences, '{:d}')}, R-hat {format_number(record.rhat_max, '{:.3f}')}")


def run_sweep(specs: list[RunSpec], out_dir: Path | str, resume: bool = False,
              log: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
              executor: Executor | None = None) -> list[RunRecord]:
    """Run each spec in its own process through ``executor`` (default: local, one at a time); return
    the records in spec order.

    With ``resume``, a spec that already has an ``ok`` record with the same config (the
    timeout aside) in ``out_dir`` is not run again and its record is reused; so is a ``timeout``
    record whose limit was at least this spec's (a censored value, not a missing one). Records
    are written under ``out_dir`` as runs finish, whichever executor runs them. Specs with warm caches
    (``--caches warm``) that are to run are first run once each to fill the caches (``prime``; records
    under ``<out_dir>/primes``, which no report reads), so that the measured run is "the same run again".
    """
    out_dir = Path(out_dir)
    done = _finished(out_dir, log) if resume else {}
    records: list[RunRecord | None] = [None] * len(specs)
    pending = []
    for index, spec in enumerate(specs):
        key = _resume_key(spec.posterior, spec.method, spec.config.to_dict())
        if _settled(done.get(key), spec.config):
            log(f"{_prefix(specs, index)}: already {'done' if done[key].ok else 'timed out at this limit'}, "
                "skipped (resume)")
            records[index] = done[key]
        else:
            pending.append(index)
    executor = executor or LocalExecutor()
    warm = _to_prime([specs[i] for i in pending if specs[i].config.caches == "warm"], out_dir / PRIMES_DIR, log)
    if warm:
        log(f"priming the warm caches: {len(warm)} run(s) first, records in {out_dir / PRIMES_DIR}")
        run_sweep([replace(spec, config=replace(spec.config, caches=PRIME), save_draws=False) for spec in warm],
                  out_dir / PRIMES_DIR, log=log, executor=executor)
    for position, record, seconds in executor.run([specs[i] for i in pending], out_dir, log,
                                                  started=lambda p: log(f"{_prefix(specs, pending[p])} ...")):
        log(f"{_prefix(specs, pending[position])}: {_describe(record, seconds)}")
        records[pending[position]] = record
    pack(out_dir, only=records)  # this sweep's settled runs -> <out_dir>/records.jsonl.gz (records/store.py)
    return records


def _prefix(specs: list[RunSpec], index: int) -> str:
    return f"[{index + 1}/{len(specs)}] {specs[index].label()}"
