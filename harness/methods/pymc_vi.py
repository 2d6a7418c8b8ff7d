"""``pymc.advi`` and ``pymc.fullrank_advi``: PyMC's ADVI on the PyMC twin, via ``pm.fit``."""
from __future__ import annotations

import time

from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput
from harness.methods.vi import as_chains, elbo_summary


class PymcAdvi(Method):
    """``pm.fit(method="advi")`` with PyMC's defaults, then draws from the fitted approximation."""

    name = "pymc.advi"
    family = "vi"
    backend = "pymc"
    description = "PyMC mean-field ADVI, pm.fit defaults (adagrad_window, lr 1e-3), config.vi_steps steps"
    fit_method = "advi"

    def model_options(self, posterior, config: RunConfig) -> dict:
        """The keyword arguments of the PyMC twin (minibatch methods add ``batch_size``)."""
        return posterior.model_options(**config.options)

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Fit ``config.vi_steps`` steps, then draw ``chains * draws`` i.i.d. draws from the approximation.

        The draws are shaped (config.chains, config.draws) like a NUTS run's; the split is only a
        shape. Timings: ``compile`` = model build + approximation set-up + step-function compile +
        the first optimisation step (``pm.fit`` does these in one call; a callback marks the end of
        the first step), plus compiling the approximation's sampling function; ``warmup`` = 0 (VI
        has none); ``sampling`` = the other ``vi_steps - 1`` optimisation steps; the time to draw
        from the approximation is ``extra["draw_seconds"]`` (in ``total``, not in ``sampling``).
        ``grad_evals_sampling`` = the number of steps: each step takes one gradient of a
        one-sample ELBO estimate (``obj_n_mc`` default). ``vi`` holds ``elbo_summary`` of PyMC's
        loss history in full-data units (``loss_scale`` = the factor PyMC divided it by).
        """
        import pymc as pm

        first_step_done = [None]

        def on_step(approx, losses, step):
            if step == 1:
                first_step_done[0] = time.time()

        start = time.time()
        model = posterior.pymc_build()(data, **self.model_options(posterior, config))
        approx = pm.fit(n=config.vi_steps, method=self.fit_method, model=model, random_seed=config.seed,
                        progressbar=False, callbacks=[on_step])
        fit_end = time.time()
        approx.sample_dict_fn  # compiles the approximation's sampling function (cached on the object)
        draw_start = time.time()
        idata = approx.sample(draws=config.chains * config.draws, random_seed=config.seed,
                              return_inferencedata=True)
        end = time.time()
        first = first_step_done[0] or fit_end
        # with pm.Minibatch, PyMC divides the loss by total_size / batch_size (one batch's scale);
        # multiplied back, the ELBO is in full-data units like NumPyro's (the factor is 1 otherwise)
        loss_scale = float(approx.symbolic_normalizing_constant.eval())
        vi = {**elbo_summary(approx.hist * loss_scale), "loss_scale": loss_scale}
        return SamplerOutput(
            draws={p: as_chains(idata.posterior[p].values[0], config.chains, config.draws)
                   for p in posterior.params},
            timings={"compile": (first - start) + (draw_start - fit_end), "warmup": 0.0,
                     "sampling": fit_end - first, "total": end - start},
            grad_evals_warmup=0,
            grad_evals_sampling=vi["steps"],
            vi={"method": self.fit_method, **vi},
            extra={"draw_seconds": end - draw_start,
                   "timing_note": "compile includes the first optimisation step; sampling = the other "
                                  "vi_steps - 1 steps (optimisation wall time); warmup = 0 (none)",
                   "grad_evals_note": "one one-sample ELBO gradient per optimisation step",
                   "draws_note": "i.i.d. draws from the approximation, shaped chains x draws"},
        )


class PymcFullRankAdvi(PymcAdvi):
    """``pm.fit(method="fullrank_advi")``: a full-covariance Gaussian in the unconstrained space."""

    name = "pymc.fullrank_advi"
    description = "PyMC full-rank ADVI, pm.fit defaults (adagrad_window, lr 1e-3), config.vi_steps steps"
    fit_method = "fullrank_advi"
