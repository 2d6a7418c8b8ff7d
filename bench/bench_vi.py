"""VI and minibatch methods: KL to the reference posterior and wall time, per method (one seed)."""
from .common import LARGE, REGRESSION, SMALL, run_records, selected, skip_unless_selected

VI_POSTERIORS = [SMALL, REGRESSION]
VI_METHODS = ["pymc.advi", "pymc.fullrank_advi", "numpyro.svi", "numpyro.svi_mvn"]
MINIBATCH_METHODS = ["pymc.advi_minibatch", "numpyro.svi_minibatch", "numpyro.hmcecs"]
BATCH = 100  # events per minibatch of the 10^4-event posterior


class _Approximations:
    param_names = ["posterior", "method"]
    timeout = 3600
    version = "1"
    grid = ""

    def setup(self, results, posterior, method):
        """This cell's record; skipped when not selected or when the run did not finish."""
        skip_unless_selected(self.grid, (posterior, method))
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


class VariationalInference(_Approximations):
    """Full-data ADVI and SVI (mean-field and full-rank) on the small and regression posteriors."""

    params = (VI_POSTERIORS, VI_METHODS)
    grid = "vi"

    def setup_cache(self):
        """One seed of every selected cell."""
        cells = [(p, m) for p in VI_POSTERIORS for m in VI_METHODS if selected("vi", (p, m))]
        return {(r.posterior, r.method): r.to_dict() for r in run_records(cells, seeds=[0])}


class Minibatch(_Approximations):
    """Minibatch ADVI, SVI and HMCECS on the 10^4-event posterior, 100 events per batch."""

    params = ([LARGE], MINIBATCH_METHODS)
    grid = "minibatch"

    def setup_cache(self):
        """One seed of every selected cell."""
        cells = [(LARGE, m) for m in MINIBATCH_METHODS if selected("minibatch", (LARGE, m))]
        return {(r.posterior, r.method): r.to_dict() for r in run_records(cells, seeds=[0], batch_size=BATCH)}
