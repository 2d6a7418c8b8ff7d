"""The figure of the trajectories study, ``trajectories.png`` (see ``plot``)."""
from __future__ import annotations

from harness.studies.context import BACKEND_NUTS, StudyResult
from harness.studies.exercises.trajectories import SIZES


def plot(result: StudyResult, path) -> None:
    """One panel per category (raw rates, posterior mean and 94% HDI per backend), and the HDI widths."""
    table = result.figure_data["shown"]

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    fig, axes = plt.subplots(1, 4, figsize=(17, 4.2))
    styles = dict(zip(BACKEND_NUTS, (dict(color="C0", ls="-"), dict(color="C1", ls="--"))))
    for ax, size in zip(axes, SIZES):
        part = table[table["size"] == size]
        for backend, rows in part.groupby("backend", sort=False):
            style = styles[backend]
            ax.plot(rows["month"], rows["mean"], label=f"{backend} mean", **style)
            if backend == next(iter(BACKEND_NUTS)):
                ax.fill_between(rows["month"], rows["hdi_low"], rows["hdi_high"], color=style["color"], alpha=0.25,
                                label=f"{backend} 94% HDI")
            else:
                ax.plot(rows["month"], rows["hdi_low"], lw=0.9, **style, label=f"{backend} 94% HDI")
                ax.plot(rows["month"], rows["hdi_high"], lw=0.9, **style)
        first = part[part["backend"] == part["backend"].iloc[0]]
        ax.scatter(first["month"], first["raw_rate"], color="k", marker="x", zorder=3, label="raw rate y/n")
        ax.set_title(f"{size}: category {first['category'].iloc[0]}, ~{first['users'].mean():.0f} users/month",
                     fontsize=10)
        ax.set_xlabel("month")
        ax.set_xticks(range(1, 13))
    axes[0].set_ylabel("engagement rate theta")
    axes[0].legend(fontsize=7)
    ax = axes[3]
    for size, marker in zip(SIZES, ("o", "s", "^")):
        for backend, rows in table[table["size"] == size].groupby("backend", sort=False):
            ax.plot(rows["month"], rows["hdi_width"], marker=marker, ms=4, color=styles[backend]["color"],
                    ls=styles[backend]["ls"], label=f"{size}, {backend}")
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%.2f"))
    ax.yaxis.set_minor_formatter(matplotlib.ticker.FormatStrFormatter("%.2f"))
    ax.set_xlabel("month")
    ax.set_xticks(range(1, 13))
    ax.set_ylabel("94% HDI width")
    ax.set_title("uncertainty over time and size", fontsize=10)
    ax.legend(fontsize=7, ncol=2)
    fig.suptitle("21.20: StreamRec random-walk model, posterior trajectories (both backends, target_accept "
                 f"{table['target_accept'].iloc[0]}, tune {table['tune'].iloc[0]})", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
