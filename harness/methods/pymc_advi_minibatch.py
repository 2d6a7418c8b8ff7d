"""``pymc.advi_minibatch``: PyMC's mean-field ADVI on minibatches of the observed data."""
from __future__ import annotations

from harness.methods.minibatch import Minibatched
from harness.methods.pymc_vi import PymcAdvi


class PymcAdviMinibatch(Minibatched, PymcAdvi):
    """``pm.fit(method="advi")`` on the twin built with ``batch_size``: ``pm.Minibatch`` + ``total_size``.

    Each optimisation step sees a fresh random minibatch (PyMC's minibatch RNG, seeded by
    ``pm.fit``'s ``random_seed``); the ELBO is the full-data estimate scaled by ``total_size``.
    Draws, timings and the ``vi`` section are as for ``pymc.advi``.
    """

    name = "pymc.advi_minibatch"
    description = "PyMC mean-field ADVI on pm.Minibatch batches (total_size scaling), pm.fit defaults"

    grad_evals_note = "one one-sample ELBO gradient per step, on batch_size observations"
