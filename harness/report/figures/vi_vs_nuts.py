"""The figure of the vi_vs_nuts study, ``vi_vs_nuts.png`` (see ``plot``)."""
from __future__ import annotations

import numpy as np

from harness.studies.context import BACKEND_NUTS, StudyResult
from harness.studies.exercises.vi_vs_nuts import PLOTTED, POSTERIORS, VI_METHODS


def plot(result: StudyResult, path) -> None:
    """Marginals of the two plotted parameters per posterior and backend: NUTS vs each VI method."""
    draws = result.figure_data["draws"]
    per_method = result.figure_data["per_method"]

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    posteriors = [p for p in POSTERIORS.values() if any(k[0] == p for k in draws)]
    fig, axes = plt.subplots(len(posteriors), 4, figsize=(16, 3.6 * len(posteriors)), squeeze=False)
    info = per_method.set_index(["posterior", "method"])
    for row, posterior in enumerate(posteriors):
        for col, (backend, param) in enumerate((b, p) for b in BACKEND_NUTS for p in PLOTTED[posterior]):
            ax = axes[row][col]
            nuts = draws.get((posterior, BACKEND_NUTS[backend]))
            if nuts is None:
                continue
            reference = np.asarray(nuts[param]).ravel()
            low, high = np.quantile(reference, [0.001, 0.995])
            span = high - low
            bins = np.linspace(max(low - 0.1 * span, 0.0) if reference.min() >= 0 else low - 0.1 * span,
                               high + 0.1 * span, 60)
            ax.hist(reference, bins=bins, density=True, color="0.75", label=f"{BACKEND_NUTS[backend]} (NUTS)")
            for method in VI_METHODS[backend]:
                if (posterior, method) not in draws:
                    continue
                values = np.asarray(draws[(posterior, method)][param]).ravel()
                kl, wall = info.loc[(posterior, method), f"kl_{param}"], info.loc[(posterior, method), "wall_seconds"]
                ax.hist(values, bins=bins, density=True, histtype="step", lw=1.5,
                        label=f"{method}: KL {kl:.3f}, {wall:.1f} s")
            ax.set_title(f"{posterior}\n{param}, {backend}", fontsize=8)
            ax.set_xlabel(param)
            ax.legend(fontsize=7)
    fig.suptitle("21.22 / 21.25(b): VI marginals vs NUTS of the same backend (KL(VI || NUTS) by KDE, wall time)",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
