"""The figure of the loo_compare study, ``loo_compare.png`` (see ``plot``)."""
from __future__ import annotations

import math
import textwrap

import numpy as np

from harness.studies.context import BACKEND_NUTS, StudyResult


def plot(result: StudyResult, path) -> None:
    """Per LOO set: elpd difference to the best +-dse, both backends; 21.13 ESS/s and divergences; 21.26 wall time."""
    table = result.table

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    loo_sets = [s for s in table["set"].unique() if table[table["set"] == s]["rank"].notna().any()]
    extra = [s for s in ("21.13", "21.26") if s in set(table["set"])]
    panels = len(loo_sets) + len(extra)
    cols = min(3, panels)
    rows_n = math.ceil(panels / cols)
    fig, axes = plt.subplots(rows_n, cols, figsize=(5.2 * cols, 3.8 * rows_n), squeeze=False)
    axes = list(axes.ravel())
    markers = dict(zip(BACKEND_NUTS, ("o", "s")))
    colours = dict(zip(BACKEND_NUTS, ("C0", "C1")))
    offsets = dict(zip(BACKEND_NUTS, (-0.12, 0.12)))
    for name in loo_sets:
        ax = axes.pop(0)
        part = table[(table["set"] == name) & table["rank"].notna()]
        order = list(part.groupby("model")["elpd_diff"].mean().sort_values(ascending=False).index)
        for backend, rows in part.groupby("backend", sort=False):
            rows = rows.set_index("model").reindex(order)
            ax.errorbar(rows["elpd_diff"], np.arange(len(order)) + offsets[backend], xerr=rows["dse"],
                        fmt=markers[backend], color=colours[backend], capsize=3, label=backend)
        ax.axvline(0, color="grey", lw=0.8)
        ax.set_xscale("symlog", linthresh=5)  # near-ties and far-off models in one panel
        low = float(np.nanmin(part["elpd_diff"] - part["dse"]))
        ticks = [t for t in (-1000, -300, -100, -30, -10, -3, 0) if t >= low * 1.2]
        ax.set_xticks(ticks, [str(t) for t in ticks])
        ax.minorticks_off()
        ax.set_xlim(min(low * 1.2, -1.0), max(1.0, float(np.nanmax(part["elpd_diff"] + part["dse"])) + 1.0))
        ax.set_yticks(range(len(order)), order, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel("elpd_loo - best (+-dse; linear within +-5)")
        missing = table[(table["set"] == name) & table["rank"].isna()]["model"].unique()
        ax.set_title(f"{name}: PSIS-LOO" + (f" (no LOO: {', '.join(missing)})" if len(missing) else ""),
                     fontsize=10 if not len(missing) else 8)
        ax.legend(fontsize=7)
    if "21.13" in extra:
        ax = axes.pop(0)
        part = table[table["set"] == "21.13"]
        labels = list(dict.fromkeys(part["model"]))
        for backend, rows in part.groupby("backend", sort=False):
            rows = rows.set_index("model").reindex(labels)
            x = np.arange(len(labels)) + offsets[backend]
            ax.bar(x, rows["ess_per_sec"], width=0.24, color=colours[backend], label=backend)
            for xi, d in zip(x, rows["divergences"]):
                if not math.isnan(d):
                    ax.annotate(f"{int(d)} div", (xi, 0), textcoords="offset points", xytext=(0, 3), ha="center",
                                fontsize=7, rotation=90)
        ax.set_xticks(range(len(labels)), [textwrap.fill(label.replace("_", " "), 13) for label in labels], fontsize=7)
        ax.set_ylabel("min bulk ESS per sampling second")
        ax.set_title("21.13: efficiency and divergences", fontsize=10)
        ax.legend(fontsize=7)
    if "21.26" in extra:
        ax = axes.pop(0)
        part = table[table["set"] == "21.26"]
        labels = list(dict.fromkeys(part["model"]))
        for backend, rows in part.groupby("backend", sort=False):
            rows = rows.set_index("model").reindex(labels)
            x = np.arange(len(labels)) + offsets[backend]
            ax.bar(x, rows["wall_seconds"], width=0.24, color=colours[backend], alpha=0.35, label=f"{backend} wall")
            ax.bar(x, rows["sampling_seconds"], width=0.24, color=colours[backend], label=f"{backend} sampling")
            for xi, wall, d in zip(x, rows["wall_seconds"], rows["divergences"]):
                if not math.isnan(d):
                    ax.annotate(f"{int(d)} div", (xi, wall), textcoords="offset points", xytext=(0, 2), ha="center",
                                fontsize=7)
        ax.set_xticks(range(len(labels)), labels)
        ax.set_ylabel("seconds")
        ax.set_title("21.26: wall time" + (" (no PSIS-LOO, see findings)" if part["rank"].isna().all() else ""),
                     fontsize=10)
        ax.legend(fontsize=7)
    for ax in axes:
        ax.set_visible(False)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
