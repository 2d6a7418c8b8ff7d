"""``pymc.nutpie``, ``pymc.nutpie_jax``, ``pymc.nutpie_lowrank``, ``pymc.nutpie_flow``: nutpie's NUTS on the PyMC twin.

``nutpie.compile_pymc_model(model)`` compiles the log density (Numba by default; JAX for
``pymc.nutpie_jax``), then ``nutpie.sample`` runs its Rust sampler, one thread per chain, with
a diagonal mass matrix (``pymc.nutpie_lowrank``: low-rank adaptation; ``pymc.nutpie_flow``:
normalizing-flow adaptation on the JAX backend).
"""
from __future__ import annotations

import importlib.util
import os
import time

import numpy as np

from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput, split_loop
from harness.methods.precision import PRECISIONS, model_precision, pytensor_floatx, use_jax_precision

TIMING_SPLIT = ("nutpie reports no per-phase times: its sampling wall time (JAX compile taken out) is split "
                "between warm-up and sampling in proportion to their gradient evaluations")


class PymcNutpie(Method):
    """``nutpie.sample(nutpie.compile_pymc_model(model))`` with the Numba backend, warm-up stats saved."""

    name = "pymc.nutpie"
    gradient_backend = "pytensor_numba"
    backend = "pymc"
    description = "nutpie NUTS on the PyMC model, Numba backend"
    compile_kwargs: dict = {}
    sample_kwargs: dict = {}

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Compile, then sample with ``save_warmup=True`` so warm-up steps are counted apart.

        ``compile`` is the model build plus ``compile_pymc_model`` plus any JAX compile time
        inside ``nutpie.sample`` (CompileTimer). Warm-up and sampling times are a
        proportional split, see ``TIMING_SPLIT``.
        """
        import nutpie

        cores = min(config.chains, os.cpu_count() or 1)
        timer = None
        if self.compile_kwargs.get("backend") == "jax":
            use_jax_precision(config, pytensor=True)
            from harness.methods.jax_compile_timer import CompileTimer

            timer = CompileTimer()
        try:
            start = time.time()
            with pytensor_floatx(config):
                model = posterior.pymc_build()(data, **posterior.model_options(**config.options))
                built = time.time()
                compiled = self.prepare(nutpie.compile_pymc_model(model, **self.compile_kwargs))
            loop_start = time.time()
            idata = nutpie.sample(compiled, draws=config.draws, tune=config.tune, chains=config.chains,
                                  cores=cores, seed=config.seed, target_accept=config.target_accept, save_warmup=True,
                                  progress_bar=False, **self.sample_kwargs)
            end = time.time()
        finally:
            if timer is not None:
                timer.close()
        jit = timer.seconds_between(loop_start, end) if timer is not None else 0.0
        warm_stats, stats = idata.warmup_sample_stats, idata.sample_stats
        warm_steps, steps = int(warm_stats["n_steps"].sum()), int(stats["n_steps"].sum())
        loop = end - loop_start - jit
        warmup, sampling = split_loop(loop, warm_steps, steps)
        return SamplerOutput(
            draws={p: idata.posterior[p].values for p in posterior.params},
            timings={"compile": loop_start - start + jit, "warmup": warmup, "sampling": sampling,
                     "total": end - start},
            grad_evals_warmup=warm_steps,
            grad_evals_sampling=steps,
            divergences=int(stats["diverging"].sum()),
            draw_stats={"diverging": stats["diverging"].values.astype(bool)},
            step_size=float(np.mean(stats["step_size"].values[:, -1])),
            extra={"timing_split": TIMING_SPLIT, "cores": cores, "model_build_seconds": built - start,
                   "compile_pymc_model_seconds": loop_start - built, "jax_compile_in_sample_seconds": jit,
                   "nutpie_backend": self.compile_kwargs.get("backend", "numba"),
                   "adaptation": self.sample_kwargs.get("adaptation", "diag"),
                   "divergences_warmup": int(warm_stats["diverging"].sum()), **self.tuning_extra(),
                   # nutpie's Rust core hands back float64 draws whatever the model computed in: the model's
                   # arithmetic is its value variables' dtype (and, on the JAX backend, JAX's x64 switch)
                   "precision_ran": model_precision(model, self.compile_kwargs.get("backend") == "jax")},
        )

    def prepare(self, compiled):
        """The compiled model as sampled (the flow variant attaches its transform adapter)."""
        return compiled

    def tuning_extra(self) -> dict:
        """Settings beyond nutpie's defaults that a reader needs (none here)."""
        return {}


class PymcNutpieJax(PymcNutpie):
    """nutpie with ``backend="jax", gradient_backend="jax"`` (float64, or float32 with ``--precision``)."""

    name = "pymc.nutpie_jax"
    precisions = PRECISIONS
    gradient_backend = "pymc_jax"
    description = "nutpie NUTS on the PyMC model, JAX backend and gradients, float64"
    compile_kwargs = {"backend": "jax", "gradient_backend": "jax"}

    def supports(self, posterior, config: RunConfig) -> str | None:
        """The device check, and JAX must be installed."""
        if importlib.util.find_spec("jax") is None:
            return "pymc.nutpie_jax needs jax, which is not installed"
        return super().supports(posterior, config)


class PymcNutpieLowRank(PymcNutpie):
    """nutpie with its low-rank mass-matrix adaptation (``adaptation="low_rank"``), Numba backend.

    The feature behind nutpie's posteriordb results; PyMC 6 users reach it with
    ``pm.sample(nuts={"adaptation": "low_rank"})``.
    """

    name = "pymc.nutpie_lowrank"
    description = "nutpie NUTS on the PyMC model, low-rank mass-matrix adaptation, Numba backend"
    sample_kwargs = {"adaptation": "low_rank"}


class PymcNutpieFlow(PymcNutpieJax):
    """nutpie's normalizing-flow adaptation (``adaptation="flow"``; needs the ``nnflow`` extra, flowjax).

    As nutpie's documentation sets it up: the JAX backend and gradients, then
    ``compiled.with_transform_adapt()`` with nutpie's defaults (``make_transform_adapter``:
    8 coupling layers, 6 diagonal windows, window 600, learning rate 5e-4, batch 128), over
    ``config.tune`` warm-up draws. Experimental in nutpie 0.16; family ``mcmc``, not on the NUTS
    leaderboard.
    """

    name = "pymc.nutpie_flow"
    family = "mcmc"
    description = "nutpie NUTS on the PyMC model, normalizing-flow adaptation (JAX backend), float64"
    sample_kwargs = {"adaptation": "flow"}

    def supports(self, posterior, config: RunConfig) -> str | None:
        """The JAX check, and flowjax (nutpie's ``nnflow`` extra) must be installed."""
        if importlib.util.find_spec("flowjax") is None:
            return "pymc.nutpie_flow needs nutpie's nnflow extra (flowjax), which is not installed"
        return super().supports(posterior, config)

    def prepare(self, compiled):
        """Attach the flow adapter with nutpie's default settings."""
        return compiled.with_transform_adapt()

    def tuning_extra(self) -> dict:
        """The flow adapter's settings as nutpie's ``make_transform_adapter`` defaults them."""
        import inspect

        from nutpie.transform_adapter import make_transform_adapter

        defaults = {name: p.default for name, p in inspect.signature(make_transform_adapter).parameters.items()
                    if p.default is not inspect.Parameter.empty and isinstance(p.default, (int, float, str, bool))}
        return {"tuning": {"adaptation": "flow", "transform_adapter": "nutpie defaults", **defaults}}
