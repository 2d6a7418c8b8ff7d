"""``numpyro.nuts``: NumPyro's NUTS on the NumPyro twin."""
from __future__ import annotations

import time

import numpy as np

from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput
from harness.methods.precision import PRECISIONS, use_jax_precision
from harness.methods.chains import LAYOUTS, chain_method
from harness.methods.numpyro_phases import (TIMING_SPLIT, nuts_fields, nuts_statistics, run_warmup_and_sampling,
                                            warmup_divergences)


class NumpyroNuts(Method):
    """``MCMC(NUTS(model))`` in float64 or float32 (``--precision``); chains parallel on the CPU (one XLA device each) by default."""

    name = "numpyro.nuts"
    gradient_backend = "numpyro_jax"
    backend = "numpyro"
    description = "NumPyro NUTS on the NumPyro model, float64 or float32 (--chain-method parallel|vectorized|sequential)"
    devices = ("cpu", "gpu")
    chain_methods = LAYOUTS
    precisions = PRECISIONS

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Warm up and sample in one ``MCMC.run`` call, as NumPyro's docs do (phases: ``TIMING_SPLIT``).

        ``compile`` is the wall time JAX spent tracing and compiling (from its monitoring
        events); it is taken out of the call's loop time before the phases are split.
        """
        import jax
        from numpyro.infer import MCMC, NUTS

        from harness.methods.jax_compile_timer import CompileTimer

        use_jax_precision(config)
        timer = CompileTimer()
        start = time.time()
        options = posterior.model_options(**config.options)
        layout = chain_method(config)
        mcmc = MCMC(NUTS(posterior.numpyro_model(), target_accept_prob=config.target_accept),
                    num_warmup=config.tune, num_samples=config.draws, num_chains=config.chains,
                    chain_method=layout, progress_bar=False)
        run = run_warmup_and_sampling(mcmc, jax.random.PRNGKey(config.seed), data, extra_fields=nuts_fields(),
                                      **options)
        timer.close()
        warmup, sampling = run.phase_seconds(timer)
        return SamplerOutput(
            draws={p: np.asarray(run.samples[p]) for p in posterior.params},
            timings={"compile": timer.seconds_between(start, run.end),
                     "warmup": warmup,
                     "sampling": sampling,
                     "total": run.end - start},
            **nuts_statistics(run),
            extra={"timing_split": TIMING_SPLIT, "chain_method": mcmc.chain_method, "devices": [str(d) for d in jax.devices()],
                   "divergences_warmup": warmup_divergences(run)},
        )
