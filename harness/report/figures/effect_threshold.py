"""The figure of the effect_threshold study, ``effect_threshold.png`` (see ``plot``)."""
from __future__ import annotations

import numpy as np

from harness.studies.context import BACKEND_NUTS, StudyResult
from harness.studies.exercises.effect_threshold import EFFECT_THRESHOLD, TREND_THRESHOLD


def plot(result: StudyResult, path) -> None:
    """Three panels: 21.18 mu by prior with the 0.5% line; 21.19 OLS vs hierarchical trends; 21.27 priors and
    posteriors of mu_pop."""
    table = result.table
    basins = result.figure_data["basins"]
    draws = result.figure_data["draws"]

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from scipy import stats

    fig, (ax_d, ax_o, ax_m) = plt.subplots(1, 3, figsize=(16, 5.6), gridspec_kw={"width_ratios": [1, 1.25, 1]})
    styles = {"pymc": "-", "numpyro": "--"}

    def density(ax, values, colour, style, label):
        """A KDE (scipy) of draws over their 0.1-99.9% range."""
        grid = np.linspace(*np.quantile(values, [0.001, 0.999]), 300)
        ax.plot(grid, stats.gaussian_kde(values)(grid), style, color=colour, label=label)

    for (exercise, prior, backend), d in draws.items():
        if exercise == "21.18":
            p = table[(table["exercise"] == exercise) & (table["prior"] == prior) & (table["backend"] == backend)
                      & (table["parameter"] == "mu")]["p_exceed"].iloc[0]
            density(ax_d, d["mu"].ravel(), "tab:blue" if prior == "informative" else "tab:orange", styles[backend],
                    f"{prior}, {backend}: P(mu > {EFFECT_THRESHOLD}) = {p:.3f}")
        elif exercise == "21.27":
            colour = {"elicited_normal": "tab:blue", "elicited_t": "tab:red", "weak": "grey"}[prior]
            density(ax_m, d["mu_pop"].ravel(), colour, styles[backend], f"posterior, {prior}, {backend}")
    ax_d.axvline(EFFECT_THRESHOLD, color="k", lw=1, ls=":")
    ax_d.set_xlabel("mu, population HbA1c reduction (%)")
    ax_d.set_ylabel("posterior density")
    ax_d.set_title(f"21.18: mu by prior; threshold {EFFECT_THRESHOLD}%", fontsize=10)
    ax_d.legend(fontsize=7, loc="upper left")

    y = np.arange(len(basins))
    ax_o.errorbar(basins["ols_slope"], y - 0.2, xerr=[basins["ols_slope"] - basins["ols_lower_95"],
                                                      basins["ols_upper_95"] - basins["ols_slope"]],
                  fmt="x", color="grey", capsize=2, label="OLS (95% CI)")
    beta = table[(table["exercise"] == "21.19") & (table["parameter"] == "beta")]
    for k, (backend, colour) in enumerate(zip(BACKEND_NUTS, ("tab:orange", "tab:green"))):
        rows = beta[beta["backend"] == backend].set_index("index").reindex(basins["basin"])
        if rows["mean"].notna().any():
            ax_o.errorbar(rows["mean"], y + k * 0.2, xerr=[rows["mean"] - rows["lower_95"],
                                                           rows["upper_95"] - rows["mean"]],
                          fmt="o", ms=4, color=colour, capsize=2, label=f"hierarchical, {backend} (95% HDI)")
    for x, style in ((0, "-"), (TREND_THRESHOLD, ":")):
        ax_o.axvline(x, color="k", lw=0.8, ls=style)
    p_backend = next((b for b in BACKEND_NUTS if f"{b}_p_above_0.25" in basins), None)
    labels = [f"basin {r['basin']} ({r['n_stations']} st., {r['n_years']} yr)"
              + (f"  P={r[f'{p_backend}_p_above_0.25']:.2f}" if p_backend else "") for _, r in basins.iterrows()]
    ax_o.set_yticks(y, labels, fontsize=7)
    ax_o.invert_yaxis()
    ax_o.set_xlabel("warming trend (deg C per decade)")
    ax_o.set_title(f"21.19: trends; P = P(trend > {TREND_THRESHOLD}), {p_backend}", fontsize=10)
    ax_o.legend(fontsize=7, loc="lower right")

    from models.medicore_priors import MU_PRIORS

    grid = np.linspace(-5, 25, 400)
    for name, colour in (("elicited_normal", "tab:blue"), ("elicited_t", "tab:red")):
        df, loc, scale = MU_PRIORS[name]
        pdf = stats.norm.pdf(grid, loc, scale) if df is None else stats.t.pdf(grid, df, loc, scale)
        ax_m.plot(grid, pdf, ":", color=colour, label=f"prior, {name}")
    ax_m.set_xlabel("mu_pop, population treatment effect (mmHg)")
    ax_m.set_title("21.27: elicited priors (dotted) and posteriors", fontsize=10)
    ax_m.legend(fontsize=7, loc="upper left")
    fig.suptitle("Posterior probabilities of practical effects and their prior sensitivity "
                 "(solid: pymc, dashed: numpyro)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
