"""Old stack vs new stack: the same posterior x method runs, medians over interleaved repeats.

``compare(old, new)`` returns, per posterior x method x stack, the median (and
range) over repeats of ESS/s, sampling and compile seconds, ESS/grad and microseconds per
gradient, and the new/old ratios of median ESS/s and of microseconds per gradient. A ratio outside the repeats' own range of
variation is a change, not noise. ``python -m harness.report.stack_comparison OLD_RUNS NEW_RUNS``
writes it to ``results/studies/stack_comparison.{csv,md}``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from harness.compare.cells import seconds_per_gradient
from harness.records.store import read_records, records_to_frame



def stack_label(folder: Path | str) -> str:
    """'pymc X / arviz Y / jax Z / Python W' of the first record in ``folder``."""
    versions = read_records(folder)[0].versions
    return (f"Python {versions['python']}, pymc {versions['pymc']}, arviz {versions['arviz']}, "
            f"jax {versions['jax']}, nutpie {versions['nutpie']}")


def compare(old: Path | str, new: Path | str) -> pd.DataFrame:
    """One row per posterior x method: medians per stack and the new/old ESS/s ratio."""
    frames = []
    for label, folder in (("old", old), ("new", new)):
        records = [r for r in read_records(folder) if r.ok]
        runs = records_to_frame(records).assign(stack=label)
        runs["us_per_grad"] = [1e6 * (seconds_per_gradient(r) or float("nan")) for r in records]
        frames.append(runs)
    runs = pd.concat(frames)
    grouped = runs.groupby(["posterior", "method", "stack"])
    table = grouped.agg(repeats=("ess_per_sec", "size"), ess_per_sec=("ess_per_sec", "median"),
                        ess_per_sec_min=("ess_per_sec", "min"), ess_per_sec_max=("ess_per_sec", "max"),
                        sampling_s=("time_sampling", "median"), compile_s=("time_compile", "median"),
                        total_s=("time_total", "median"), ess_per_grad=("ess_per_grad", "median"),
                        us_per_grad=("us_per_grad", "median"))
    wide = table.unstack("stack")
    result = pd.DataFrame(index=wide.index)
    for stack in ("old", "new"):
        for column in ("repeats", "ess_per_sec", "ess_per_sec_min", "ess_per_sec_max", "compile_s", "sampling_s",
                       "total_s", "ess_per_grad", "us_per_grad"):
            if (column, stack) in wide:
                result[f"{column} ({stack})"] = wide[(column, stack)]
    result["ESS/s new/old"] = result.get("ess_per_sec (new)") / result.get("ess_per_sec (old)")
    result["us/grad new/old"] = result.get("us_per_grad (new)") / result.get("us_per_grad (old)")
    return result.reset_index()
