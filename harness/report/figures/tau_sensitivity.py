"""The figure of the tau_sensitivity study, ``tau_sensitivity.png`` (see ``plot``)."""
from __future__ import annotations

import numpy as np

from harness.studies.context import BACKEND_NUTS, StudyResult
from harness.studies.exercises.tau_sensitivity import PRIORS


def plot(result: StudyResult, path) -> None:
    """mu_pop's and tau's posteriors under the three priors on shared axes, and the hospital estimates."""
    table = result.table
    draws = result.figure_data["draws"]
    data = result.figure_data["data"]

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from scipy.stats import gaussian_kde

    fig, (ax_mu, ax_tau, ax_h) = plt.subplots(1, 3, figsize=(15, 5.8), gridspec_kw={"width_ratios": [1, 1, 1.3]})
    colours = dict(zip(PRIORS, ("tab:red", "tab:blue", "tab:green")))
    for (prior, backend), d in draws.items():
        style = "-" if backend == "pymc" else "--"
        for ax, name in ((ax_mu, "mu_pop"), (ax_tau, "tau")):
            values = d[name].ravel()
            grid = np.linspace(*np.quantile(values, [0.001, 0.995]), 300)
            ax.plot(grid, gaussian_kde(values)(grid), style, color=colours[prior],
                    label=f"{PRIORS[prior].split(',')[0]}, {backend}")
    ax_mu.set_xlabel("mu_pop, population treatment effect (mmHg)")
    ax_mu.set_ylabel("posterior density")
    ax_mu.set_title("mu_pop under three tau priors", fontsize=10)
    ax_mu.legend(fontsize=7)
    ax_tau.set_xlabel("tau, between-hospital sd (mmHg)")
    ax_tau.set_title("tau under three tau priors", fontsize=10)
    ax_tau.set_xlim(left=0)
    order = list(np.argsort(data["n_per_arm"]))
    theta = table[table["parameter"] == "theta"]
    ax_h.scatter(data["y"][order], range(len(order)), marker="x", color="grey", label="observed y", zorder=3)
    for k, prior in enumerate(PRIORS):
        for backend, filled in zip(BACKEND_NUTS, (True, False)):
            rows = theta[(theta["tau_prior"] == prior) & (theta["backend"] == backend)].set_index("hospital")
            if rows.empty:
                continue
            rows = rows.loc[order]
            y = np.arange(len(order)) + (k - 1) * 0.25 + (0.06 if not filled else 0)
            if filled:
                ax_h.errorbar(rows["mean"], y, xerr=[rows["mean"] - rows["lower_95"], rows["upper_95"] - rows["mean"]],
                              fmt="o", ms=3, capsize=1.5, color=colours[prior],
                              label=f"{PRIORS[prior].split(',')[0]}, {backend} (95% HDI)")
            else:
                ax_h.scatter(rows["mean"], y, marker="o", s=12, facecolors="none", edgecolors=colours[prior],
                             label=f"{PRIORS[prior].split(',')[0]}, {backend} (mean)")
    ax_h.set_yticks(range(len(order)), [f"hospital {j} (n={data['n_per_arm'][j]})" for j in order], fontsize=7)
    ax_h.invert_yaxis()
    ax_h.set_xlabel("hospital treatment effect (mmHg)")
    ax_h.set_title("Hospital estimates, smallest at the top", fontsize=10)
    ax_h.legend(fontsize=6, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2)
    fig.suptitle("21.9: sensitivity of the MediCore hierarchical model to the prior on tau "
                 "(solid: pymc, dashed: numpyro)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
