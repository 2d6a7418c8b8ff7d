"""asv results as a tidy table: one row per machine x environment x commit x benchmark x parameter cell.

Used by the release timeline (harness/studies/release_timeline.py) and the history report; the
files are read with asv's own ``asv.results`` API, never parsed by hand.
"""
from __future__ import annotations

import itertools
import math
from pathlib import Path

import pandas as pd


def asv_frame(results_dir: Path | str) -> pd.DataFrame:
    """Every stored value: machine, env_name, commit, date, benchmark, params (tuple), value."""
    from asv import results as asv_results

    rows = []
    results_dir = Path(results_dir)
    for machine_dir in sorted(p for p in results_dir.iterdir() if p.is_dir() and (p / "machine.json").exists()):
        for result in asv_results.iter_results_for_machine(str(results_dir), machine_dir.name):
            for name in result.get_all_result_keys():
                values = result.get_result_value(name, result.get_result_params(name))
                params = result.get_result_params(name)
                cells = list(itertools.product(*params)) if params else [()]
                for cell, value in zip(cells, values if params else [values]):
                    rows.append({"machine": machine_dir.name, "env_name": result.env_name,
                                 "commit": result.commit_hash, "date": result.date, "benchmark": name,
                                 "params": tuple(v.strip("'") for v in cell),
                                 "value": math.nan if value is None else float(value)})
    return pd.DataFrame(rows, columns=["machine", "env_name", "commit", "date", "benchmark", "params", "value"])
