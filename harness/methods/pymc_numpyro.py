"""``pymc.numpyro``: NumPyro's NUTS on the PyMC twin, via ``pm.sample(nuts_sampler="numpyro")``.

PyMC builds NumPyro's ``MCMC(NUTS(potential_fn=...))`` and calls ``mcmc.run`` once, warm-up and
sampling together. The ``MCMC`` that PyMC constructs here is a subclass whose ``run`` makes that
same one call collecting the warm-up iterations' fields too (``numpyro_phases``), so the phases
are timed apart as for ``numpyro.nuts``; the kernel, its settings, the initial points, the seed
and PyMC's post-processing are PyMC's own.
"""
from __future__ import annotations

import time
from unittest import mock


from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput
from harness.methods.precision import PRECISIONS, pytensor_floatx, use_jax_precision
from harness.methods.chains import LAYOUTS, chain_method
from harness.methods.numpyro_phases import (TIMING_SPLIT, OneCallRun, nuts_fields, nuts_statistics,
                                            run_warmup_and_sampling, warmup_divergences)


def phased_mcmc_class(runs: list):
    """A NumPyro ``MCMC`` whose one ``run`` also collects the warm-up iterations' fields, appending a
    OneCallRun to ``runs``."""
    from numpyro.infer import MCMC

    class PhasedMCMC(MCMC):
        def run(self, rng_key, *args, extra_fields=(), init_params=None, **kwargs):
            fields = tuple(dict.fromkeys(tuple(extra_fields) + nuts_fields()))
            runs.append(run_warmup_and_sampling(self, rng_key, *args, extra_fields=fields, init_params=init_params,
                                                run=super().run, **kwargs))

    return PhasedMCMC


class PymcNumpyro(Method):
    """``pm.sample(nuts_sampler="numpyro")`` in float64, chains parallel on the CPU, vectorized on a GPU."""

    name = "pymc.numpyro"
    gradient_backend = "pymc_jax"
    backend = "pymc"
    description = "NumPyro NUTS on the PyMC model (PyTensor -> JAX), pm.sample(nuts_sampler='numpyro'), float64 or float32 (floatX)"
    devices = ("cpu", "gpu")
    chain_methods = LAYOUTS
    precisions = PRECISIONS

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Sample; warm-up and sampling are timed apart (see ``TIMING_SPLIT``).

        ``compile`` is everything in ``pm.sample`` outside the two phases (model build,
        PyTensor -> JAX, initial points, post-processing) plus the JAX compile time inside them.
        """
        import jax

        use_jax_precision(config, pytensor=True)
        import numpyro.infer
        import pymc as pm
        import pymc.sampling.jax  # noqa: F401  (pm.sample imports it on demand: kept out of the clock)

        from harness.methods.jax_compile_timer import CompileTimer

        method = chain_method(config)
        runs: list[OneCallRun] = []
        timer = CompileTimer()
        try:
            start = time.time()
            with pytensor_floatx(config):
                model = posterior.pymc_build()(data, **posterior.model_options(**config.options))
            with pytensor_floatx(config), mock.patch.object(numpyro.infer, "MCMC", phased_mcmc_class(runs)):
                idata = pm.sample(
                    draws=config.draws, tune=config.tune, chains=config.chains, random_seed=config.seed,
                    target_accept=config.target_accept, model=model, nuts_sampler="numpyro",
                    nuts={"chain_method": method}, progressbar=False, compute_convergence_checks=False,
                )
            end = time.time()
        finally:
            timer.close()
        if len(runs) != 1:
            raise RuntimeError("pm.sample(nuts_sampler='numpyro') did not run numpyro.infer.MCMC once")
        run = runs[0]
        warmup, sampling = run.phase_seconds(timer)
        return SamplerOutput(
            draws={p: idata.posterior[p].values for p in posterior.params},
            timings={"compile": end - start - warmup - sampling, "warmup": warmup, "sampling": sampling,
                     "total": end - start},
            **nuts_statistics(run),
            extra={"timing_split": TIMING_SPLIT, "chain_method": run.chain_method, "devices": [str(d) for d in jax.devices()], "divergences_warmup": warmup_divergences(run),
                   "pymc_sampling_time": float(idata.posterior.attrs["sampling_time"])},
        )
