"""What turns a full-data VI method into its minibatch variant: support check, batch option, record fields."""
from __future__ import annotations

from harness.records.config import RunConfig
from harness.methods.base import SamplerOutput
from harness.methods.vi import minibatch_unsupported, minibatch_total_size


class Minibatched:
    """Mixin placed before a full-data VI method: the twin is called with ``batch_size``.

    Subclasses set ``grad_evals_note`` (what one optimisation step's gradient is made of).
    """

    family = "minibatch"

    grad_evals_note = "one ELBO gradient per step, on batch_size observations"

    def supports(self, posterior, config: RunConfig) -> str | None:
        """None when the posterior has a minibatch axis and the config a batch size."""
        return super().supports(posterior, config) or minibatch_unsupported(posterior, config)

    def model_options(self, posterior, config: RunConfig) -> dict:
        """The twin's options plus ``batch_size`` (never a catalog option: the method adds it)."""
        return {**posterior.model_options(**config.options), "batch_size": config.batch_size}

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """As the full-data method; ``vi`` also records the batch size and the full data size."""
        output = super().sample(posterior, data, config)
        output.vi.update(batch_size=config.batch_size, total_size=minibatch_total_size(data))
        output.extra["grad_evals_note"] = self.grad_evals_note
        return output
