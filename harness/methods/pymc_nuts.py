"""``pymc.nuts``: PyMC's own NUTS on the PyMC twin (PyTensor C backend), via ``pm.sample``."""
from __future__ import annotations

import os
import time

import numpy as np

from harness.config import RunConfig
from harness.methods.base import Method, SamplerOutput


class PymcNuts(Method):
    """``pm.sample`` with its defaults (jitter+adapt_diag init, one process per core)."""

    name = "pymc.nuts"
    backend = "pymc"
    description = "PyMC NUTS (PyTensor C backend), pm.sample defaults"

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Sample, keeping warm-up draws so warm-up and sampling can be told apart.

        Timings: the sampling loop's wall time is PyMC's own ``sampling_time``; it is split
        between warm-up and sampling in proportion to the per-draw timers PyMC records
        (``perf_counter_diff``); ``compile`` is everything from model build to the loop's start.
        """
        import pymc as pm

        last_draw_at = [None]

        def on_draw(trace, draw):
            last_draw_at[0] = time.time()

        start = time.time()
        model = posterior.pymc_build()(data, **posterior.model_options(**config.options))
        cores = min(config.chains, os.cpu_count() or 1)
        idata = pm.sample(
            draws=config.draws, tune=config.tune, chains=config.chains, cores=cores,
            random_seed=config.seed, target_accept=config.target_accept, model=model,
            progressbar=False, discard_tuned_samples=False, compute_convergence_checks=False,
            callback=on_draw, return_inferencedata=True,
        )
        end = time.time()
        loop = float(idata.posterior.attrs["sampling_time"])
        warm_stats = idata.get("warmup_sample_stats")
        stats = idata.sample_stats
        warm_time = float(warm_stats["perf_counter_diff"].sum()) if warm_stats is not None else 0.0
        draw_time = float(stats["perf_counter_diff"].sum())
        warmup = loop * warm_time / (warm_time + draw_time)
        loop_start = (last_draw_at[0] or end) - loop
        return SamplerOutput(
            draws={p: idata.posterior[p].values for p in posterior.params},
            timings={"compile": loop_start - start, "warmup": warmup, "sampling": loop - warmup,
                     "total": end - start},
            grad_evals_warmup=int(warm_stats["n_steps"].sum()) if warm_stats is not None else 0,
            grad_evals_sampling=int(stats["n_steps"].sum()),
            divergences=int(stats["diverging"].sum()),
            step_size=float(np.mean(stats["step_size"].values[:, -1])),
            extra={"cores": cores, "divergences_warmup":
                   int(warm_stats["diverging"].sum()) if warm_stats is not None else 0},
        )
