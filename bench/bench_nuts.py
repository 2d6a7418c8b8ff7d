"""NUTS speed per posterior x NUTS-family method: medians over seeds (see runs.NutsRuns).

Every track is lower-is-better, as asv reads every number (it has no higher-is-better flag): seconds
and gradients per 1,000 ESS, not ESS/s and ESS per gradient, so ``make bench-check`` sees a sampler that
got less efficient as a regression. (Until December 2026 the suite tracked ``track_ess_per_sec`` and
``track_ess_per_grad``; their history stays in results/asv under those names, and the new names start
new lines.)
"""
from .runs import TARGET_ESS, NutsRuns


class NutsSpeed(NutsRuns):
    """How fast each NUTS method samples each representative posterior (4 chains x 1000 + 1000)."""

    def track_seconds_per_1000_ess(self, results, posterior, method):
        """Sampling seconds per 1,000 minimum bulk ESS (1,000 / ESS/s; infinite for a timed-out run)."""
        return self.cell_median("ess_per_sec", per_1000_ess=True)

    track_seconds_per_1000_ess.unit = "seconds"

    def track_time_to_1000_ess(self, results, posterior, method):
        """Seconds a user waits for 1,000 effective draws, compile and warm-up included."""
        return self.cell_median("time_to_1000_ess")

    track_time_to_1000_ess.unit = "seconds"

    def track_grads_per_1000_ess(self, results, posterior, method):
        """Gradient evaluations of sampling per 1,000 minimum bulk ESS (the algorithm, not the machine)."""
        return self.cell_median("ess_per_grad", per_1000_ess=True)

    track_grads_per_1000_ess.unit = "gradients"

    def track_seconds_per_step(self, results, posterior, method):
        """Sampling seconds per leapfrog step of one chain (chains run side by side counted once)."""
        return self.cell_median("seconds_per_grad")

    track_seconds_per_step.unit = "seconds"

    def track_limit_ratio(self, results, posterior, method):
        """Seconds per step over the seconds of one gradient (twinbench gradbench); 1 = no overhead."""
        return self.cell_median("limit_ratio")

    track_limit_ratio.unit = "ratio"
