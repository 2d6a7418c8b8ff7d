"""Statistical quality of the NUTS runs (the same runs as bench_nuts): a change that makes a sampler
wrong shows up here the way one that makes it slow shows up there."""
from .runs import NutsRuns


class NutsQuality(NutsRuns):
    """Agreement with the reference posterior and convergence, medians over seeds."""

    def track_agreement_max_z(self, results, posterior, method):
        """Largest |z| of the run's means and quantiles against the reference (MCSE-scaled)."""
        return self.cell_median("max_z")

    track_agreement_max_z.unit = "z"

    def track_kl_max(self, results, posterior, method):
        """Largest marginal KL(run || reference) in nats (KDE), where reference draws exist."""
        return self.cell_median("kl_max")

    track_kl_max.unit = "nats"

    def track_divergences(self, results, posterior, method):
        """Divergent transitions after warm-up."""
        return self.cell_median("divergences")

    track_divergences.unit = "count"

    def track_rhat_max(self, results, posterior, method):
        """Largest R-hat over the compared parameters."""
        return self.cell_median("rhat_max")

    track_rhat_max.unit = "R-hat"
