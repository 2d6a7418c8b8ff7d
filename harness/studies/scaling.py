"""The scaling sweep behind ``twinbench scale``: one posterior, several methods, growing data.

Sizes are numbers of **observations** (the posterior's observation axis, e.g. events or
matches); each becomes the dataset's ``size`` factor through ``Posterior.size_for``. The sweep
goes up the sizes in order, every method and seed at one size before the next (methods
innermost, as in every sweep), through the same run records, resume and executors as
``twinbench run``. A method leaves the sweep at the first size where a run of it timed out or
crashed (a larger size would too); a size whose peak memory, predicted from the method's fitted
memory line, would exceed the machine's limit is not sent to the OOM killer but recorded as
skipped with that prediction, and so is a size whose wall time, predicted from the method's
log-log wall line, would exceed the timeout by half again (a run that would only be censored
after hours). Predictions use every stored run of the series, not only this sweep's, and so does
the stop: a stored timeout (under a limit at least the current one) keeps a rerun from sending the
method to that size or above again. Skips are
data: they appear as rows with their reason and are kept in ``<out>/skipped.csv``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import numpy as np

from harness.compare.scaling import largest_size_medians, memory_slope, predicted_memory_mb  # noqa: F401
from harness.records.config import RunConfig
from harness.records.schema import STATUS_TIMEOUT, RunRecord

DEFAULT_SIZES = (1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000)
MEMORY_FRACTION = 0.85  # of the machine's RAM a run may be predicted to use before it is skipped
TIMEOUT_FACTOR = 1.5  # a size is skipped when its predicted wall exceeds the timeout by this factor
SKIPS_FILE = "skipped.csv"


@dataclass(frozen=True)
class Series:
    """One line of a scaling plot: a method on a device."""

    method: str
    device: str

    @property
    def label(self) -> str:
        """``method`` on the CPU, ``method (gpu)`` on the GPU."""
        return self.method if self.device == "cpu" else f"{self.method} ({self.device})"


@dataclass(frozen=True)
class Skip:
    """A (series, size) cell the sweep did not run, and why."""

    series: Series
    observations: int
    reason: str


def parse_sizes(text: str | None) -> list[int]:
    """'1e3,3e3,1e4' -> [1000, 3000, 10000] (sorted, unique); the default ladder when empty.

    ValueError with a one-line message on anything that is not a positive number.
    """
    if not text:
        return list(DEFAULT_SIZES)
    sizes = []
    for part in text.split(","):
        try:
            value = float(part)
        except ValueError:
            raise ValueError(f"--sizes expects numbers of observations like 1e3,3e3,1e4; got {part!r}") from None
        if not value >= 1:
            raise ValueError(f"--sizes must be >= 1 observation, got {part!r}")
        sizes.append(int(round(value)))
    return sorted(set(sizes))


def machine_memory_mb() -> float:
    """Total RAM of this machine in MiB."""
    from harness.records.environment import memory_bytes

    return memory_bytes() / 2**20


def predicted_wall_s(points: list[tuple[int, float]], observations: int) -> float | None:
    """Wall seconds predicted at ``observations`` by a log-log line through the median wall of the largest
    <= 3 sizes measured; None with fewer than two sizes, or when ``observations`` is not above them."""
    sizes, medians = largest_size_medians(points)
    if len(sizes) < 2 or observations <= sizes[-1]:
        return None
    slope, intercept = np.polyfit(np.log(sizes), np.log(medians), 1)
    return float(np.exp(intercept + max(slope, 0.0) * math.log(observations)))


def observations_of(record: RunRecord, posterior) -> int:
    """The number of observations a run's dataset had (from its ``size``; the default size when None)."""
    return posterior.observations(record.config.get("size"))


def _series(record: RunRecord) -> Series:
    return Series(record.method, record.config.get("device", "cpu"))


def _stopper(records: list[RunRecord], posterior) -> dict[Series, tuple[int, str]]:
    """Series that must stop climbing: the smallest size where one timed out or crashed, and the reason."""
    stopped: dict[Series, tuple[int, str]] = {}
    for record in records:
        if record.ok or record.status.startswith("unsupported"):
            continue
        n = observations_of(record, posterior)
        what = (f"timed out at {n:,} observations (limit {record.config.get('timeout', 0):.0f} s)"
                if record.status == STATUS_TIMEOUT else f"failed at {n:,} observations ({record.status[:120]})")
        series = _series(record)
        if series not in stopped or n < stopped[series][0]:
            stopped[series] = (n, what)
    return stopped


def _stored_timeouts(history: list[RunRecord], posterior, timeout: float) -> dict[Series, tuple[int, str]]:
    """Series whose stored runs timed out under a limit at least ``timeout``: (smallest such size, why).

    A rerun of the sweep does not send them again to that size or above (they would be censored again);
    a larger ``--timeout`` retries them. Stored crashes are retried: a crash may have been fixed since."""
    return _stopper([r for r in history if r.status == STATUS_TIMEOUT and r.config.get("timeout", 0) >= timeout],
                    posterior)


def _predicted_skip(line: Series, n: int, points: list[tuple[int, float, float]], limit_mb: float,
                    timeout: float) -> tuple[str, str] | None:
    """(reason, why the series stops) when ``line`` at ``n`` observations is predicted to run out of memory or
    time; ``points`` are (observations, peak RSS MiB, wall s) of its finished runs."""
    memory = predicted_memory_mb([(m, rss) for m, rss, _ in points], n)
    if memory is not None and memory > limit_mb:
        return (f"skipped: predicted peak RSS {memory / 1024:.1f} GiB exceeds {limit_mb / 1024:.1f} GiB "
                f"({MEMORY_FRACTION:.0%} of this machine's RAM)", f"predicted out of memory at {n:,} observations")
    wall = predicted_wall_s([(m, w) for m, _, w in points], n)
    if wall is not None and wall > TIMEOUT_FACTOR * timeout:
        return (f"skipped: predicted wall {wall:,.0f} s exceeds {TIMEOUT_FACTOR:g} x the {timeout:,.0f} s timeout "
                "(log-log line through its largest sizes; a run would be censored)",
                f"predicted to time out at {n:,} observations")
    return None


def run_scaling(posterior, series: list[Series], sizes: list[int], seeds: list[int], base: RunConfig,
                out_dir: Path, resume: bool = True, memory_limit_mb: float | None = None,
                sweep: Callable | None = None, log: Callable[[str], None] = print,
                history: list[RunRecord] = ()) -> tuple[list[RunRecord], list[Skip]]:
    """Run the sweep up the sizes; every record made or reused, and the cells skipped with reasons.

    ``sweep(specs, out_dir, resume, log) -> records`` runs one size's specs (the local sweep by
    default; the CLI passes the chosen executor's). ``memory_limit_mb`` defaults to 85% of RAM.
    ``history``: stored records of the same posterior and config, used (with this sweep's) to predict
    memory and wall time, and to stop a method at a stored timeout.
    """
    from harness.execution.process import RunSpec
    from harness.execution.sweep import run_sweep

    sweep = sweep or (lambda specs, out, resume, log: run_sweep(specs, out, resume=resume, log=log))
    limit = memory_limit_mb or MEMORY_FRACTION * machine_memory_mb()
    records: list[RunRecord] = []
    skips: list[Skip] = []
    stopped: dict[Series, str] = {}
    timed_out = _stored_timeouts(list(history), posterior, base.timeout)
    for position, n in enumerate(sizes, 1):
        size = posterior.size_for(n)
        specs = []
        for line in series:
            if line not in stopped and line in timed_out and n >= timed_out[line][0]:
                stopped[line] = timed_out[line][1]
            if line in stopped:
                skips.append(Skip(line, n, f"not run: {stopped[line]}"))
                continue
            points = [(observations_of(r, posterior), r.peak_rss_mb, r.timings.get("total")) for r in
                      {r.run_id: r for r in [*history, *records]}.values() if r.ok and _series(r) == line]
            predicted = _predicted_skip(line, n, points, limit, base.timeout)
            if predicted is not None:
                skips.append(Skip(line, n, predicted[0]))
                stopped[line] = predicted[1]
                continue
            for seed in seeds:
                config = replace(base, seed=seed, size=size, device=line.device)
                specs.append((seed, line, RunSpec(posterior.name, line.method, config)))
        if not specs:
            continue
        specs.sort(key=lambda item: item[0])  # seed-major, methods innermost
        log(f"twinbench scale: size {position}/{len(sizes)}: {n:,} observations (size factor {size:.4g}), "
            f"{len(specs)} run(s)")
        made = sweep([spec for *_, spec in specs], out_dir, resume, log)
        records += made
        stopped.update({k: why for k, (_, why) in _stopper(made, posterior).items() if k not in stopped})
    return records, skips


def save_skips(out_dir: Path, skips: list[Skip], config: RunConfig) -> None:
    """Merge ``skips`` into ``<out_dir>/skipped.csv``; a cell skipped again replaces its older reason."""
    import pandas as pd

    key = ["method", "device", "observations", "draws", "tune", "chains"]
    new = pd.DataFrame([{"method": s.series.method, "device": s.series.device, "observations": s.observations,
                         "draws": config.draws, "tune": config.tune, "chains": config.chains,
                         "timeout": config.timeout, "reason": s.reason} for s in skips],
                       columns=[*key, "timeout", "reason"])
    path = Path(out_dir) / SKIPS_FILE
    old = pd.read_csv(path) if path.exists() else new.iloc[:0]
    merged = pd.concat([old, new]).drop_duplicates(subset=key, keep="last")
    if not merged.empty:
        path.parent.mkdir(parents=True, exist_ok=True)
        merged.sort_values(key).to_csv(path, index=False)


def load_skips(out_dir: Path, config: RunConfig) -> list[Skip]:
    """The skipped cells stored in ``<out_dir>/skipped.csv`` for runs of ``config``'s draws, warm-up and chains."""
    import pandas as pd

    path = Path(out_dir) / SKIPS_FILE
    if not path.exists():
        return []
    rows = pd.read_csv(path)
    rows = rows[(rows["draws"] == config.draws) & (rows["tune"] == config.tune) & (rows["chains"] == config.chains)]
    return [Skip(Series(row.method, row.device), int(row.observations), row.reason) for row in rows.itertuples()]
