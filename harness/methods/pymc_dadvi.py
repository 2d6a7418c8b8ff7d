"""``pymc.dadvi``: deterministic ADVI (Giordano, Ingram & Broderick 2024, JMLR 25(18)) with
``pymc_extras.inference.fit_dadvi`` on the PyMC twin, its documented defaults.

DADVI fixes ``n_fixed_draws`` standard-normal draws once and minimises the resulting deterministic
mean-field objective, ``-mean_k log p(mu + exp(log_sd) * z_k) - sum(log_sd)``, with a second-order
optimiser (``scipy.optimize.minimize``, default ``trust-ncg`` with gradient and Hessian-vector products,
via ``better_optimize``). pymc-extras 0.15.1 returns an ``xarray.DataTree`` (``posterior`` drawn from the
fitted Gaussian, ``optimizer_result`` with ``nit``, ``nfev``, ``njev``, ``nhev``); it declares ``pymc<6.4`` but
runs with PyMC 6.4 (checked 2026-12-04).
"""
from __future__ import annotations

import inspect
import math
import time

import numpy as np

from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput
from harness.methods.vi import as_chains, elbo_summary

FIXED = ("n_fixed_draws", "optimizer_method", "use_grad", "use_hessp", "use_hess", "gradient_backend",
         "include_transformed")


class PymcDadvi(Method):
    """``fit_dadvi(model, n_draws=chains * draws, random_seed=seed)``, every other argument its default."""

    name = "pymc.dadvi"
    family = "vi"
    backend = "pymc"
    description = "pymc-extras DADVI (fit_dadvi defaults: 30 fixed draws, trust-ncg), mean-field Gaussian, float64"

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Fit, then ``chains * draws`` i.i.d. draws from the fitted Gaussian, shaped (config.chains, config.draws).

        Timings (``fit_dadvi`` is one call; an optimiser ``callback``, which better_optimize calls after each
        iteration, marks the iterations): ``compile`` = model build + DADVI graph + PyTensor compile of the
        objective, its gradient and Hessian-vector product + the first iteration (as ``pymc.advi`` counts its
        first step); ``warmup`` = 0 (none); ``sampling`` = the other iterations; what follows the last
        iteration (compiling and running the draws from the Gaussian, building the DataTree) is
        ``extra["draw_seconds"]``, in ``total``, not in ``sampling``.

        ``grad_evals_sampling`` = ``n_fixed_draws`` x max(nfev, njev): every objective evaluation is a fused
        value-and-gradient call over the ``n_fixed_draws`` draws (scipy memoises the gradient), i.e.
        ``n_fixed_draws`` gradients of the model's log density. The ``n_fixed_draws`` x nhev Hessian-vector
        products of the log density (trust-ncg's inner CG steps; each costs a few gradients) are
        ``extra["hvp_evals"]``, not included. ``vi["final_elbo"]`` = minus the final objective plus the Gaussian
        entropy constant ``n/2 (1 + log 2 pi)``: the ELBO estimated with the fixed draws (exact, not noisy,
        for those draws, so the final window is 1 step).
        """
        from pymc_extras.inference import fit_dadvi

        defaults = {name: p.default for name, p in inspect.signature(fit_dadvi).parameters.items()}
        n = config.chains * config.draws
        marks, losses = [], []

        def on_iteration(result):
            marks.append(time.time())
            losses.append(float(result.fun))

        start = time.time()
        model = posterior.pymc_build()(data, **posterior.model_options(**config.options))
        idata = fit_dadvi(model=model, n_draws=n, random_seed=config.seed, progressbar=False, callback=on_iteration)
        end = time.time()
        result = idata["optimizer_result"].to_dataset()
        counts = {key: int(result[key]) for key in ("nit", "nfev", "njev", "nhev") if key in result}
        n_fixed = int(defaults["n_fixed_draws"])
        dim = int(result["x"].size) // 2  # the unconstrained parameters (mean and log sd of each)
        entropy_constant = 0.5 * dim * (1.0 + math.log(2.0 * math.pi))
        first, last = (marks[0], marks[-1]) if marks else (end, end)
        vi = elbo_summary(np.asarray(losses) - entropy_constant, final_window=1) if losses else {"steps": 0}
        final_objective = float(result["fun"])
        posterior_ds = idata["posterior"].to_dataset()
        grads = n_fixed * max(counts.get("nfev", 0), counts.get("njev", 0))
        return SamplerOutput(
            draws={p: as_chains(posterior_ds[p].values[0], config.chains, config.draws) for p in posterior.params},
            timings={"compile": first - start, "warmup": 0.0, "sampling": last - first, "total": end - start},
            grad_evals_warmup=0,
            grad_evals_sampling=grads,
            vi={**vi, "method": "dadvi", "final_elbo": entropy_constant - final_objective,
                "iterations": counts.get("nit"), "optimizer_success": bool(result["success"]),
                "optimizer_message": str(result["message"].values)},
            extra={"tuning": {"function": "pymc_extras.inference.fit_dadvi",
                              **{name: defaults[name] for name in FIXED}, "n_draws": n,
                              "optimizer_options": "scipy.optimize.minimize defaults for the method",
                              "source": "fit_dadvi signature defaults (pymc-extras 0.15.1); use_grad/use_hessp None "
                                        "resolve per method (trust-ncg: gradient and Hessian-vector product); "
                                        "n_draws = chains * draws; progressbar off"},
                   "precision": "float64",
                   "optimizer_counts": counts, "hvp_evals": n_fixed * counts.get("nhev", 0),
                   "draw_seconds": end - last,
                   "timing_note": "compile = build + graph + PyTensor compile + first iteration; sampling = the "
                                  "other iterations; warmup = 0 (none); draws from the Gaussian are draw_seconds",
                   "grad_evals_note": "n_fixed_draws x max(nfev, njev) log-density gradients (fused value-and-"
                                      "gradient calls over the fixed draws); Hessian-vector products in hvp_evals",
                   "draws_note": "i.i.d. draws from the fitted mean-field Gaussian, shaped chains x draws"},
        )
