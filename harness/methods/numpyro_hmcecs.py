"""``numpyro.hmcecs``: NumPyro's energy-conserving subsampling HMC (HMCECS) with a NUTS inner kernel."""
from __future__ import annotations

import time

import numpy as np

from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput
from harness.methods.numpyro_phases import nuts_fields, nuts_statistics, run_warmup_and_sampling, warmup_divergences
from harness.methods.vi import elbo_summary, minibatch_unsupported, minibatch_total_size

PREFIX = "hmc_state."  # HMCECS keeps its inner NUTS state here
NUM_BLOCKS = 100
REFERENCE_FIT_STEPS = 5000
REFERENCE_FIT_STEP_SIZE = 1e-3
CHAIN_METHOD = "sequential"


class NumpyroHmcecs(Method):
    """``MCMC(HMCECS(NUTS(model), num_blocks=100, proxy=HMCECS.taylor_proxy(ref_params)))``, as NumPyro's example.

    The twin's observation plate is subsampled with ``config.batch_size``. Following NumPyro's
    HMCECS example, the Taylor proxy's reference point is a MAP fit of the subsampled model
    (SVI with ``AutoDelta``, Adam(1e-3), 5000 steps or ``config.vi_steps`` if fewer), and the
    subsample is updated in ``num_blocks = min(100, batch_size)`` blocks per iteration.

    Chains run one after another (``chain_method="sequential"``) on every device: in NumPyro
    0.22, HMCECS with parallel (pmap) chains fails when warm-up and sampling are separate calls
    (``UnexpectedTracerError``: HMCECS.init's Taylor proxy leaks a tracer into the kernel), and
    with vectorized chains fails outright (``ValueError: split accepts a single key``).
    """

    name = "numpyro.hmcecs"
    family = "minibatch"
    backend = "numpyro"
    description = "NumPyro HMCECS (NUTS inner kernel, Taylor proxy at an AutoDelta MAP), float64"
    devices = ("cpu", "gpu")
    chain_methods = (CHAIN_METHOD,)  # NumPyro's HMCECS fails with the others when warm-up and sampling are timed apart

    def supports(self, posterior, config: RunConfig) -> str | None:
        """None when the posterior has a minibatch axis, the config a batch size and no other chain method."""
        return super().supports(posterior, config) or minibatch_unsupported(posterior, config)

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Fit the reference point, then warm up and sample in two calls (timed apart).

        ``compile`` = JAX compile time (CompileTimer) of the whole run, taken out of the phases
        it happened in; ``warmup`` = the reference (MAP) fit plus MCMC warm-up
        (``extra["reference_fit_seconds"]`` gives the fit alone); ``sampling`` = the sampling
        call. Grad evals are the inner NUTS kernel's leapfrog steps (``hmc_state.num_steps``);
        each takes the gradient of the proxy-corrected likelihood estimate on ``batch_size``
        observations, not of the full-data likelihood.
        """
        import jax
        from numpyro import optim
        from numpyro.infer import HMCECS, MCMC, NUTS, SVI, Trace_ELBO
        from numpyro.infer.autoguide import AutoDelta

        from harness.methods.jax_compile_timer import CompileTimer

        jax.config.update("jax_enable_x64", True)
        timer = CompileTimer()
        start = time.time()
        options = {**posterior.model_options(**config.options), "batch_size": config.batch_size}
        model = posterior.numpyro_model()
        fit_key, mcmc_key = jax.random.split(jax.random.PRNGKey(config.seed))
        fit_steps = min(REFERENCE_FIT_STEPS, config.vi_steps)
        guide = AutoDelta(model)
        svi = SVI(model, guide, optim.Adam(step_size=REFERENCE_FIT_STEP_SIZE), loss=Trace_ELBO())
        fit_start = time.time()
        fit = svi.run(fit_key, fit_steps, data, progress_bar=False, **options)
        ref_params = guide.median(fit.params)
        jax.block_until_ready(ref_params)
        fit_end = time.time()
        num_blocks = min(NUM_BLOCKS, config.batch_size)
        kernel = HMCECS(NUTS(model, target_accept_prob=config.target_accept), num_blocks=num_blocks,
                        proxy=HMCECS.taylor_proxy(ref_params))
        mcmc = MCMC(kernel, num_warmup=config.tune, num_samples=config.draws, num_chains=config.chains,
                    chain_method=CHAIN_METHOD, progress_bar=False)
        run = run_warmup_and_sampling(mcmc, mcmc_key, data, extra_fields=nuts_fields(PREFIX), **options)
        timer.close()
        fit_seconds = fit_end - fit_start - timer.seconds_between(fit_start, fit_end)
        reference_fit = elbo_summary(np.asarray(fit.losses))
        warmup, sampling = run.phase_seconds(timer, PREFIX)
        return SamplerOutput(
            draws={p: np.asarray(run.samples[p]) for p in posterior.params},
            timings={"compile": timer.seconds_between(start, run.end),
                     "warmup": fit_seconds + warmup,
                     "sampling": sampling,
                     "total": run.end - start},
            **nuts_statistics(run, PREFIX),
            extra={"chain_method": CHAIN_METHOD, "precision": "float64",
                   "devices": [str(d) for d in jax.devices()],
                   "batch_size": config.batch_size, "total_size": minibatch_total_size(data),
                   "num_blocks": num_blocks, "reference_fit_seconds": fit_seconds,
                   "reference_fit": {"guide": "AutoDelta", "optimizer": f"Adam(step_size={REFERENCE_FIT_STEP_SIZE})",
                                     "steps": reference_fit["steps"], "final_elbo": reference_fit["final_elbo"]},
                   "reference_params": {k: np.asarray(v).tolist() for k, v in ref_params.items()},
                   "divergences_warmup": warmup_divergences(run, PREFIX),
                   "timing_note": "warmup = reference (MAP) fit + MCMC warm-up, compile time taken out; the MCMC's one "
                                  "run call is split between its phases by leapfrog steps",
                   "grad_evals_note": "inner NUTS leapfrog steps; each a gradient on batch_size observations "
                                      "plus the Taylor proxy"},
        )
