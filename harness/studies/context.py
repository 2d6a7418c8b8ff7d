"""The study contract: a scale, a context that fits through the harness, and the result a study returns.

A study module under ``harness/studies/`` has ``run(context) -> StudyResult``. Its fits go
through the harness (one process per run, records under ``results/runs/studies/<name>/``,
resumable), so every fit has a record with timings, diagnostics and agreement; the study keeps
the draws it needs. ``harness/report/study.py`` turns the result into ``<name>.{csv,md,png}`` (the png drawn by
``harness/report/figures/<name>.py``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from harness.records.config import RunConfig
from harness.execution.executors import Executor
from harness.records.schema import RunRecord

BACKEND_NUTS = {"pymc": "pymc.default", "numpyro": "numpyro.nuts"}  # each library's own default NUTS


@dataclass(frozen=True)
class StudyScale:
    """How big a study runs: ``full`` for the committed result, ``tiny`` for ``make test``."""

    name: str
    draws: int
    tune: int
    chains: int
    seeds: int
    simulations: int
    max_refits: int | None = None  # cross-validation refits per fit (exact_loo); None: as many as needed


SCALES = {scale.name: scale for scale in (
    StudyScale("full", draws=1000, tune=1000, chains=4, seeds=3, simulations=500),
    StudyScale("tiny", draws=60, tune=60, chains=2, seeds=1, simulations=3, max_refits=1),
)}


@dataclass
class Fit:
    """One harness run of a study: its record, (when it finished) its draws and per-draw sampler
    statistics (e.g. ``stats["diverging"]``, (chain, draw) booleans, for the NUTS methods that give it)."""

    record: RunRecord
    draws: dict | None
    stats: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """The run finished and has draws."""
        return self.record.ok and self.draws is not None


@dataclass
class StudyContext:
    """What a study runs with: its scale, where records go, and ``fit`` through the harness."""

    name: str
    scale: StudyScale
    runs_dir: Path
    resume: bool = True
    log: Callable[[str], None] = print
    executor: Executor | None = None  # where fits run (harness.execution.executors); None: locally, one at a time
    jobs: int = 1  # processes for a study's own in-process work (sbc's simulation chunks), not for harness runs

    def config(self, seed: int = 0, **overrides) -> RunConfig:
        """The scale's draws/tune/chains with ``overrides`` (target_accept, options, ...)."""
        values = dict(draws=self.scale.draws, tune=self.scale.tune, chains=self.scale.chains, seed=seed)
        values.update(overrides)
        return RunConfig(**values)

    def fit_many(self, cells: list[tuple[str, str, RunConfig]]) -> list[Fit]:
        """Run (posterior, method, config) cells through the harness (resuming); their fits in order."""
        from harness.records.draws import read_draws
        from harness.execution.process import RunSpec
        from harness.execution.sweep import run_sweep

        def draws_of(record: RunRecord, stats: bool = False) -> dict | None:
            path = record.extra.get("draws_file")
            return read_draws(path, stats) if record.ok and path and Path(path).exists() else None

        specs = [RunSpec(p, m, c, save_draws=True) for p, m, c in cells]
        records = run_sweep(specs, self.runs_dir, resume=self.resume, log=self.log, executor=self.executor)
        draws = [draws_of(record) for record in records]
        lost = [i for i, record in enumerate(records) if record.ok and draws[i] is None]
        if lost:  # recorded before, but its draws (not committed) are gone: run it again
            again = run_sweep([specs[i] for i in lost], self.runs_dir, log=self.log, executor=self.executor)
            for i, record in zip(lost, again):
                records[i], draws[i] = record, draws_of(record)
        return [Fit(record, values, draws_of(record, stats=True) or {}) for record, values in zip(records, draws)]

    def fit(self, posterior: str, method: str, **config) -> Fit:
        """One run through the harness (see ``fit_many``)."""
        return self.fit_many([(posterior, method, self.config(**config))])[0]


@dataclass
class StudyResult:
    """A study's answer: a tidy table, the findings in sentences, optional extra tables, and the plain data
    (DataFrames, arrays, dicts of them) its figure needs beyond the tables. Studies draw nothing: the figure
    is ``harness/report/figures/<name>.py``'s ``plot(result, path)``."""

    table: pd.DataFrame
    findings: list[str]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figure_data: dict[str, Any] = field(default_factory=dict)
