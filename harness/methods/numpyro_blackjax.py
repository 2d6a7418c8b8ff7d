"""``numpyro.blackjax``: BlackJAX NUTS on the NumPyro twin's potential energy."""
from __future__ import annotations

import time

from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput
from harness.methods.chains import chain_method_reason


class NumpyroBlackjax(Method):
    """BlackJAX window adaptation + NUTS on ``-potential_fn`` from ``numpyro.infer.util.initialize_model``."""

    name = "numpyro.blackjax"
    gradient_backend = "numpyro_jax"
    backend = "numpyro"
    description = "BlackJAX NUTS (window adaptation) on the NumPyro model's potential, float64"
    devices = ("cpu", "gpu")

    def supports(self, posterior, config: RunConfig) -> str | None:
        """The device check, and parallel chains need one device each."""
        return super().supports(posterior, config) or chain_method_reason(config)

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Sample from NumPyro's initial points (``init_to_uniform``, its default), one per chain.

        ``postprocess_fn`` maps unconstrained draws to constrained values and deterministics.
        """
        import jax
        from numpyro.infer.util import initialize_model

        jax.config.update("jax_enable_x64", True)
        from harness.methods.jax_compile_timer import CompileTimer
        from harness.methods.blackjax_nuts import sample_blackjax

        timer = CompileTimer()
        try:
            start = time.time()
            init_key, rng_key = jax.random.split(jax.random.PRNGKey(config.seed))
            info = initialize_model(jax.random.split(init_key, config.chains), posterior.numpyro_model(),
                                    model_args=(data,), model_kwargs=posterior.model_options(**config.options),
                                    dynamic_args=False)

            def logdensity(position):
                return -info.potential_fn(position)

            return sample_blackjax(logdensity, info.param_info.z, info.postprocess_fn, posterior.params,
                                   config, timer, start, rng_key)
        finally:
            timer.close()
