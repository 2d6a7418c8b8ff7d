"""``pymc.nuts`` and ``pymc.nuts_c``: PyMC's own NUTS on the PyMC twin, via ``pm.sample(nuts_sampler="pymc")``.

PyMC 6 compiles the model with Numba by default (``pymc.nuts``); ``pymc.nuts_c`` asks for
PyTensor's C backend (``backend="c"``), which is what PyMC 5 users ran.
"""
from __future__ import annotations

import os
import time

import numpy as np

from harness.config import RunConfig
from harness.methods.base import Method, SamplerOutput, split_loop


def pytensor_backend(backend: str | None) -> str:
    """The name of the PyTensor linker that ``pm.sample(backend=backend)`` compiles with."""
    from pymc.pytensorf import resolve_backend_compile_kwargs
    from pytensor.compile.mode import get_mode

    mode = resolve_backend_compile_kwargs(backend, {}).get("mode") or get_mode(None)
    return type(get_mode(mode).linker).__name__


class PymcNuts(Method):
    """``pm.sample(nuts_sampler="pymc")`` with PyMC's defaults (jitter+adapt_diag, one process per core)."""

    name = "pymc.nuts"
    gradient_backend = "pytensor_numba"
    backend = "pymc"
    description = "PyMC's own NUTS, pm.sample(nuts_sampler='pymc'), PyMC 6's default backend (Numba)"
    compile_backend: str | None = None  # None: PyMC's default

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
        backend_kwargs = {"backend": self.compile_backend} if self.compile_backend else {}
        idata = pm.sample(
            draws=config.draws, tune=config.tune, chains=config.chains, cores=cores,
            random_seed=config.seed, target_accept=config.target_accept, model=model, nuts_sampler="pymc",
            progressbar=False, discard_tuned_samples=False, compute_convergence_checks=False,
            callback=on_draw, return_inferencedata=True, **backend_kwargs,
        )
        end = time.time()
        loop = float(idata.posterior.attrs["sampling_time"])
        warm_stats = idata.get("warmup_sample_stats")
        stats = idata.sample_stats
        warm_time = float(warm_stats["perf_counter_diff"].sum()) if warm_stats is not None else 0.0
        draw_time = float(stats["perf_counter_diff"].sum())
        warmup, sampling = split_loop(loop, warm_time, draw_time)
        loop_start = (last_draw_at[0] or end) - loop
        return SamplerOutput(
            draws={p: idata.posterior[p].values for p in posterior.params},
            timings={"compile": loop_start - start, "warmup": warmup, "sampling": sampling,
                     "total": end - start},
            grad_evals_warmup=int(warm_stats["n_steps"].sum()) if warm_stats is not None else 0,
            grad_evals_sampling=int(stats["n_steps"].sum()),
            divergences=int(stats["diverging"].sum()),
            draw_stats={"diverging": stats["diverging"].values.astype(bool)},
            step_size=float(np.mean(stats["step_size"].values[:, -1])),
            extra={"cores": cores, "sampler": "pymc", "pytensor_linker": pytensor_backend(self.compile_backend),
                   "divergences_warmup": int(warm_stats["diverging"].sum()) if warm_stats is not None else 0},
        )


class PymcNutsC(PymcNuts):
    """PyMC's own NUTS compiled with PyTensor's C backend (``pm.sample(backend="c")``), PyMC 5's default."""

    name = "pymc.nuts_c"
    gradient_backend = "pytensor_c"
    description = "PyMC's own NUTS, pm.sample(nuts_sampler='pymc', backend='c'): PyTensor's C backend (PyMC 5's default)"
    compile_backend = "c"
