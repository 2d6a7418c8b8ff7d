"""The figure of the agreement_calibration study, ``agreement_calibration.png``: each run's largest z per scenario.

Not a ``StudyResult`` figure: ``plot_max_z(per_run, path)`` takes the per-run frame that
``harness.studies.agreement_calibration.seeded_runs`` builds (scenario, max_z, threshold, agrees).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def plot_max_z(per_run: pd.DataFrame, path: Path) -> None:
    """Histogram of each run's largest z per scenario, with the Bonferroni threshold."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scenarios = list(dict.fromkeys(per_run["scenario"]))
    fig, axes = plt.subplots(len(scenarios), 1, figsize=(7, 2.2 * len(scenarios)), squeeze=False)
    for ax, scenario in zip(axes[:, 0], scenarios):
        group = per_run[per_run["scenario"] == scenario]
        ax.hist(np.minimum(group["max_z"], 20), bins=40, range=(0, 20), color="tab:blue")
        ax.axvline(group["threshold"].iloc[0], color="tab:red", label="Bonferroni threshold")
        ax.set_title(f"{scenario}: {(~group['agrees']).mean():.0%} of {len(group)} runs rejected", fontsize=9)
        ax.set_xlabel("largest |z| of a run (clipped at 20)")
    axes[0, 0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
