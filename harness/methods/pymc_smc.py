"""``pymc.smc``: PyMC's Sequential Monte Carlo, ``pm.sample_smc``, on the PyMC twin.

``pm.sample_smc`` with its documented defaults (PyMC 6.4 ``pymc/smc/sampling.py`` and
``pymc/smc/kernels.py``): the independent Metropolis-Hastings kernel ``IMH`` (a multivariate normal
proposal fitted to the mean and covariance of the current tempered population), ``threshold=0.5``
(the next inverse temperature beta keeps the effective sample size at half the particles) and
``correlation_threshold=0.01`` (IMH steps per stage continue while the particles' Pearson
correlation with the stage's start keeps falling by more than that). ``draws`` is both the number of
particles and of posterior draws per chain: ``config.draws`` particles in each of ``config.chains``
independent SMC runs ("chains"). ``cores`` follows the docs' default, one process per chain up to the
CPU count (``min(chains, cpu_count)``), as ``pymc.nuts`` does.

The kernel is ``CountingIMH``, PyMC's ``IMH`` unchanged but for one extra per-stage statistic,
``imh_steps`` (the stage's IMH proposal rounds), so the log-density evaluations can be counted.
"""
from __future__ import annotations

import math
import os
import time

import numpy as np

from harness.methods.base import Method, SamplerOutput
from harness.quality.evidence import evidence_extra
from harness.records.config import RunConfig

THRESHOLD = 0.5  # pm.sample_smc / SMC_KERNEL default
CORRELATION_THRESHOLD = 0.01  # IMH default


def _counting_imh():
    """PyMC's IMH kernel class with an ``imh_steps`` statistic per stage (built lazily: PyMC is imported late)."""
    global CountingIMH
    if "CountingIMH" in globals():
        return CountingIMH
    from pymc.smc.kernels import IMH

    class CountingIMH(IMH):
        """``pymc.smc.kernels.IMH`` plus ``imh_steps``: the number of IMH proposal rounds of each stage
        (each round proposes and evaluates prior and likelihood once for every particle).

        ``init_times``, when given (a list), receives the wall time at which the kernel finished
        initialising (compiling its prior and likelihood functions); it is not kept on the kernel.
        """

        stats_dtypes_shapes = {**IMH.stats_dtypes_shapes, "imh_steps": (int, [])}

        def __init__(self, *args, init_times=None, **kwargs):
            super().__init__(*args, **kwargs)
            if init_times is not None:
                init_times.append(time.time())

        def sample_stats(self):
            return {**super().sample_stats(), "imh_steps": int(self.n_steps - 1)}

    CountingIMH.__qualname__ = "CountingIMH"  # a module-level name (``global`` above), so it pickles by reference
    return CountingIMH


def __getattr__(name):  # pickling the kernel for the chain processes looks the class up here
    if name == "CountingIMH":
        return _counting_imh()
    raise AttributeError(name)


def per_chain(stat, chains: int) -> list[np.ndarray]:
    """A per-stage ``sample_stats`` variable of ``pm.sample_smc`` as one float array of stages per chain.

    PyMC 6.4 stores, per chain, the list of the stage values: for one chain a plain array whose only
    dimension (named ``chain``) runs over the stages; for several an object array, (chain, stage) when
    every chain took the same number of stages, else (chain,) of lists.
    """
    values = np.asarray(stat.values)
    if chains == 1:
        return [values.astype(np.float64).reshape(-1)]
    if values.ndim == 2:
        return [row.astype(np.float64) for row in values]
    return [np.asarray(list(row), dtype=np.float64) for row in values.reshape(-1)]


class PymcSmc(Method):
    """``pm.sample_smc`` (IMH kernel, threshold 0.5, correlation_threshold 0.01) on the PyMC twin."""

    name = "pymc.smc"
    family = "smc"
    backend = "pymc"
    description = ("PyMC SMC, pm.sample_smc defaults: IMH kernel, threshold 0.5, correlation_threshold 0.01; "
                   "config.draws particles per chain, config.chains independent runs")

    def __init__(self, max_cores: int | None = None):
        self.max_cores = max_cores  # None: the docs' default; tests may pin 1 (same draws: seeds are per chain)

    def cores(self, config: RunConfig) -> int:
        """Processes: the docs' default (one per CPU), no more than the chains (nor ``max_cores``)."""
        cores = min(config.chains, os.cpu_count() or 1)
        if self.max_cores is not None:
            cores = min(cores, self.max_cores)
        return max(1, cores)

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Run ``config.chains`` independent SMC populations of ``config.draws`` particles.

        Timings: ``compile`` = model build + the kernel's set-up (PyTensor compiles the prior and
        likelihood functions and draws an initial point); ``warmup`` = 0: every tempering stage is part
        of producing the draws (the final population is the posterior sample), so the whole SMC run,
        all stages to beta = 1, is ``sampling`` (per-stage betas are in ``extra["beta_schedule"]``).
        ``grad_evals`` are 0 (IMH uses no gradient); ``extra["logp_evals"]`` counts the points at which
        prior and likelihood were evaluated: the initial particles plus one per particle per IMH round.
        """
        import pymc as pm

        cores = self.cores(config)
        init_times: list[float] = []
        start = time.time()
        model = posterior.pymc_build()(data, **posterior.model_options(**config.options))
        idata = pm.sample_smc(
            draws=config.draws, kernel=_counting_imh(), chains=config.chains, cores=cores,
            random_seed=config.seed, model=model, progressbar=False, compute_convergence_checks=False,
            return_inferencedata=True, threshold=THRESHOLD, correlation_threshold=CORRELATION_THRESHOLD,
            init_times=init_times,
        )
        end = time.time()
        compiled = init_times[0] if init_times else start
        stats = idata.sample_stats
        log_ml = [float(chain[-1]) for chain in per_chain(stats["log_marginal_likelihood"], config.chains)]
        betas = per_chain(stats["beta"], config.chains)
        imh_steps = per_chain(stats["imh_steps"], config.chains)
        accept = per_chain(stats["accept_rate"], config.chains)
        stages = [int(len(b)) for b in betas]
        rounds = [int(np.sum(s)) for s in imh_steps]
        logp_evals = int(sum(config.draws * (1 + r) for r in rounds))
        finite = [v for v in log_ml if math.isfinite(v)]
        log_evidence = float(np.mean(finite)) if finite else None
        tuning = {"kernel": "IMH", "threshold": THRESHOLD, "correlation_threshold": CORRELATION_THRESHOLD,
                  "draws_per_chain": config.draws, "particles_per_chain": config.draws, "chains": config.chains,
                  "cores": cores, "source": "pm.sample_smc documented defaults (PyMC 6.4 pymc/smc/sampling.py, "
                                            "kernels.py IMH)"}
        extra = {
            "tuning": tuning, "precision": "float64", "cores": cores,
            "log_evidence": log_evidence, "log_evidence_per_chain": log_ml,
            "log_evidence_sd_chains": float(np.std(finite, ddof=1)) if len(finite) > 1 else None,
            "log_evidence_note": "PyMC's log_marginal_likelihood of each chain's run (sum over stages of "
                                 "log mean incremental weight); log_evidence is their mean",
            "stages": stages, "stages_mean": float(np.mean(stages)),
            "beta_schedule": [[float(v) for v in b] for b in betas],
            "imh_steps_per_stage": [[int(v) for v in s] for s in imh_steps],
            "accept_rate_per_stage": [[float(v) for v in a] for a in accept],
            "logp_evals": logp_evals,
            "logp_evals_note": "points at which the prior and likelihood were evaluated: draws x (1 + IMH rounds) "
                               "per chain, summed over chains",
            "timing_note": "compile = model build + SMC kernel set-up (PyTensor compile); warmup = 0; sampling = "
                           "the SMC run, all tempering stages (the final stage's population is the sample)",
            "grad_evals_note": "IMH proposals use no gradients",
            "draws_note": "each chain is an independent SMC population of draws particles (resampled and moved "
                          "at beta = 1)",
            **evidence_extra(posterior.name, data, posterior.model_options(**config.options), log_evidence),
        }
        return SamplerOutput(
            draws={p: np.asarray(idata.posterior[p].values) for p in posterior.params},
            timings={"compile": compiled - start, "warmup": 0.0, "sampling": end - compiled, "total": end - start},
            grad_evals_warmup=0, grad_evals_sampling=0, extra=extra,
        )
