"""The figure of the loo_waic study, ``loo_waic.png`` (see ``plot``)."""
from __future__ import annotations

import numpy as np

from harness.studies.context import BACKEND_NUTS, StudyResult
from harness.studies.exercises.loo_waic import MODELS


def plot(result: StudyResult, path) -> None:
    """elpd_loo (corrected: exact refits where Pareto k > 0.7) and elpd_waic with their SEs per model, the two
    backends side by side; PSIS-LOO's uncorrected value as a cross where it differs."""
    table = result.table

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    done = table.dropna(subset=["elpd_loo"])
    fig, ax = plt.subplots(figsize=(7, 3.6))
    models = list(MODELS)
    for k, (backend, marker) in enumerate(zip(BACKEND_NUTS, ("o", "s"))):
        rows = done[done["backend"] == backend].set_index("model").reindex(models)
        x = np.arange(len(models)) + (k - 0.5) * 0.25
        ax.errorbar(x - 0.05, rows["elpd_loo"], yerr=rows["se_loo"], fmt=marker, capsize=3,
                    label=f"LOO (corrected), {backend}")
        if "elpd_loo_psis" in rows:
            refitted = rows["n_refit"].fillna(0).to_numpy() > 0
            ax.scatter((x - 0.05)[refitted], rows["elpd_loo_psis"][refitted], marker="x", color="k", zorder=3,
                       label="PSIS-LOO before the refits" if k == 0 else None)
        ax.errorbar(x + 0.05, rows["elpd_waic"], yerr=rows["se_waic"], fmt=marker, mfc="none", capsize=3,
                    label=f"WAIC, {backend}")
    ax.set_xticks(range(len(models)), models)
    ax.set_ylabel("expected log predictive density")
    ax.set_title("Eight schools (21.14): LOO (exact refits where k > 0.7) and WAIC, +-1 SE", fontsize=10)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
