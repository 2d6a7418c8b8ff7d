"""The figure of the centered_vs_noncentered study, ``centered_vs_noncentered.png`` (see ``plot``)."""
from __future__ import annotations

import numpy as np

from harness.studies.context import BACKEND_NUTS, StudyResult
from harness.studies.exercises.centered_vs_noncentered import PARAMETERIZATIONS


def plot(result: StudyResult, path) -> None:
    """log tau vs theta[0] per parameterization x backend, divergent draws in red."""
    pairs = result.figure_data["pairs"]

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(9, 7), sharex=True, sharey=True, squeeze=False)
    for i, parameterization in enumerate(PARAMETERIZATIONS):
        for j, backend in enumerate(BACKEND_NUTS):
            ax = axes[i][j]
            if (parameterization, backend) not in pairs:
                ax.text(0.5, 0.5, "did not finish", transform=ax.transAxes, ha="center")
                continue
            tau, theta, diverging = pairs[(parameterization, backend)]
            ax.scatter(theta[~diverging], np.log(tau[~diverging]), s=2, alpha=0.25, color="tab:blue")
            ax.scatter(theta[diverging], np.log(tau[diverging]), s=8, color="red", label=f"divergent ({diverging.sum()})")
            ax.set_title(f"{parameterization}, {backend}", fontsize=9)
            ax.legend(fontsize=7, loc="lower right")
    for ax in axes[1]:
        ax.set_xlabel("theta[0]")
    for ax in axes[:, 0]:
        ax.set_ylabel("log tau")
    fig.suptitle("21.5: where divergences fall (eight schools, seed 42)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
