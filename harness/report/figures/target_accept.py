"""The figure of the target_accept study, ``target_accept.png`` (see ``plot``)."""
from __future__ import annotations

from harness.studies.context import BACKEND_NUTS, StudyResult
from harness.studies.exercises.target_accept import TARGETS


def plot(result: StudyResult, path) -> None:
    """Minimum bulk ESS against sampling seconds, one colour per target_accept, one marker per backend."""
    table = result.table

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    done = table.dropna(subset=["min_ess_bulk"])
    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    colours = dict(zip(TARGETS, plt.cm.viridis([i / (len(TARGETS) - 1) for i in range(len(TARGETS))])))
    for backend, marker in zip(BACKEND_NUTS, ("o", "s")):
        for target in TARGETS:
            rows = done[(done["backend"] == backend) & (done["target_accept"] == target)]
            ax.scatter(rows["sampling_seconds"], rows["min_ess_bulk"], color=colours[target], marker=marker,
                       label=f"{backend} {target}", edgecolor="k" if backend == "numpyro" else None)
    ax.set_xscale("log")
    ax.set_xlabel("sampling seconds")
    ax.set_ylabel("minimum bulk ESS")
    ax.set_title("21.6: ESS vs sampling time over target_accept\n(eight schools, non-centered; "
                 f"{done['seed'].nunique()} seeds each)", fontsize=10)
    ax.legend(fontsize=6, ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
