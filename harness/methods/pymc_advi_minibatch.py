"""``pymc.advi_minibatch``: PyMC's mean-field ADVI on minibatches of the observed data."""
from __future__ import annotations

from harness.config import RunConfig
from harness.methods.base import SamplerOutput
from harness.methods.pymc_vi import PymcAdvi
from harness.vi import minibatch_unsupported, observation_count


class PymcAdviMinibatch(PymcAdvi):
    """``pm.fit(method="advi")`` on the twin built with ``batch_size``: ``pm.Minibatch`` + ``total_size``.

    Each optimisation step sees a fresh random minibatch (PyMC's minibatch RNG, seeded by
    ``pm.fit``'s ``random_seed``); the ELBO is the full-data estimate scaled by ``total_size``.
    Draws, timings and the ``vi`` section are as for ``pymc.advi``.
    """

    name = "pymc.advi_minibatch"
    description = "PyMC mean-field ADVI on pm.Minibatch batches (total_size scaling), pm.fit defaults"

    def supports(self, posterior, config: RunConfig) -> str | None:
        """None when the posterior has a minibatch axis and the config a batch size."""
        return super().supports(posterior, config) or minibatch_unsupported(posterior, config)

    def model_options(self, posterior, config: RunConfig) -> dict:
        """The twin's options plus ``batch_size`` (never a catalog option: the method adds it)."""
        return {**posterior.model_options(**config.options), "batch_size": config.batch_size}

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """As ``pymc.advi``; ``vi`` also records the batch size and the full data size."""
        output = super().sample(posterior, data, config)
        output.vi.update(batch_size=config.batch_size, total_size=observation_count(data))
        output.extra["grad_evals_note"] = "one one-sample ELBO gradient per step, on batch_size observations"
        return output
