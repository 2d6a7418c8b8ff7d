"""The figure of the meta_analysis study, ``meta_analysis.png`` (see ``plot``)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from harness.studies.context import BACKEND_NUTS, StudyResult


def plot(result: StudyResult, path) -> None:
    """Forest plot (raw, DL plug-in, both backends' posteriors) by hospital size, and tau's posterior vs DL."""
    table = result.table
    data = result.figure_data["data"]
    tau_draws = result.figure_data["tau"]  # backend: (chain, draw) draws of tau, for the fits that finished
    dl = result.figure_data["dl"]

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax, ax_tau) = plt.subplots(1, 2, figsize=(11, 6.2), gridspec_kw={"width_ratios": [2.2, 1]})
    order = list(np.argsort(data["n_per_arm"]))  # smallest hospital at the top
    labels = ["mu (population)"] + [f"hospital {j} (n={data['n_per_arm'][j]})" for j in order]
    positions = {("mu", None): 0, **{("theta", j): i + 1 for i, j in enumerate(order)}}
    z = 1.959964
    ax.errorbar(data["y"][order], np.arange(1, len(order) + 1) - 0.3, xerr=z * data["sigma"][order], fmt="x",
                color="grey", capsize=2, label="raw y +- 1.96 sigma")
    series = [("dersimonian_laird", "statsmodels", "DL plug-in (95% CI)", "tab:blue", -0.1, "D"),
              ("hierarchical", "pymc", "hierarchical, pymc (95% HDI)", "tab:orange", 0.1, "o"),
              ("hierarchical", "numpyro", "hierarchical, numpyro (95% HDI)", "tab:green", 0.3, "s")]
    for method, backend, label, colour, offset, marker in series:
        rows = table[(table["method"] == method) & (table["backend"] == backend) & (table["quantity"] != "tau2")]
        if rows.empty:
            continue
        y = [positions[(r.quantity, None if pd.isna(r.hospital) else int(r.hospital))] + offset
             for r in rows.itertuples()]
        errors = [rows["estimate"] - rows["lower_95"], rows["upper_95"] - rows["estimate"]]
        ax.errorbar(rows["estimate"], y, xerr=errors, fmt=marker, color=colour, capsize=2, ms=4, label=label)
    ax.axvline(dl["mu"], color="tab:blue", lw=0.8, ls=":")
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("treatment effect (mmHg)")
    ax.set_title("Estimates by hospital, smallest at the top", fontsize=10)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2)
    for backend, colour in zip(BACKEND_NUTS, ("tab:orange", "tab:green")):
        if backend in tau_draws:
            tau = tau_draws[backend].ravel()
            ax_tau.hist(tau, bins=np.linspace(0, np.quantile(tau, 0.99), 60), density=True, histtype="step",
                        color=colour, label=f"posterior, {backend}")
    ax_tau.axvline(math.sqrt(dl["tau2"]), color="tab:blue", lw=1.5, label=f"DL: tau = {math.sqrt(dl['tau2']):.2f}")
    ax_tau.set_xlabel("tau, between-hospital sd (mmHg)")
    ax_tau.set_ylabel("density")
    ax_tau.set_title("tau: a point for DL, a distribution for Bayes", fontsize=10)
    ax_tau.legend(fontsize=7)
    fig.suptitle("21.16: DerSimonian-Laird vs the Bayesian hierarchical model (MediCore, 12 hospitals)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
