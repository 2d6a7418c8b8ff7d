"""``numpyro.svi_minibatch``: NumPyro SVI (AutoNormal) on minibatches via the observation plate's ``subsample_size``."""
from __future__ import annotations

from harness.methods.minibatch import Minibatched
from harness.methods.numpyro_svi import NumpyroSvi


class NumpyroSviMinibatch(Minibatched, NumpyroSvi):
    """``numpyro.svi`` on the twin called with ``batch_size``: ``plate(..., subsample_size=batch_size)``.

    Each step draws a fresh subsample of the observation plate (from SVI's PRNG key) and the plate
    scales its log likelihood to the full data. Draws, timings and ``vi`` are as for
    ``numpyro.svi``; ``Predictive`` runs the same subsampled model (only latent and deterministic
    sites are kept, and they do not depend on the subsample).
    """

    name = "numpyro.svi_minibatch"
    description = "NumPyro SVI, AutoNormal guide, Adam(1e-3), subsampled observation plate, float64"

    grad_evals_note = "one one-particle ELBO gradient per step, on batch_size observations"
