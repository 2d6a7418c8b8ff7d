"""The figure of the minibatch study, ``minibatch.png`` (see ``plot``)."""
from __future__ import annotations

from harness.studies.context import StudyResult


def plot(result: StudyResult, path) -> None:
    """KL to the reference and largest mean shift against batch size, one line per method."""
    table = result.table

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    done = table[(table["status"] == "ok") & table["batch_size"].notna()]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    for method, rows in done.groupby("method"):
        rows = rows.sort_values("batch_size")
        axes[0].plot(rows["batch_size"], rows["kl_max"], marker="o", label=method)
        if "max_mean_shift_sd" in rows:
            axes[1].plot(rows["batch_size"], rows["max_mean_shift_sd"], marker="o", label=method)
    for nuts in table[table["batch_size"].isna() & (table["status"] == "ok")].itertuples():
        axes[0].axhline(nuts.kl_max, ls="--", lw=1, color="grey")
    for ax, label in zip(axes, ("largest marginal KL to the reference (nats); dashed: full-data NUTS",
                                "largest |mean shift| vs full-data NUTS (sd)")):
        ax.set_xscale("log")
        if any((line.get_ydata() > 0).any() for line in ax.get_lines() if len(line.get_ydata())):
            ax.set_yscale("log")
        else:
            ax.text(0.5, 0.5, "no value to plot (see the table)", transform=ax.transAxes, ha="center")
        ax.set_xlabel("events per minibatch")
        ax.set_title(label, fontsize=8)
    axes[0].legend(fontsize=7)
    fig.suptitle("21.25a: minibatch methods on 10,000 StreamRec events")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
