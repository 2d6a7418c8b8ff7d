"""``pymc.blackjax``: BlackJAX NUTS on the PyMC twin's JAX log density (PyTensor -> JAX).

``pm.sample(nuts_sampler="blackjax")`` fails with pymc 5.28.5 and still with pymc 6.4.0 (blackjax
1.7.1; retried 2026-11-25): PyMC passes
``progress_bar`` to ``blackjax.window_adaptation``, which forwards it to the NUTS kernel
(``TypeError: kernel() got an unexpected keyword argument 'progress_bar'``). So this method
drives BlackJAX itself, the way PyMC's own BlackJAX path does: the log density of the value
variables (unconstrained space, Jacobian included), jittered initial points from
``model.initial_point()``, per-chain window adaptation, then NUTS.
"""
from __future__ import annotations

import time

from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput
from harness.methods.chains import chain_method_reason


class PymcBlackjax(Method):
    """BlackJAX window adaptation + NUTS on ``pymc.sampling.jax.get_jaxified_logp(model)``, float64."""

    name = "pymc.blackjax"
    gradient_backend = "pymc_jax"
    backend = "pymc"
    description = "BlackJAX NUTS (window adaptation) on the PyMC model's JAX log density, float64"
    devices = ("cpu", "gpu")

    def supports(self, posterior, config: RunConfig) -> str | None:
        """The device check, and parallel chains need one device each."""
        return super().supports(posterior, config) or chain_method_reason(config)

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Sample; draws of ``posterior.params`` come from PyMC's own graph of the value variables."""
        import jax

        jax.config.update("jax_enable_x64", True)
        import numpy as np
        from pymc.sampling.jax import _get_batched_jittered_initial_points, get_jaxified_graph, get_jaxified_logp

        from harness.methods.jax_compile_timer import CompileTimer
        from harness.methods.blackjax_nuts import sample_blackjax

        timer = CompileTimer()
        try:
            start = time.time()
            model = posterior.pymc_build()(data, **posterior.model_options(**config.options))
            logp = get_jaxified_logp(model)
            points = _get_batched_jittered_initial_points(model, chains=config.chains, initvals=None,
                                                          random_seed=config.seed, logp_fn=logp)
            if config.chains == 1:
                points = [np.asarray(p)[None] for p in points]
            params = list(posterior.params)
            outputs = model.replace_rvs_by_values([model[p] for p in params])
            to_params = get_jaxified_graph(inputs=model.value_vars, outputs=outputs)

            def transform(position):
                return dict(zip(params, to_params(*position)))

            return sample_blackjax(logp, list(points), transform, params, config, timer, start,
                                   jax.random.PRNGKey(config.seed))
        finally:
            timer.close()
