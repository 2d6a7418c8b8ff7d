"""The figure of the regressions study, ``regressions.png`` (see ``plot``)."""
from __future__ import annotations

import numpy as np

from harness.studies.context import BACKEND_NUTS, StudyResult

COLOURS = {"pymc": "tab:blue", "numpyro": "tab:orange"}
TITLES = {"21.1": "21.1 simple regression", "21.2": "21.2 multiple regression", "21.3": "21.3 Poisson regression"}


def plot(result: StudyResult, path) -> None:
    """Top: each parameter's 94% HDI and mean per backend against the true value, per exercise. Bottom: 21.3's
    posterior predictive visits at 85 F, weekday and weekend, and the weekend - weekday difference."""
    table = result.table
    data = result.figure_data
    prob = data.get("prob", 0.94)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    fig = plt.figure(figsize=(15, 9))
    grid = fig.add_gridspec(2, 3, height_ratios=[1, 1.05])
    for k, exercise in enumerate(TITLES):
        ax = fig.add_subplot(grid[0, k])
        rows = table[table["exercise"] == exercise]
        params = list(dict.fromkeys(rows["parameter"]))
        for j, parameter in enumerate(params):
            for i, backend in enumerate(BACKEND_NUTS):
                r = rows[(rows["parameter"] == parameter) & (rows["backend"] == backend)]
                if r.empty:
                    continue
                r = r.iloc[0]
                y = j + (i - 0.5) * 0.25
                ax.errorbar(r["mean"] - r["truth"], y, xerr=[[r["mean"] - r["hdi_3%"]], [r["hdi_97%"] - r["mean"]]],
                            fmt="o", ms=4, capsize=3, color=COLOURS[backend],
                            label=f"{backend}: mean, {prob:.0%} HDI" if j == 0 else None)
        ax.axvline(0, color="k", lw=1, ls=":", label="true value")
        ax.set_yticks(range(len(params)),
                      [f"{p}\n(true {t:.3g})" for p, t in zip(params, rows.groupby("parameter", sort=False)["truth"]
                                                                  .first())], fontsize=8)
        ax.set_ylim(len(params) + 0.4, -0.5)  # a free band at the bottom for the legend
        ax.xaxis.set_major_locator(MaxNLocator(6))
        ax.set_xlabel("posterior minus true value")
        ax.set_title(TITLES[exercise], fontsize=10)
        ax.legend(fontsize=7, loc="lower right")
    predictive = data.get("predictive", {})
    truth = data.get("true_rates", {})
    hot = data.get("hot_f", 85.0)
    ax_days = fig.add_subplot(grid[1, :2])
    ax_diff = fig.add_subplot(grid[1, 2])
    styles = {"weekday": ("tab:green", "/"), "weekend": ("tab:purple", "\\")}
    for i, backend in enumerate(b for b in BACKEND_NUTS if b in predictive):
        values = predictive[backend]
        for day, (colour, hatch) in styles.items():
            visits = values[f"visits_{day}"]
            bins = np.arange(visits.min(), visits.max() + 2) - 0.5
            ax_days.hist(visits, bins=bins, density=True, histtype="step", lw=1.5, color=colour,
                         ls="-" if i == 0 else "--", label=f"{day}, {backend} (mean {visits.mean():.1f})")
        diff = values["visits_difference"]
        bins = np.arange(diff.min(), diff.max() + 2) - 0.5
        ax_diff.hist(diff, bins=bins, density=True, histtype="step", lw=1.5, color=COLOURS[backend],
                     label=f"{backend}: counts, mean {diff.mean():.2f}")
        rate = values["rate_difference"]
        ax_diff.axvline(rate.mean(), color=COLOURS[backend], lw=1, ls="-.",
                        label=f"{backend}: posterior mean difference {rate.mean():.2f}")
    for day, (colour, _) in styles.items():
        if day in truth:
            ax_days.axvline(truth[day], color=colour, lw=1, ls=":", label=f"true {day} rate {truth[day]:.1f}")
    if "difference" in truth:
        ax_diff.axvline(truth["difference"], color="k", lw=1, ls=":", label=f"true difference {truth['difference']:.2f}")
    ax_days.set_xlabel(f"visits on one new day at {hot:.0f} F")
    ax_days.set_ylabel("posterior predictive probability")
    ax_days.set_title(f"21.3(c) posterior predictive visits at {hot:.0f} F (solid: pymc, dashed: numpyro)",
                      fontsize=10)
    ax_days.set_ylim(top=ax_days.get_ylim()[1] * 1.35)  # room for the legend above the bars
    ax_days.legend(fontsize=7, ncol=3, loc="upper center")
    ax_diff.set_xlabel("weekend minus weekday visits")
    ax_diff.set_title("21.3(c) weekend - weekday at the same temperature", fontsize=10)
    ax_diff.set_ylim(top=ax_diff.get_ylim()[1] * 1.6)
    ax_diff.legend(fontsize=6.5, loc="upper center")
    fig.suptitle("21.1-21.3: regressions on simulated data, both backends' default NUTS, against the true values")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
