"""VI and minibatch methods: KL to the reference posterior and wall time, per method (one seed).

Only the full set runs these suites (see sets.py).
"""
from .runs import run_records
from .sets import cells_of, params_of, skip_unless_selected

BATCH = 100  # events per minibatch of the 10^4-event posterior


class _Approximations:
    param_names = ["posterior", "method"]
    timeout = 3600
    version = "1"
    rounds = 1  # tracks read the cached runs
    suite = ""

    def setup(self, results, posterior, method):
        """This cell's record; skipped when not in the set or when the run did not finish."""
        skip_unless_selected(self.suite, (posterior, method))
        record = results.get((posterior, method))
        if not record or record["status"] != "ok":
            raise NotImplementedError(record["status"] if record else "not run")
        self.record = record

    def track_kl_max(self, results, posterior, method):
        """Largest marginal KL(approximation || reference) in nats (KDE)."""
        return (self.record["agreement"] or {}).get("kl_max", float("nan"))

    track_kl_max.unit = "nats"

    def track_total_seconds(self, results, posterior, method):
        """Wall time of the fit and its draws, compile included."""
        return self.record["timings"]["total"]

    track_total_seconds.unit = "seconds"


if params_of("vi"):
    class VariationalInference(_Approximations):
        """Full-data ADVI and SVI (mean-field and full-rank) on the regression posterior."""

        params = params_of("vi")
        suite = "vi"

        def setup_cache(self):
            """One seed of every cell."""
            return {(r.posterior, r.method): r.to_dict() for r in run_records(cells_of("vi"), seeds=[0])}


if params_of("minibatch"):
    class Minibatch(_Approximations):
        """Minibatch ADVI, SVI and HMCECS on the 10^4-event posterior, 100 events per batch."""

        params = params_of("minibatch")
        suite = "minibatch"

        def setup_cache(self):
            """One seed of every cell."""
            return {(r.posterior, r.method): r.to_dict()
                    for r in run_records(cells_of("minibatch"), seeds=[0], batch_size=BATCH)}
