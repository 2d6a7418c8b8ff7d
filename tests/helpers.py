"""Helpers shared by several test files (plain functions; fixtures live in conftest.py)."""
import json
import math
from dataclasses import replace

import pandas as pd
import psutil


def run_tiny_study(name, tmp_path, jobs=1):
    """Run one study at the tiny scale into tmp_path as ``twinbench study NAME --scale tiny [--jobs N]`` does
    (built or not): the result, its csv as a DataFrame and its md text."""
    from harness import studies
    from harness.report.study import write_study
    from harness.studies.context import SCALES, StudyContext

    info = replace(studies.get(name), built=True)
    context = StudyContext(name, SCALES["tiny"], tmp_path / "runs" / name, log=lambda line: None,
                           jobs=jobs)
    result = info.module().run(context)
    write_study(info, result, tmp_path / "out", f"twinbench study {name} --scale tiny", "tiny")
    assert (tmp_path / "out" / f"{name}.png").stat().st_size > 0
    return result, pd.read_csv(tmp_path / "out" / f"{name}.csv"), (tmp_path / "out" / f"{name}.md").read_text()


def running(pids):
    """The pids of ``pids`` that are still running (neither gone nor zombies)."""
    alive = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.append(pid)
        except psutil.NoSuchProcess:
            pass
    return alive


def assert_complete(record, posterior):
    """A finished record of ``posterior``: every parameter summarised, phases timed, plain JSON."""
    assert record.ok, record.status
    labels = set(record.summary)
    for param in posterior.params:
        assert any(label == param or label.startswith(f"{param}[") for label in labels), param
    assert all(math.isfinite(row["mean"]) and math.isfinite(row["sd"]) for row in record.summary.values())
    assert set(record.timings) == {"compile", "warmup", "sampling", "total"}
    assert all(v >= 0 for v in record.timings.values())
    assert record.timings["compile"] + record.timings["warmup"] + record.timings["sampling"] <= record.timings["total"] * 1.05
    assert record.ess_bulk_min is not None and record.peak_rss_mb and record.machine
    json.dumps(record.to_dict())  # the record is plain JSON


def layout_for(method, config):
    """``config`` without its chain layout for a method that does not lay chains out (its ``chain_methods`` lack
    it: --chain-method does not apply and would make the run unsupported)."""
    return config if config.chain_method in method.chain_methods else replace(config, chain_method=None)
