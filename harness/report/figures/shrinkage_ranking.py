"""The figure of the shrinkage_ranking study, ``shrinkage_ranking.png`` (see ``plot``)."""
from __future__ import annotations

import numpy as np

from harness.studies.context import BACKEND_NUTS, StudyResult
from harness.studies.exercises.shrinkage_ranking import MARKETS, school_table


def plot(result: StudyResult, path) -> None:
    """Four panels: schools raw -> posterior, shrinkage weight vs sample size, P(best), market rates and HDIs."""
    table = result.table

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(13, 9))
    offsets = dict(zip(BACKEND_NUTS, (-0.15, 0.15)))
    markers = dict(zip(BACKEND_NUTS, ("o", "s")))
    schools = school_table(table)
    first = schools[schools["backend"] == schools["backend"].iloc[0]] if len(schools) else schools
    ticks = [f"{g.split()[-1]}\n{int(n)}" for g, n in zip(first["group"], first["n"])]
    ax = axes[0, 0]
    for backend, rows in schools.groupby("backend", sort=False):
        ax.errorbar(np.arange(len(rows)) + offsets[backend], rows["mean"],
                    yerr=[rows["mean"] - rows["hdi_low"], rows["hdi_high"] - rows["mean"]],
                    fmt=markers[backend], ms=4, capsize=2, label=f"posterior mean, 94% HDI ({backend})")
    ax.scatter(np.arange(len(first)), first["raw"], marker="x", color="k", zorder=3, label="raw mean")
    ax.set_xticks(np.arange(len(first)), ticks, fontsize=8)
    ax.set_xlabel("school / students tested")
    ax.set_ylabel("reading score")
    ax.set_title("21.10: raw mean -> hierarchical estimate", fontsize=10)
    ax.legend(fontsize=7)
    ax = axes[0, 1]
    for backend, rows in schools.groupby("backend", sort=False):
        ax.scatter(rows["n"] * (1 + offsets[backend] / 5), rows["shrinkage"], marker=markers[backend], label=backend)
    ax.set_xscale("log")
    sizes = sorted(set(int(n) for n in first["n"]))
    ax.set_xticks(sizes, [str(n) for n in sizes])
    ax.minorticks_off()
    ax.set_xlabel("students tested (log scale)")
    ax.set_ylabel("shrinkage weight E[se^2 / (se^2 + tau^2)]")
    ax.set_title("21.10b: shrinkage falls with sample size", fontsize=10)
    ax.legend(fontsize=7)
    ax = axes[1, 0]
    for backend, rows in schools.groupby("backend", sort=False):
        ax.bar(np.arange(len(rows)) + offsets[backend], rows["p_best"], width=0.3, label=backend)
    ax.set_xticks(np.arange(len(first)), [f"{g.split()[-1]}\nr{int(r)}" for g, r in
                                          zip(first["group"], first["rank_raw"])], fontsize=8)
    ax.set_xlabel("school / raw-score rank")
    ax.set_ylabel("P(school has the highest mean)")
    ax.set_title("21.10c: P(best) per school", fontsize=10)
    ax.legend(fontsize=7)
    ax = axes[1, 1]
    markets = table[table["posterior"] == MARKETS]
    for backend, rows in markets.groupby("backend", sort=False):
        ax.errorbar(rows["mean"], np.arange(len(rows)) + offsets[backend],
                    xerr=[rows["mean"] - rows["hdi_low"], rows["hdi_high"] - rows["mean"]],
                    fmt=markers[backend], ms=4, capsize=2, label=f"posterior mean, 94% HDI ({backend})")
    if len(markets):
        one = markets[markets["backend"] == markets["backend"].iloc[0]]
        ax.scatter(one["raw"], np.arange(len(one)), marker="x", color="k", zorder=3, label="raw rate")
        ax.set_yticks(np.arange(len(one)), [f"{g} (n={int(n)})" for g, n in zip(one["group"], one["n"])], fontsize=8)
        ax.invert_yaxis()
    ax.set_xlabel("conversion rate")
    ax.set_title("21.17: market conversion rates", fontsize=10)
    ax.legend(fontsize=7)
    beta = table[table["quantity"] == "beta"]
    if len(beta):
        fig.suptitle("21.11: beta (lunch_pct, per 20 points), mean [94% HDI]: " + "; ".join(
            f"{r.backend} {r.mean:.2f} [{r.hdi_low:.2f}, {r.hdi_high:.2f}]" for r in beta.itertuples()), fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
