"""``pymc.numpyro``: NumPyro's NUTS on the PyMC twin, via ``pm.sample(nuts_sampler="numpyro")``."""
from __future__ import annotations

import time
from unittest import mock

import numpy as np

from harness.config import RunConfig
from harness.methods.base import Method, SamplerOutput
from harness.methods.chains import chain_method, chain_method_reason

TIMING_SPLIT = ("not split: pm.sample(nuts_sampler='numpyro') runs warm-up and sampling in one NumPyro "
                "MCMC.run call and keeps no warm-up statistics, so timings hold 'warmup_and_sampling' "
                "(PyMC's sampling_time less JAX compile); grad_evals_warmup is unknown, so grad_evals "
                "counts sampling only")


class PymcNumpyro(Method):
    """``pm.sample(nuts_sampler="numpyro")`` in float64, chains parallel on the CPU, vectorized on a GPU."""

    name = "pymc.numpyro"
    backend = "pymc"
    description = "NumPyro NUTS on the PyMC model (PyTensor -> JAX), pm.sample(nuts_sampler='numpyro'), float64"
    devices = ("cpu", "gpu")

    def supports(self, posterior, config: RunConfig) -> str | None:
        """The device check, and parallel chains need one device each."""
        return super().supports(posterior, config) or chain_method_reason(config)

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Sample; warm-up and sampling are timed together (see ``TIMING_SPLIT``).

        The loop is what PyMC times as ``sampling_time``: its call of
        ``pymc.sampling.jax._sample_numpyro_nuts`` (a wrapper notes when that call starts and
        when its results are ready, and changes nothing else). ``compile`` is everything before the loop (model
        build, PyTensor -> JAX, initial points) plus the JAX compile time in and after the
        loop (CompileTimer).
        """
        import jax

        jax.config.update("jax_enable_x64", True)
        import pymc as pm
        import pymc.sampling.jax as pymc_jax

        from harness.jax_compile_timer import CompileTimer

        method = chain_method(config)
        run = pymc_jax._sample_numpyro_nuts
        window: list[float] = []

        def timed_run(*args, **kwargs):
            window.append(time.time())
            try:
                return jax.block_until_ready(run(*args, **kwargs))
            finally:
                window.append(time.time())

        timer = CompileTimer()
        try:
            start = time.time()
            model = posterior.pymc_build()(data, **posterior.model_options(**config.options))
            with mock.patch.object(pymc_jax, "_sample_numpyro_nuts", timed_run):
                idata = pm.sample(
                    draws=config.draws, tune=config.tune, chains=config.chains, random_seed=config.seed,
                    target_accept=config.target_accept, model=model, nuts_sampler="numpyro",
                    nuts_sampler_kwargs={"chain_method": method}, progressbar=False,
                    compute_convergence_checks=False, idata_kwargs={"log_likelihood": False},
                )
            end = time.time()
        finally:
            timer.close()
        if len(window) != 2:
            raise RuntimeError("pm.sample(nuts_sampler='numpyro') did not call pymc.sampling.jax._sample_numpyro_nuts")
        loop_start, loop_end = window
        loop = loop_end - loop_start
        jit_loop = timer.seconds_between(loop_start, loop_end)
        jit_post = timer.seconds_between(loop_end, end)
        stats = idata.sample_stats
        return SamplerOutput(
            draws={p: idata.posterior[p].values for p in posterior.params},
            timings={"compile": loop_start - start + jit_loop + jit_post, "warmup_and_sampling": loop - jit_loop,
                     "total": end - start},
            grad_evals_warmup=None,
            grad_evals_sampling=int(stats["n_steps"].sum()),
            divergences=int(stats["diverging"].sum()),
            step_size=float(np.mean(stats["step_size"].values[:, -1])),
            extra={"timing_split": TIMING_SPLIT, "chain_method": method, "precision": "float64",
                   "devices": [str(d) for d in jax.devices()],
                   "pymc_sampling_time": float(idata.posterior.attrs["sampling_time"]),
                   "postprocess_seconds": end - loop_end - jit_post},
        )
