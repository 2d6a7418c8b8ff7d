"""The figure of the prior_predictive study, ``prior_predictive.png`` (see ``plot``)."""
from __future__ import annotations

import numpy as np

from harness.studies.context import StudyResult
from harness.studies.exercises.prior_predictive import BACKENDS, CASES


def plot(result: StudyResult, path) -> None:
    """Prior-predictive distributions, both backends: ER visits weak vs tight, page rates of the two page priors."""
    values = result.figure_data["values"]
    table = result.table
    observed_rates = result.figure_data["observed_rates"]

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    styles = {"pymc": dict(ls="-"), "numpyro": dict(ls="--")}
    colours = {case.name: f"C{i}" for i, case in enumerate(CASES)}
    visits_bins = np.linspace(0, 10, 81)
    for case in CASES[:2]:
        for backend in BACKENDS:
            counts = values[(case.name, backend)].ravel()
            axes[0].hist(np.log10(1 + counts), bins=visits_bins, density=True, histtype="step", lw=1.3,
                         color=colours[case.name], label=f"{case.options['prior']}, {backend}", **styles[backend])
    observed = table.loc[table["case"] == "er_visits weak", "observed_mean"].iloc[0]
    axes[0].axvline(np.log10(1 + observed), color="k", lw=1, label="observed mean")
    axes[0].axvline(4, color="red", lw=1, ls=":", label="10,000 visits")
    axes[0].set_xlabel("log10(1 + daily visits)")
    axes[0].set_title("21.7: prior-predictive daily ER visits", fontsize=9)
    axes[0].legend(fontsize=7)
    tight = CASES[1].name
    top = max(np.quantile(values[(tight, backend)], 0.995) for backend in BACKENDS)
    count_bins = np.arange(-0.5, top + 3, 3)  # whole counts per bin, no aliasing
    for backend in BACKENDS:
        counts = values[(tight, backend)].ravel()
        axes[1].hist(counts[counts <= top], bins=count_bins, density=True, histtype="step", lw=1.3,
                     color=colours[tight], label=backend, **styles[backend])
    axes[1].axvline(observed, color="k", lw=1, label="observed mean")
    axes[1].set_xlabel("daily visits (tight prior, up to the 99.5% quantile)")
    axes[1].set_title("21.7(c): tight priors", fontsize=9)
    axes[1].legend(fontsize=7)
    bins = np.linspace(0, 0.6, 31)
    for case in CASES[2:]:
        for backend in BACKENDS:
            rates = values[(case.name, backend)].ravel()
            axes[2].hist(rates, bins=bins, density=True, histtype="step", lw=1.3, color=colours[case.name],
                         label=f"{case.name}, {backend} ({(rates > 0.3).mean():.1%} > 30%)", **styles[backend])
    for rate in observed_rates:
        axes[2].axvline(rate, color="k", lw=0.8, alpha=0.6)
    axes[2].axvline(0.30, color="red", lw=1, ls=":", label="30%")
    axes[2].set_xlabel("page rate y / n, to 60% (black lines: observed)")
    axes[2].set_title("21.8(a): prior-predictive page conversion rates", fontsize=9)
    axes[2].legend(fontsize=7)
    for ax in axes:
        ax.set_ylabel("density")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
