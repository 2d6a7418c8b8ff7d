"""``numpyro.nuts``: NumPyro's NUTS on the NumPyro twin."""
from __future__ import annotations

import time

import numpy as np

from harness.config import RunConfig
from harness.methods.base import Method, SamplerOutput
from harness.methods.chains import chain_method, chain_method_reason

EXTRA_FIELDS = ("num_steps", "diverging", "adapt_state.step_size")


class NumpyroNuts(Method):
    """``MCMC(NUTS(model))`` in float64; chains parallel on the CPU (one XLA device each) by default."""

    name = "numpyro.nuts"
    backend = "numpyro"
    description = "NumPyro NUTS on the NumPyro model, float64 (--chain-method parallel|vectorized|sequential)"
    devices = ("cpu", "gpu")

    def supports(self, posterior, config: RunConfig) -> str | None:
        """Any posterior; parallel chains need one device per chain."""
        return super().supports(posterior, config) or chain_method_reason(config)

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Warm up and sample in two calls, so warm-up and sampling are timed apart.

        ``compile`` is the wall time JAX spent tracing and compiling (from its monitoring
        events); it is taken out of the warm-up and sampling calls it happened in.
        """
        import jax
        from numpyro.infer import MCMC, NUTS

        from harness.jax_compile_timer import CompileTimer

        jax.config.update("jax_enable_x64", True)
        timer = CompileTimer()
        start = time.time()
        options = posterior.model_options(**config.options)
        layout = chain_method(config)
        mcmc = MCMC(NUTS(posterior.numpyro_model(), target_accept_prob=config.target_accept),
                    num_warmup=config.tune, num_samples=config.draws, num_chains=config.chains,
                    chain_method=layout, progress_bar=False)
        rng_key = jax.random.PRNGKey(config.seed)
        warm_start = time.time()
        mcmc.warmup(rng_key, data, extra_fields=EXTRA_FIELDS, collect_warmup=True, **options)
        jax.block_until_ready(mcmc.post_warmup_state)
        warm_end = time.time()
        warm_fields = mcmc.get_extra_fields(group_by_chain=True)
        mcmc.run(mcmc.post_warmup_state.rng_key, data, extra_fields=EXTRA_FIELDS, **options)
        samples = mcmc.get_samples(group_by_chain=True)
        jax.block_until_ready(samples)
        end = time.time()
        fields = mcmc.get_extra_fields(group_by_chain=True)
        timer.close()
        compile_warm = timer.seconds_between(warm_start, warm_end)
        compile_sample = timer.seconds_between(warm_end, end)
        return SamplerOutput(
            draws={p: np.asarray(samples[p]) for p in posterior.params},
            timings={"compile": timer.seconds_between(start, end),
                     "warmup": warm_end - warm_start - compile_warm,
                     "sampling": end - warm_end - compile_sample,
                     "total": end - start},
            grad_evals_warmup=int(np.sum(warm_fields["num_steps"])),
            grad_evals_sampling=int(np.sum(fields["num_steps"])),
            divergences=int(np.sum(fields["diverging"])),
            step_size=float(np.mean(np.asarray(fields["adapt_state.step_size"])[:, -1])),
            extra={"chain_method": layout, "precision": "float64",
                   "devices": [str(d) for d in jax.devices()],
                   "divergences_warmup": int(np.sum(warm_fields["diverging"]))},
        )
