"""The figure of the sbc study, ``sbc.png`` (see ``plot``)."""
from __future__ import annotations

import numpy as np

from harness.studies.context import StudyResult
from harness.studies.exercises.sbc import ALPHA, PARAMETERS, bins_for, histogram


def plot(result: StudyResult, path) -> None:
    """Rank histograms (method x parameter) with the 99% band of a uniform bin count, and the PIT ECDF minus
    the uniform CDF per parameter for every method, with ArviZ's 95% simultaneous band."""
    ranks = result.figure_data["ranks"]
    table = result.table
    draws = result.figure_data["draws"]

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from arviz_stats.ecdf_utils import ecdf_pit
    from scipy import stats

    methods = list(ranks)
    fig, axes = plt.subplots(len(methods) + 1, len(PARAMETERS), figsize=(13, 3.0 * (len(methods) + 1)),
                             squeeze=False)
    info = table.set_index(["method", "parameter"])
    for row, method in enumerate(methods):
        for col, (parameter, values) in enumerate(ranks[method].items()):
            ax = axes[row][col]
            bins = bins_for(len(values))
            counts, expected = histogram(values, draws, bins)
            edges = np.linspace(0, draws + 1, bins + 1)
            ax.bar(edges[:-1], counts, width=np.diff(edges), align="edge", color="tab:blue", alpha=0.7,
                   edgecolor="white")
            low = stats.binom.ppf(0.005, len(values), expected / len(values))
            high = stats.binom.ppf(0.995, len(values), expected / len(values))
            ax.fill_between(edges, np.append(low, low[-1]), np.append(high, high[-1]), step="post", color="grey",
                            alpha=0.3, label="99% band, uniform")
            r = info.loc[(method, parameter)]
            ax.set_title(f"{method}: {parameter}\nchi-square p {r.chi2_p:.3g}, pot_c p {r.pot_c_p:.3g}", fontsize=9,
                         color="black" if r.uniform else "tab:red")
            ax.set_xlim(0, draws + 1)
            if col == 0:
                ax.set_ylabel("simulations")
            if row == 0 and col == 0:
                ax.legend(fontsize=7)
    colours = dict(zip(methods, ("tab:orange", "tab:green", "tab:red", "tab:purple")))
    rng = np.random.default_rng(214)
    for col, parameter in enumerate(PARAMETERS):
        ax = axes[-1][col]
        band = None
        for method in methods:
            pit = (ranks[method][parameter] + 0.5) / (draws + 1)
            x, ecdf, low, high = ecdf_pit(pit, 0.95, 1000, rng=rng)
            band = band or (x, low - x, high - x)
            ax.step(x, ecdf - x, where="post", color=colours[method], label=method)
        ax.fill_between(band[0], band[1], band[2], step="post", color="grey", alpha=0.3, label="95% band")
        ax.axhline(0, color="black", lw=0.6)
        ax.set_xlabel(f"PIT of {parameter}")
        ax.set_title(f"ECDF - uniform CDF: {parameter}", fontsize=9)
        if col == 0:
            ax.set_ylabel("ECDF difference")
            ax.legend(fontsize=7)
    fig.suptitle(f"21.24: SBC of non-centered eight schools, {len(next(iter(ranks.values()))['mu'])} simulations "
                 f"per method, {draws} draws per fit (red title: uniformity rejected at p < {ALPHA})", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
