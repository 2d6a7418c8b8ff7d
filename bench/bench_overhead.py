"""Harness overhead: ESS/s through twinbench over the same library call written by hand."""
from .common import SMALL, selected, skip_unless_selected

OVERHEAD_METHODS = ["pymc.nutpie", "numpyro.nuts"]
REPEATS = 3


class HarnessOverhead:
    """Median of paired (harness / by hand) ESS/s ratios on the small posterior; 1.0 = no overhead."""

    params = ([SMALL], OVERHEAD_METHODS)
    param_names = ["posterior", "method"]
    timeout = 3600
    version = "1"

    def setup_cache(self):
        """Interleaved harness and hand-written runs of every selected cell."""
        import tempfile

        from harness.config import RunConfig
        from harness.studies.overhead import measure_overhead

        pairs = [(SMALL, m) for m in OVERHEAD_METHODS if selected("overhead", (SMALL, m))]
        with tempfile.TemporaryDirectory() as out_dir:
            frame = measure_overhead(pairs, RunConfig(draws=1000, tune=1000, chains=4, seed=0), out_dir,
                                     repeats=REPEATS, log=lambda line: None)
        return {(row.posterior, row.method): row.ratio for row in frame.itertuples()}

    def setup(self, ratios, posterior, method):
        """Skipped when not selected."""
        skip_unless_selected("overhead", (posterior, method))

    def track_overhead_ratio(self, ratios, posterior, method):
        """Harness ESS/s over hand-written ESS/s (median of paired repeats)."""
        return ratios[(posterior, method)]

    track_overhead_ratio.unit = "ratio"
