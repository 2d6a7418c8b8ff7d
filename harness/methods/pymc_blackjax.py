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
from harness.methods.precision import PRECISIONS
from harness.methods.chains import LAYOUTS


class PymcBlackjax(Method):
    """BlackJAX window adaptation + NUTS on ``pymc.sampling.jax.get_jaxified_logp(model)``, float64."""

    name = "pymc.blackjax"
    gradient_backend = "pymc_jax"
    backend = "pymc"
    description = "BlackJAX NUTS (window adaptation) on the PyMC model's JAX log density, float64 or float32 (PyTensor floatX with JAX x64)"
    devices = ("cpu", "gpu")
    chain_methods = LAYOUTS
    precisions = PRECISIONS

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Sample; draws of ``posterior.params`` come from PyMC's own graph of the value variables."""
        import jax

        from harness.methods.blackjax_nuts import sample_blackjax
        from harness.methods.jax_compile_timer import CompileTimer
        from harness.methods.jax_target import jax_target

        timer = CompileTimer()
        try:
            start = time.time()
            target = jax_target(posterior, data, config, "pymc")
            return sample_blackjax(target.logdensity, target.positions, target.transform, target.params,
                                   config, timer, start, jax.random.PRNGKey(config.seed))
        finally:
            timer.close()
