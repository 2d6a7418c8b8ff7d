"""The figure of the ab_decisions study, ``ab_decisions.png`` (see ``plot``)."""
from __future__ import annotations

import numpy as np
from scipy import stats

from harness.studies.context import StudyResult
from harness.studies.exercises.ab_decisions import conjugate_posterior


def plot(result: StudyResult, path) -> None:
    """Left: decision accuracy vs true effect, both rules; right: posterior of theta_B - theta_A, both backends."""
    accuracy = result.figure_data["accuracy"]
    draws = result.figure_data["draws"]
    counts = result.figure_data["counts"]

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for k, (column, label, marker) in enumerate((("bayes_accuracy", "Bayesian rule", "o"),
                                                 ("z_accuracy", "z-test, alpha 0.05", "s"))):
        for side in (accuracy[accuracy["effect"] < 0], accuracy[accuracy["effect"] > 0]):  # no line across 0
            p, n = side[column], side["experiments"]
            left.errorbar(side["effect"] * 100, p, yerr=np.sqrt(p * (1 - p) / n), marker=marker, capsize=2,
                          color=f"C{k}", label=label if side["effect"].iloc[0] < 0 else None)
    left.axvline(0, color="grey", lw=0.8)
    left.set_xlabel("true relative effect of B (%)")
    left.set_ylabel("fraction of correct ship / no-ship decisions")
    left.set_title(f"21.21(d): decision accuracy ({int(accuracy['experiments'].sum())} experiments, +-1 SE)",
                   fontsize=9)
    left.legend(fontsize=8)
    y_a, n_a, y_b, n_b = counts
    post_a, post_b = conjugate_posterior(y_a, n_a), conjugate_posterior(y_b, n_b)
    rng = np.random.default_rng(0)
    exact = stats.beta(*post_b).rvs(200_000, random_state=rng) - stats.beta(*post_a).rvs(200_000, random_state=rng)
    grid = np.linspace(np.quantile(exact, 0.0005), np.quantile(exact, 0.9995), 300)
    right.plot(grid, stats.gaussian_kde(exact)(grid), color="k", lw=2, label="conjugate (exact)")
    for backend, theta in draws.items():
        diff = (theta[..., 1] - theta[..., 0]).ravel()
        right.hist(diff, bins=50, density=True, histtype="step", lw=1.3, label=f"{backend} NUTS")
    right.axvline(0, color="red", lw=1, ls="--")
    right.set_xlabel("theta_B - theta_A")
    right.set_title("21.21(b): posterior of the difference, both backends", fontsize=9)
    right.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
