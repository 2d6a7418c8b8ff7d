"""asv: NUTS speed and reliability per posterior x method, tracked over commits.

The runs happen once, through the harness (one process per run), in ``setup_cache``; the
``track_`` benchmarks report what the run records hold.
"""
import tempfile

from harness.config import RunConfig
from harness.sweep import grid, run_sweep

POSTERIORS = ["linreg_sim-linear_regression", "mlr_sim-multiple_regression", "er_visits-poisson_regression",
              "eight_schools-centered", "eight_schools-noncentered"]
METHODS = ["pymc.nuts", "numpyro.nuts"]
CONFIG = RunConfig(draws=1000, tune=1000, chains=4, seed=0)


class NutsSuite:
    """One NUTS run per posterior x method (1000 draws, 1000 warm-up, 4 chains, seed 0)."""

    params = (POSTERIORS, METHODS)
    param_names = ["posterior", "method"]
    timeout = 3600

    def setup_cache(self):
        """Run the whole grid once; the records are shared by every benchmark below."""
        with tempfile.TemporaryDirectory() as out_dir:
            records = run_sweep(grid(POSTERIORS, METHODS, CONFIG), out_dir)
        return {(r.posterior, r.method): r.to_dict() for r in records}

    def setup(self, records, posterior, method):
        """Pick this cell's record; a failed run is skipped (asv shows it as n/a)."""
        self.record = records[(posterior, method)]
        if self.record["status"] != "ok":
            raise NotImplementedError(self.record["status"])

    def track_total_seconds(self, records, posterior, method):
        """Wall time of the whole run (compile, warm-up and sampling)."""
        return self.record["timings"]["total"]

    track_total_seconds.unit = "seconds"

    def track_sampling_seconds(self, records, posterior, method):
        """Wall time of the sampling phase alone."""
        return self.record["timings"]["sampling"]

    track_sampling_seconds.unit = "seconds"

    def track_compile_seconds(self, records, posterior, method):
        """Wall time of model build and compilation."""
        return self.record["timings"]["compile"]

    track_compile_seconds.unit = "seconds"

    def track_ess_per_sec(self, records, posterior, method):
        """Minimum bulk ESS per second of sampling."""
        return self.record["ess_per_sec"]

    track_ess_per_sec.unit = "ESS/s"

    def track_ess_per_grad(self, records, posterior, method):
        """Minimum bulk ESS per gradient evaluation of sampling (hardware independent)."""
        return self.record["ess_per_grad"]

    track_ess_per_grad.unit = "ESS/gradient"

    def track_divergences(self, records, posterior, method):
        """Divergent transitions after warm-up."""
        return self.record["divergences"]

    track_divergences.unit = "count"

    def track_rhat_max(self, records, posterior, method):
        """Largest R-hat over the compared parameters."""
        return self.record["rhat_max"]

    track_rhat_max.unit = "R-hat"
