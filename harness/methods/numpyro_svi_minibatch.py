"""``numpyro.svi_minibatch``: NumPyro SVI (AutoNormal) on minibatches via the observation plate's ``subsample_size``."""
from __future__ import annotations

from harness.config import RunConfig
from harness.methods.base import SamplerOutput
from harness.methods.numpyro_svi import NumpyroSvi
from harness.vi import minibatch_unsupported, observation_count


class NumpyroSviMinibatch(NumpyroSvi):
    """``numpyro.svi`` on the twin called with ``batch_size``: ``plate(..., subsample_size=batch_size)``.

    Each step draws a fresh subsample of the observation plate (from SVI's PRNG key) and the plate
    scales its log likelihood to the full data. Draws, timings and ``vi`` are as for
    ``numpyro.svi``; ``Predictive`` runs the same subsampled model (only latent and deterministic
    sites are kept, and they do not depend on the subsample).
    """

    name = "numpyro.svi_minibatch"
    description = "NumPyro SVI, AutoNormal guide, Adam(1e-3), subsampled observation plate, float64"

    def supports(self, posterior, config: RunConfig) -> str | None:
        """None when the posterior has a minibatch axis and the config a batch size."""
        return super().supports(posterior, config) or minibatch_unsupported(posterior, config)

    def model_options(self, posterior, config: RunConfig) -> dict:
        """The twin's options plus ``batch_size`` (never a catalog option: the method adds it)."""
        return {**posterior.model_options(**config.options), "batch_size": config.batch_size}

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """As ``numpyro.svi``; ``vi`` also records the batch size and the full data size."""
        output = super().sample(posterior, data, config)
        output.vi.update(batch_size=config.batch_size, total_size=observation_count(data))
        output.extra["grad_evals_note"] = "one one-particle ELBO gradient per step, on batch_size observations"
        return output
