"""``pymc.pathfinder``: ``pymc_extras.inference.fit_pathfinder`` on the PyMC twin, with its documented defaults.

pymc-extras 0.15.1 runs multi-path Pathfinder on the PyMC/PyTensor backend (scipy L-BFGS-B per path, each path
in its own worker process, PSIS over the pooled draws) and returns an ``xarray.DataTree`` with ``posterior``,
``pathfinder`` (timings, ``pareto_k``, per-path statistics, settings) and ``lbfgs`` (per-path iteration
counts, L-BFGS settings) groups. It declares ``pymc<6.4`` but runs with PyMC 6.4 (checked 2026-12-04, pymc
6.4.0, pymc-extras 0.15.1). It has no ``inference_backend`` argument any more: the BlackJAX variant is a separate
function, ``fit_blackjax_pathfinder`` (single-path only), so the default that runs here is the PyMC backend,
recorded as ``extra["tuning"]["inference_backend"] = "pymc"``.
"""
from __future__ import annotations

import inspect
import multiprocessing
import time
from contextlib import contextmanager

import numpy as np

from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput
from harness.methods.vi import as_chains

FIXED = ("num_paths", "num_draws_per_path", "num_elbo_draws", "max_init_retries", "jitter", "importance_sampling",
         "parallel", "cores", "blas_cores", "mp_ctx", "jacobian_correction", "vectorize_logp",
         "vectorize_postprocessing")


@contextmanager
def counting_value_and_grad():
    """Count every call of pymc-extras Pathfinder's value-and-gradient function, worker processes included.

    Wraps ``single_path.get_neg_logp_dlogp_of_ravel_inputs`` (the compiled ``x -> (-logp, -dlogp)`` that
    L-BFGS-B and the path's initial gradient call) for the duration of the block. The count lives in a
    shared ``multiprocessing.Value``, inherited by the ``fork``ed path workers (pymc-extras' default start
    method on Linux). Yields a function returning the count, or None when the workers would not share it
    (a start method other than fork).
    """
    from pymc.sampling.parallel import _initialize_multiprocessing_context
    from pymc_extras.inference.pathfinder import single_path

    if _initialize_multiprocessing_context(None, quiet=True).get_start_method() != "fork":
        yield lambda: None
        return
    counter = multiprocessing.get_context("fork").Value("q", 0)
    original = single_path.get_neg_logp_dlogp_of_ravel_inputs

    def build(model, **kwargs):
        value_and_grad = original(model, **kwargs)

        def counted(x):
            with counter.get_lock():
                counter.value += 1
            return value_and_grad(x)

        return counted

    single_path.get_neg_logp_dlogp_of_ravel_inputs = build
    try:
        yield lambda: int(counter.value)
    finally:
        single_path.get_neg_logp_dlogp_of_ravel_inputs = original


class PymcPathfinder(Method):
    """``fit_pathfinder(model, num_draws=chains * draws, random_seed=seed)``, every other argument its default."""

    name = "pymc.pathfinder"
    family = "vi"
    backend = "pymc"
    description = "pymc-extras multi-path Pathfinder (fit_pathfinder defaults: 4 paths, PSIS), PyMC backend, float64"

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Fit and draw ``chains * draws`` PSIS-resampled draws, shaped (config.chains, config.draws).

        Timings, from pymc-extras' own clock in the ``pathfinder`` group: ``compile`` = model build + its
        ``compile_time`` (``make_single_pathfinder_fn``: PyTensor compile of the value-and-gradient and the
        sample-and-logp functions, initial point); ``warmup`` = 0 (none); ``sampling`` = its ``compute_time``
        (all paths: worker start-up, L-BFGS, ELBO estimates, per-path draws; paths run ``cores`` at a time);
        the rest of ``fit_pathfinder`` (PSIS, the compile and run of the back-transform to the model's
        variables, building the DataTree) is ``extra["draw_seconds"]``, in ``total``, not in ``sampling``; the
        back-transform's compile cannot be told apart from its run from outside, so it stays there.
        ``grad_evals_sampling`` = calls of the value-and-gradient function summed over paths (each path's
        initial gradient and every L-BFGS-B evaluation, line search included; init retries too), counted
        through a shared counter (``counting_value_and_grad``); the value-only log densities of the ELBO
        estimates and draws are not included.
        """
        from pymc_extras.inference import fit_pathfinder

        defaults = {name: p.default for name, p in inspect.signature(fit_pathfinder).parameters.items()}
        n = config.chains * config.draws
        start = time.time()
        model = posterior.pymc_build()(data, **posterior.model_options(**config.options))
        build_end = time.time()
        with counting_value_and_grad() as grad_count:
            idata = fit_pathfinder(model=model, num_draws=n, random_seed=config.seed, progressbar=False)
        end = time.time()
        grads = grad_count()
        info = idata["pathfinder"].to_dataset()
        lbfgs = idata["lbfgs"].to_dataset()
        compile_time, compute_time = float(info["compile_time"]), float(info["compute_time"])
        niter = [int(i) for i in np.asarray(lbfgs["niter"])] if "niter" in lbfgs else []
        pareto_k = float(info["pareto_k"]) if "pareto_k" in info else None
        status = {str(s): int(c) for s, c in zip(info["path_status_counts"]["status"].values,
                                                 info["path_status_counts"].values) if c} \
            if "path_status_counts" in info else {}
        lbfgs_status = {str(s): int(c) for s, c in zip(lbfgs["status_counts"]["status"].values,
                                                       lbfgs["status_counts"].values) if c} \
            if "status_counts" in lbfgs else {}
        settings = {name: float(lbfgs[name]) if name in ("ftol", "gtol", "epsilon") else int(lbfgs[name])
                    for name in ("maxcor", "maxiter", "ftol", "gtol", "maxls", "epsilon") if name in lbfgs}
        posterior_ds = idata["posterior"].to_dataset()
        return SamplerOutput(
            draws={p: as_chains(posterior_ds[p].values[0], config.chains, config.draws) for p in posterior.params},
            timings={"compile": (build_end - start) + compile_time, "warmup": 0.0, "sampling": compute_time,
                     "total": end - start},
            grad_evals_warmup=0 if grads is not None else None,
            grad_evals_sampling=grads,
            vi={"method": "pathfinder (pymc_extras, multi-path)", "steps": int(sum(niter)), "lbfgs_iterations": niter,
                "num_paths": int(info["num_paths"]), "successful_paths": int(info.get("num_successful_paths", 0)),
                "pareto_k": pareto_k, "path_status": status, "lbfgs_status": lbfgs_status,
                "elbo_argmax": [int(i) for i in np.asarray(info["elbo_argmax"])] if "elbo_argmax" in info else []},
            extra={"tuning": {"function": "pymc_extras.inference.fit_pathfinder",
                              **{name: defaults[name] for name in FIXED}, "num_draws": n,
                              "inference_backend": "pymc",
                              "lbfgs": settings,
                              "lbfgs_source": "LBFGSConfig defaults; maxcor = max(ceil(3 ln N), 5) for N parameters "
                                              "(LBFGSConfig.set_default_maxcor), read back from the lbfgs group",
                              "source": "fit_pathfinder signature defaults (pymc-extras 0.15.1); num_draws = "
                                        "chains * draws; progressbar off"},
                   "precision": "float64",
                   "pareto_k": pareto_k,
                   "warnings": list(info.attrs.get("warnings", [])),
                   "compile_seconds_pymc_extras": compile_time, "build_seconds": build_end - start,
                   "draw_seconds": end - build_end - compile_time - compute_time,
                   "timing_note": "compile = model build + pymc-extras' compile_time; sampling = its compute_time "
                                  "(paths, in worker processes); warmup = 0 (none); PSIS and back-transform "
                                  "(its compile included) are draw_seconds",
                   "grad_evals_note": ("calls of the compiled value-and-gradient function over all paths (initial "
                                       "gradients, every L-BFGS-B evaluation incl. line search, init retries), "
                                       "counted with a shared counter in the forked workers"
                                       if grads is not None else
                                       "not counted: the path workers do not use fork, so a counter is not shared"),
                   "draws_note": "PSIS-resampled draws of the paths' pooled draws, shaped chains x draws"},
        )
