"""``numpyro.blackjax``: BlackJAX NUTS on the NumPyro twin's potential energy."""
from __future__ import annotations

import time

from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput
from harness.methods.precision import PRECISIONS
from harness.methods.chains import LAYOUTS


class NumpyroBlackjax(Method):
    """BlackJAX window adaptation + NUTS on ``-potential_fn`` from ``numpyro.infer.util.initialize_model``."""

    name = "numpyro.blackjax"
    gradient_backend = "numpyro_jax"
    backend = "numpyro"
    description = "BlackJAX NUTS (window adaptation) on the NumPyro model's potential, float64 or float32"
    devices = ("cpu", "gpu")
    chain_methods = LAYOUTS
    precisions = PRECISIONS

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Sample from NumPyro's initial points (``init_to_uniform``, its default), one per chain."""
        import jax

        from harness.methods.blackjax_nuts import sample_blackjax
        from harness.methods.jax_compile_timer import CompileTimer
        from harness.methods.jax_target import jax_target

        timer = CompileTimer()
        try:
            start = time.time()
            target = jax_target(posterior, data, config, "numpyro")
            rng_key = jax.random.split(jax.random.PRNGKey(config.seed))[1]
            return sample_blackjax(target.logdensity, target.positions, target.transform, target.params,
                                   config, timer, start, rng_key)
        finally:
            timer.close()
