"""The figure of the glmm study, ``glmm.png`` (see ``plot``)."""
from __future__ import annotations

from harness.studies.context import StudyResult


def plot(result: StudyResult, path) -> None:
    """Forest plot of the predicted probabilities (both backends' 94% HDIs, glmer's interval) by hospital, and
    each backend's posterior mean against glmer's prediction."""
    table = result.table
    ranks = result.figure_data["ranks"]

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax, ax_rank) = plt.subplots(1, 2, figsize=(12, 6), gridspec_kw={"width_ratios": [1.6, 1]})
    order = table[table["backend"] == "lme4"].sort_values("estimate")["hospital"].tolist()
    position = {h: i for i, h in enumerate(order)}
    series = [("lme4", "glmer (approx. 94% interval)", "tab:blue", -0.2, "D"),
              ("pymc", "hierarchical, pymc (94% HDI)", "tab:orange", 0.0, "o"),
              ("numpyro", "hierarchical, numpyro (94% HDI)", "tab:green", 0.2, "s")]
    for backend, label, colour, offset, marker in series:
        rows = table[table["backend"] == backend]
        if rows.empty:
            continue
        y = [position[h] + offset for h in rows["hospital"]]
        errors = [rows["estimate"] - rows["lower_94"], rows["upper_94"] - rows["estimate"]]
        ax.errorbar(rows["estimate"], y, xerr=errors, fmt=marker, ms=4, capsize=2, color=colour, label=label)
    first = table[table["backend"] == "lme4"].set_index("hospital")
    ax.scatter(first.loc[order, "observed_rate"], range(len(order)), marker="x", color="grey", label="observed rate",
               zorder=3)
    ax.set_yticks(range(len(order)), [f"hospital {h} (n={first.loc[h, 'n_patients']})" for h in order], fontsize=8)
    ax.set_xlabel("P(response) for a 60-year-old with BMI 28")
    ax.set_title("Predicted probability by hospital (ordered by glmer)", fontsize=10)
    ax.legend(fontsize=7, loc="lower right")
    glmer = table[table["backend"] == "lme4"].set_index("hospital")["estimate"]
    for backend, _, colour, _, marker in series[1:]:
        rows = table[table["backend"] == backend].set_index("hospital")
        if rows.empty:
            continue
        rho = ranks.loc[ranks["pair"] == f"{backend} vs lme4", "spearman_rho"]
        hollow = backend == "numpyro"  # drawn over pymc's filled markers
        ax_rank.scatter(glmer.loc[rows.index], rows["estimate"], marker=marker, s=60 if hollow else 25,
                        facecolors="none" if hollow else colour, edgecolors=colour,
                        label=f"{backend} (Spearman rho {rho.iloc[0]:.3f})")
    low, high = glmer.min() - 0.02, glmer.max() + 0.02
    ax_rank.plot([low, high], [low, high], color="grey", lw=0.8, ls=":")
    ax_rank.set_xlabel("glmer predicted probability")
    ax_rank.set_ylabel("posterior mean probability")
    ax_rank.set_title("Bayes vs glmer, hospital by hospital", fontsize=10)
    ax_rank.legend(fontsize=7)
    fig.suptitle("21.23: hierarchical logistic regression (NUTS, both backends) vs lme4 glmer, 12 hospitals")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
