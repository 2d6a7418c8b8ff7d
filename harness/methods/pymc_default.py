"""``pymc.default``: ``pm.sample()`` as a PyMC 6 user calls it, whatever sampler PyMC picks.

Only draws, tune, chains, seed and target_accept are given. Two more arguments change what is
kept or shown, not how it samples: ``progressbar=False`` (no terminal output in a worker) and
``discard_tuned_samples=False`` (warm-up statistics are kept, so leapfrog steps of warm-up and
sampling can be counted apart). PyMC 6 picks nutpie (Numba) when it is installed and the model
allows it, else its own NUTS; the record names which (``extra.sampler``) and its backend.
"""
from __future__ import annotations

import time
from unittest import mock

import numpy as np

from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput, split_loop
from harness.methods.pymc_nuts import pytensor_backend

TIMING_SPLIT = ("the sampling call's wall time (nutpie.sample, or PyMC's own sampling_time) is split between "
                "warm-up and sampling in proportion to their gradient evaluations; compile is the rest of "
                "pm.sample (model build, compilation, conversion of the results)")


class PymcDefault(Method):
    """``pm.sample(draws, tune, chains, random_seed, target_accept)`` and nothing else that changes sampling."""

    name = "pymc.default"
    gradient_backend = "pytensor_numba"
    backend = "pymc"
    description = "pm.sample() with PyMC 6's own choices (nutpie with Numba when installed)"

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Sample; spies note which sampler PyMC chose and when nutpie's sampling call ran."""
        import nutpie
        import pymc as pm
        import pymc.sampling.mcmc as pymc_mcmc

        chosen: dict = {}
        external = pymc_mcmc._sample_external_nuts
        nutpie_sample = nutpie.sample

        def spy_external(sampler, *args, **kwargs):
            chosen["sampler"] = sampler
            return external(sampler, *args, **kwargs)

        def spy_nutpie(compiled, *args, **kwargs):
            chosen["nutpie_backend"] = type(compiled).__name__
            chosen["cores"] = kwargs.get("cores")
            chosen["window_start"] = time.time()
            try:
                return nutpie_sample(compiled, *args, **kwargs)
            finally:
                chosen["window_end"] = time.time()

        start = time.time()
        model = posterior.pymc_build()(data, **posterior.model_options(**config.options))
        with mock.patch.object(pymc_mcmc, "_sample_external_nuts", spy_external), \
                mock.patch.object(nutpie, "sample", spy_nutpie):
            idata = pm.sample(draws=config.draws, tune=config.tune, chains=config.chains, random_seed=config.seed,
                              target_accept=config.target_accept, model=model,
                              progressbar=False, discard_tuned_samples=False)
        end = time.time()
        sampler = chosen.get("sampler", "pymc")
        loop = (chosen["window_end"] - chosen["window_start"] if "window_start" in chosen
                else float(idata.posterior.attrs["sampling_time"]))
        warm_stats, stats = idata["warmup_sample_stats"], idata["sample_stats"]
        warm_steps, steps = int(warm_stats["n_steps"].sum()), int(stats["n_steps"].sum())
        warmup, sampling = split_loop(loop, warm_steps, steps)
        return SamplerOutput(
            draws={p: idata.posterior[p].values for p in posterior.params},
            timings={"compile": end - start - loop, "warmup": warmup, "sampling": sampling,
                     "total": end - start},
            grad_evals_warmup=warm_steps,
            grad_evals_sampling=steps,
            divergences=int(stats["diverging"].sum()),
            draw_stats={"diverging": stats["diverging"].values.astype(bool)},
            step_size=float(np.mean(stats["step_size"].values[:, -1])),
            extra={"sampler": sampler, "timing_split": TIMING_SPLIT, "pytensor_linker": pytensor_backend(None),
                   "compiled_model": chosen.get("nutpie_backend"), "cores": pymc_cores(chosen, config),
                   "divergences_warmup": int(warm_stats["diverging"].sum())},
        )


def pymc_cores(chosen: dict, config: RunConfig) -> int:
    """The chains pm.sample ran at once: what it passed to nutpie, else its own rule for ``cores=None``
    (``min(4, _cpu_count())``, where PyMC 6 counts cpu_count() // 2, assuming two hardware threads per core)."""
    from pymc.sampling.parallel import _cpu_count

    cores = chosen.get("cores") or min(4, _cpu_count())
    return max(1, min(config.chains, cores))
