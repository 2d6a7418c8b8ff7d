"""``numpyro.svi`` (AutoNormal), ``numpyro.svi_mvn`` (AutoMultivariateNormal) and ``numpyro.svi_lowrank``
(AutoLowRankMultivariateNormal): NumPyro SVI on the NumPyro twin, one class per guide."""
from __future__ import annotations

import time

import numpy as np

from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput
from harness.methods.vi import as_chains, elbo_summary

STEP_SIZE = 1e-3


class NumpyroSvi(Method):
    """``SVI(model, AutoNormal(model), Adam(1e-3), Trace_ELBO())`` run for ``config.vi_steps`` steps.

    Adam's step size 1e-3 is the one NumPyro's HMCECS example fits with and Pyro's SVI tips
    advise starting from (1e-3 or 1e-4); NumPyro's SVI docstring shows 5e-4. It also matches
    PyMC ADVI's default learning rate (adagrad_window, 1e-3), so both backends' VI take steps
    of similar size over the same ``vi_steps``.
    """

    name = "numpyro.svi"
    family = "vi"
    backend = "numpyro"
    description = "NumPyro SVI, AutoNormal guide, Adam(1e-3), Trace_ELBO, float64"
    devices = ("cpu", "gpu")
    guide_name = "AutoNormal"

    def model_options(self, posterior, config: RunConfig) -> dict:
        """The keyword arguments of the NumPyro twin (minibatch methods add ``batch_size``)."""
        return posterior.model_options(**config.options)

    def guide_extra(self, guide, params: dict) -> dict:
        """What a reader needs to know about the fitted guide, merged into ``extra`` (nothing for AutoNormal / MVN:
        ``vi["method"]`` names the guide)."""
        return {}

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Fit with ``svi.run`` (one ``lax.scan``), then draw ``chains * draws`` from the guide with ``Predictive``.

        Draws (latent sites from the guide, deterministic sites computed by the model) are shaped
        (config.chains, config.draws) like a NUTS run's; the split is only a shape. Timings:
        ``compile`` = JAX compile time (CompileTimer) of the whole run; ``warmup`` = 0 (VI has
        none); ``sampling`` = ``svi.run``'s wall time less the compile time in it (guide set-up
        and optimisation); the time to draw from the guide (less its compile) is
        ``extra["draw_seconds"]``, in ``total`` but not in ``sampling``. ``grad_evals_sampling`` =
        the number of steps: one gradient of a one-particle ELBO estimate per step.
        """
        import jax
        from numpyro import optim
        from numpyro.infer import SVI, Predictive, Trace_ELBO, autoguide

        from harness.methods.jax_compile_timer import CompileTimer

        jax.config.update("jax_enable_x64", True)
        timer = CompileTimer()
        start = time.time()
        options = self.model_options(posterior, config)
        model = posterior.numpyro_model()
        guide = getattr(autoguide, self.guide_name)(model)
        svi = SVI(model, guide, optim.Adam(step_size=STEP_SIZE), loss=Trace_ELBO())
        fit_key, draw_key = jax.random.split(jax.random.PRNGKey(config.seed))
        fit_start = time.time()
        result = svi.run(fit_key, config.vi_steps, data, progress_bar=False, **options)
        jax.block_until_ready(result.params)
        fit_end = time.time()
        predictive = Predictive(model, guide=guide, params=result.params,
                                num_samples=config.chains * config.draws, return_sites=list(posterior.params))
        samples = predictive(draw_key, data, **options)
        jax.block_until_ready(samples)
        end = time.time()
        timer.close()
        compile_fit = timer.seconds_between(fit_start, fit_end)
        compile_draw = timer.seconds_between(fit_end, end)
        vi = elbo_summary(np.asarray(result.losses))
        return SamplerOutput(
            draws={p: as_chains(samples[p], config.chains, config.draws) for p in posterior.params},
            timings={"compile": timer.seconds_between(start, end), "warmup": 0.0,
                     "sampling": fit_end - fit_start - compile_fit, "total": end - start},
            grad_evals_warmup=0,
            grad_evals_sampling=vi["steps"],
            vi={"method": f"svi:{self.guide_name}", "optimizer": f"Adam(step_size={STEP_SIZE})", **vi},
            extra={"draw_seconds": end - fit_end - compile_draw, "precision": "float64",
                   "devices": [str(d) for d in jax.devices()],
                   "timing_note": "sampling = svi.run wall time less its JAX compile time; warmup = 0 (none)",
                   "grad_evals_note": "one one-particle ELBO gradient per optimisation step",
                   "draws_note": "i.i.d. draws from the guide, shaped chains x draws",
                   **self.guide_extra(guide, result.params)},
        )


class NumpyroSviMvn(NumpyroSvi):
    """As ``numpyro.svi`` with an ``AutoMultivariateNormal`` guide (full covariance, unconstrained space)."""

    name = "numpyro.svi_mvn"
    description = "NumPyro SVI, AutoMultivariateNormal guide, Adam(1e-3), Trace_ELBO, float64"
    guide_name = "AutoMultivariateNormal"


class NumpyroSviLowRank(NumpyroSvi):
    """As ``numpyro.svi`` with an ``AutoLowRankMultivariateNormal`` guide: covariance ``W W^T + diag(d)``.

    NumPyro's default ``rank=None`` is used; NumPyro then takes ``round(sqrt(latent_dim))`` (numpyro
    0.22 ``AutoLowRankMultivariateNormal._setup_prototype``). The rank actually used is read back from
    the fitted ``cov_factor`` (``latent_dim x rank``) and recorded in ``extra``.
    """

    name = "numpyro.svi_lowrank"
    description = "NumPyro SVI, AutoLowRankMultivariateNormal guide (default rank), Adam(1e-3), Trace_ELBO, float64"
    guide_name = "AutoLowRankMultivariateNormal"

    def guide_extra(self, guide, params: dict) -> dict:
        latent_dim, rank = (int(n) for n in params[f"{guide.prefix}_cov_factor"].shape)
        return {"guide": self.guide_name, "guide_rank": rank, "guide_latent_dim": latent_dim,
                "guide_rank_rule": "numpyro default rank=None: round(sqrt(latent_dim))"}
