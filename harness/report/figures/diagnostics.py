"""The figure of the diagnostics study, ``diagnostics.png`` (see ``plot``)."""
from __future__ import annotations

from harness.studies.context import StudyResult
from harness.studies.exercises.diagnostics import ESS_MIN


def plot(result: StudyResult, path) -> None:
    """ESS bulk and tail efficiency per parameter, each posterior x backend, with the ESS threshold line."""
    per_parameter = result.figure_data["per_parameter"]

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = list(per_parameter.groupby(["posterior", "backend"], sort=False))
    fig, axes = plt.subplots(1, len(groups), figsize=(3.6 * len(groups), 3.4), squeeze=False)
    for ax, ((posterior, backend), group) in zip(axes[0], groups):
        x = range(len(group))
        ax.bar([i - 0.2 for i in x], group["ess_bulk"], width=0.4, label="bulk")
        ax.bar([i + 0.2 for i in x], group["ess_tail"], width=0.4, label="tail")
        ax.axhline(ESS_MIN, color="red", lw=1, ls="--", label=f"{ESS_MIN}")
        ax.set_xticks(list(x), group["parameter"], rotation=90, fontsize=6)
        ax.set_title(f"{posterior}\n{backend}", fontsize=7)
        ax.set_yscale("log")
    axes[0][0].set_ylabel("ESS")
    axes[0][0].legend(fontsize=6)
    fig.suptitle("21.4: ESS bulk/tail per parameter (red: pass threshold)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
