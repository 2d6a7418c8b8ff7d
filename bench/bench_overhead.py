"""Harness overhead: ESS/s through twinbench over the same library call written by hand (exhaustive set only)."""
from .sets import cells_of, params_of, skip_unless_selected

REPEATS = 3

if params_of("overhead"):
    class HarnessOverhead:
        """Median of paired (harness / by hand) ESS/s ratios on the small posterior; 1.0 = no overhead."""

        params = params_of("overhead")
        param_names = ["posterior", "method"]
        timeout = 3600
        version = "1"
        rounds = 1

        def setup_cache(self):
            """Interleaved harness and hand-written runs of every cell."""
            import tempfile

            from .compat import harness_name
            from .runs import CHAINS, DRAWS, TUNE

            RunConfig, measure_overhead = harness_name("RunConfig"), harness_name("measure_overhead")

            with tempfile.TemporaryDirectory() as out_dir:
                frame = measure_overhead(cells_of("overhead"), RunConfig(draws=DRAWS, tune=TUNE, chains=CHAINS, seed=0),
                                         out_dir, repeats=REPEATS, log=lambda line: None)
            return {(row.posterior, row.method): row.ratio for row in frame.itertuples()}

        def setup(self, ratios, posterior, method):
            """Skipped when not in the set."""
            skip_unless_selected("overhead", (posterior, method))

        def track_overhead_ratio(self, ratios, posterior, method):
            """Harness ESS/s over hand-written ESS/s (median of paired repeats)."""
            return ratios[(posterior, method)]

        track_overhead_ratio.unit = "ratio"
