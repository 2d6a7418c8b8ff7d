"""The figure of the workflow_conversion study, ``workflow_conversion.png`` (see ``plot``)."""
from __future__ import annotations

import numpy as np

from harness.studies.context import BACKEND_NUTS, StudyResult


def plot(result: StudyResult, path) -> None:
    """Raw vs posterior conversion rate per page with 90% intervals, both backends; beside it (e) each model's
    elpd_loo, PSIS-LOO's and the corrected one (exact refits of the pages with Pareto k > 0.7), +-1 SE."""
    estimates = result.figure_data["estimates"]

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    loo = next((t for title, t in result.tables.items() if title.startswith("(e) LOO per model")), None)
    if loo is None:
        fig, ax = plt.subplots(figsize=(7, 3.8))
    else:
        fig, (ax, right) = plt.subplots(1, 2, figsize=(11, 3.8), gridspec_kw={"width_ratios": [1.6, 1]})
        models = list(dict.fromkeys(loo["model"]))
        for k, backend in enumerate(BACKEND_NUTS):
            rows = loo[loo["backend"] == backend].set_index("model").reindex(models)
            x = np.arange(len(models)) + (k - 0.5) * 0.3
            right.errorbar(x, rows["elpd_loo"], yerr=rows["se_loo"], fmt="o", capsize=3,
                           label=f"corrected ({backend})")
            right.scatter(x, rows["elpd_loo_psis"], marker="x", color="k", zorder=3,
                          label="PSIS-LOO before the refits" if k == 0 else None)
        right.set_xticks(range(len(models)), models)
        right.set_ylabel("elpd_loo")
        right.set_title("(e) LOO: PSIS vs exact refits (k > 0.7), +-1 SE", fontsize=10)
        right.legend(fontsize=7, loc="center")
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
