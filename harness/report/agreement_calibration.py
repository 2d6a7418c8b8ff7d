"""Agreement-calibration outputs: ``agreement_calibration_runs.csv`` (one row per seeded run),
``agreement_calibration.csv`` and ``.md`` (one row per scenario) and ``agreement_calibration.png``."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from harness.report.figures.agreement_calibration import plot_max_z


def write_agreement_calibration(per_run: pd.DataFrame, summary: pd.DataFrame, out_dir: Path | str) -> list[Path]:
    """Write the tables first (the work), then the plot; the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "agreement_calibration_runs.csv", out_dir / "agreement_calibration.csv",
             out_dir / "agreement_calibration.md", out_dir / "agreement_calibration.png"]
    per_run.to_csv(paths[0], index=False)
    summary.to_csv(paths[1], index=False)
    paths[2].write_text(summary.to_markdown(index=False, floatfmt=".3f") + "\n")
    plot_max_z(per_run, paths[3])
    return paths
