"""NUTS speed per posterior x NUTS-family method: medians over seeds (see runs.NutsRuns)."""
from .runs import NutsRuns


class NutsSpeed(NutsRuns):
    """How fast each NUTS method samples each representative posterior (4 chains x 1000 + 1000)."""

    def track_ess_per_sec(self, results, posterior, method):
        """Minimum bulk ESS per second of the sampling phase (0 for a timed-out run)."""
        return self.cell_median("ess_per_sec")

    track_ess_per_sec.unit = "ESS/s"

    def track_time_to_1000_ess(self, results, posterior, method):
        """Seconds a user waits for 1,000 effective draws, compile and warm-up included."""
        return self.cell_median("time_to_1000_ess")

    track_time_to_1000_ess.unit = "seconds"

    def track_ess_per_grad(self, results, posterior, method):
        """Minimum bulk ESS per gradient evaluation of sampling (the algorithm, not the machine)."""
        return self.cell_median("ess_per_grad")

    track_ess_per_grad.unit = "ESS/gradient"

    def track_seconds_per_step(self, results, posterior, method):
        """Sampling seconds per leapfrog step of one chain (chains run side by side counted once)."""
        return self.cell_median("seconds_per_grad")

    track_seconds_per_step.unit = "seconds"

    def track_limit_ratio(self, results, posterior, method):
        """Seconds per step over the seconds of one gradient (twinbench gradbench); 1 = no overhead."""
        return self.cell_median("limit_ratio")

    track_limit_ratio.unit = "ratio"
