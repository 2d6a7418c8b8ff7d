"""``pymc.nuts`` and ``pymc.nuts_c``: PyMC's own NUTS on the PyMC twin, via ``pm.sample(nuts_sampler="pymc")``.

PyMC 6 compiles the model with Numba by default (``pymc.nuts``); ``pymc.nuts_c`` asks for
PyTensor's C backend (``backend="c"``), which is what PyMC 5 users ran.

BLAS threads: ``pm.sample``'s documented default ``blas_cores="auto"`` keeps the BLAS threads of
the whole call at ``cores``. In PyMC 6.4 the limit covers NUTS initialisation and each chain process,
but not the main process while the chain processes run (``_mp_sample`` is outside
``joined_blas_limiter``), and that process evaluates the model's deterministics for every draw it
stores. With the C backend, which leaves matrix products to NumPy's OpenBLAS when PyTensor links no
BLAS of its own (a pip install), the main process's OpenBLAS threads (one per CPU, spinning between
calls) then compete with the chain processes for the cores: ``retail_stores-varying_slopes``
(2 chains × 200 + 200, cores=2) sampled in 34 s instead of 1.7 s (``scripts/pymc_blas_threads.py``).
``main_process_blas_limit`` applies the documented limit to the main process (one thread: it mostly waits), so ``pymc.nuts_c``
is timed as PyMC means it to run; Numba's ``pymc.nuts`` ran equally fast with or without it.
"""
from __future__ import annotations

import os
import time

import numpy as np

from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput, split_loop


def pytensor_backend(backend: str | None) -> str:
    """The name of the PyTensor linker that ``pm.sample(backend=backend)`` compiles with."""
    from pymc.pytensorf import resolve_backend_compile_kwargs
    from pytensor.compile.mode import get_mode

    mode = resolve_backend_compile_kwargs(backend, {}).get("mode") or get_mode(None)
    return type(get_mode(mode).linker).__name__


MAIN_PROCESS_BLAS_THREADS = 1


def main_process_blas_limit():
    """A context in which this (the main) process's BLAS libraries use ``MAIN_PROCESS_BLAS_THREADS`` threads:
    what ``blas_cores="auto"`` means for it while ``pm.sample``'s chain processes run (see the module's note);
    ``pm.sample`` still sets its own limits inside, for initialisation and for each chain process."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=MAIN_PROCESS_BLAS_THREADS)


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
        with main_process_blas_limit():
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
            extra={"cores": cores, "sampler": "pymc", "main_process_blas_threads": MAIN_PROCESS_BLAS_THREADS,
                   "pytensor_linker": pytensor_backend(self.compile_backend),
                   "divergences_warmup": int(warm_stats["diverging"].sum()) if warm_stats is not None else 0},
        )


class PymcNutsC(PymcNuts):
    """PyMC's own NUTS compiled with PyTensor's C backend (``pm.sample(backend="c")``), PyMC 5's default."""

    name = "pymc.nuts_c"
    gradient_backend = "pytensor_c"
    description = "PyMC's own NUTS, pm.sample(nuts_sampler='pymc', backend='c'): PyTensor's C backend (PyMC 5's default)"
    compile_backend = "c"
