"""The figure of the workflow_conversion study, ``workflow_conversion.png`` (see ``plot``)."""
from __future__ import annotations

import numpy as np

from harness.studies.context import BACKEND_NUTS, StudyResult


def plot(result: StudyResult, path) -> None:
    """Raw vs posterior conversion rate per page with 90% intervals, both backends."""
    estimates = result.figure_data["estimates"]

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 3.8))
    for k, backend in enumerate(BACKEND_NUTS):
        rows = estimates[estimates["backend"] == backend]
        if rows.empty:
            continue
        x = np.arange(len(rows)) + (k - 0.5) * 0.2
        ax.errorbar(x, rows["posterior_mean"], yerr=[rows["posterior_mean"] - rows["q05"], rows["q95"] - rows["posterior_mean"]],
                    fmt="o", capsize=3, label=f"posterior mean, 90% interval ({backend})")
    if len(estimates):
        first = estimates[estimates["backend"] == estimates["backend"].iloc[0]]
        ax.scatter(range(len(first)), first["raw_rate"], marker="x", color="k", label="raw rate", zorder=3)
        ax.set_xticks(range(len(first)), [f"{p}\n(n={n})" for p, n in zip(first["page"], first["visitors"])])
    ax.set_ylabel("conversion rate")
    ax.set_title("21.8: hierarchical Beta-Binomial, shrinkage of small pages")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
