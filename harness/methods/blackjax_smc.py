"""``numpyro.smc`` and ``pymc.blackjax_smc``: BlackJAX adaptive tempered SMC on either twin.

The sampler is the one the BlackJAX sampling book's "Tuning inner kernel parameters of SMC"
(``book/algorithms/TemperedSMCWithOptimizedInnerKernel.md``, ``irmh_full_cov_experiment``)
recommends: ``blackjax.inner_kernel_tuning`` around ``blackjax.adaptive_tempered_smc`` with

- ``target_ess=0.5`` (each next temperature keeps half the particles' ESS; the book's value, and
  PyMC's ``threshold`` default),
- ``resampling.systematic`` and ``root_solver=solver.dichotomy`` (BlackJAX's default solver),
- an independent Rosenbluth-Metropolis-Hastings (IRMH, ``blackjax.irmh.build_kernel``) inner kernel
  whose multivariate normal proposal has the mean and full covariance of the particles left by the
  previous stage (``particles_means``, ``particles_covariance_matrix``; the initial value is the
  prior particles' mean and covariance), plus ``COV_JITTER`` times the identity on the diagonal as
  PyMC's IMH adds (against singular covariances from duplicated particles),
- ``num_mcmc_steps=20`` (the book's runs; BlackJAX's own default is 10).

IRMH is gradient-free (grad_evals 0), the SMC counterpart of PyMC's IMH, so ``pymc.smc`` and
``numpyro.smc`` differ in implementation, not in algorithm family.

BlackJAX's SMC step resamples, moves at the current temperature, then reweights to the next, so
when the temperature reaches 1 the particles are still weighted. A final step of the same kernel at
temperature 1 (``blackjax.smc.tempered``'s kernel with ``tempering_param=1``: systematic resampling
by the final weights, then ``num_mcmc_steps`` IRMH moves; its log-evidence increment is exactly 0)
leaves ``chains * draws`` equally weighted particles, as PyMC's last stage does; they are returned
in BlackJAX's order (systematic resampling keeps ancestors sorted), shaped (chains, draws).

Log evidence: the sum over stages of ``info.log_likelihood_increment`` (the log of the mean
incremental weight of each stage).

Targets (``SmcTarget``): for the NumPyro twin, prior draws from ``numpyro.infer.Predictive`` mapped to
the unconstrained space with ``numpyro.infer.util.unconstrain_fn``; log likelihood =
``numpyro.infer.util.log_likelihood`` summed over the observed sites, at the constrained values of
``postprocess_fn``; log prior = log joint (``-potential_fn`` of ``initialize_model``, Jacobian
included) minus log likelihood. For the PyMC twin, PyMC SMC's own split, ``model.varlogp`` (free
variables, Jacobian included) and ``model.datalogp`` (observed), compiled to JAX with
``pymc.sampling.jax.get_jaxified_graph``, and prior particles drawn the way ``pm.sample_smc`` draws
them (``make_initial_point_expression(default_strategy="prior", return_transformed=True)``).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from harness.methods.base import Method, SamplerOutput
from harness.methods.vi import as_chains
from harness.quality.evidence import evidence_extra
from harness.records.config import RunConfig

TARGET_ESS = 0.5
NUM_MCMC_STEPS = 20
COV_JITTER = 1e-6
MAX_STAGES = 1000  # a guard against a tempering schedule that stalls


@dataclass
class SmcTarget:
    """A twin split into log prior and log likelihood of one flat unconstrained vector, with prior particles."""

    logprior: Callable
    loglikelihood: Callable
    particles: object  # (n_particles, dim) unconstrained prior draws
    transform: Callable  # flat vector -> {param: constrained value}
    params: list
    setup_seconds: float


def numpyro_smc_target(posterior, data: dict, config: RunConfig, n_particles: int, rng_key) -> SmcTarget:
    """The NumPyro twin as an SmcTarget (see the module docstring)."""
    import jax
    import jax.numpy as jnp
    from jax.flatten_util import ravel_pytree
    from numpyro.infer import Predictive
    from numpyro.infer.util import initialize_model, log_likelihood, unconstrain_fn

    jax.config.update("jax_enable_x64", True)
    start = time.time()
    model, options = posterior.numpyro_model(), posterior.model_options(**config.options)
    init_key, prior_key = jax.random.split(rng_key)
    info = initialize_model(init_key, model, model_args=(data,), model_kwargs=options, dynamic_args=False)
    latent = list(info.param_info.z)
    prior = Predictive(model, num_samples=n_particles, return_sites=latent)(prior_key, data, **options)
    unconstrained = jax.vmap(lambda s: unconstrain_fn(model, (data,), options, s))({k: prior[k] for k in latent})
    _, unravel = ravel_pytree({k: v[0] for k, v in unconstrained.items()})
    particles = jax.vmap(lambda z: ravel_pytree(z)[0])(unconstrained)
    params = list(posterior.params)

    def loglikelihood(x):
        values = info.postprocess_fn(unravel(x))
        sites = log_likelihood(model, {k: values[k] for k in latent}, data, batch_ndims=0, **options)
        return sum(jnp.sum(v) for v in sites.values())

    def logprior(x):
        return -info.potential_fn(unravel(x)) - loglikelihood(x)

    def transform(x):
        values = info.postprocess_fn(unravel(x))
        return {p: values[p] for p in params}

    particles = jax.block_until_ready(particles)
    return SmcTarget(logprior, loglikelihood, particles, transform, params, time.time() - start)


def pymc_smc_target(posterior, data: dict, config: RunConfig, n_particles: int, seed: int) -> SmcTarget:
    """The PyMC twin as an SmcTarget (see the module docstring)."""
    import jax
    import jax.numpy as jnp
    from jax.flatten_util import ravel_pytree
    from pymc import draw
    from pymc.initial_point import make_initial_point_expression
    from pymc.sampling.jax import get_jaxified_graph

    jax.config.update("jax_enable_x64", True)
    start = time.time()
    model = posterior.pymc_build()(data, **posterior.model_options(**config.options))
    inputs = model.value_vars
    prior_fn = get_jaxified_graph(inputs=inputs, outputs=[model.varlogp])
    likelihood_fn = get_jaxified_graph(inputs=inputs, outputs=[model.datalogp])
    expression = make_initial_point_expression(
        free_rvs=model.free_RVs, rvs_to_transforms=model.rvs_to_transforms,
        initval_strategies={**model.rvs_to_initial_values}, default_strategy="prior", return_transformed=True)
    names = [model.rvs_to_values[rv].name for rv in model.free_RVs]
    values = draw(expression, draws=n_particles, random_seed=seed)
    values = [np.asarray(v, dtype=np.float64).reshape(n_particles, *np.shape(v)[1:]) for v in values]
    by_name = dict(zip(names, values))
    ordered = [by_name[v.name] for v in inputs]
    _, unravel = ravel_pytree([jnp.asarray(v[0]) for v in ordered])
    particles = jnp.concatenate([jnp.asarray(v).reshape(n_particles, -1) for v in ordered], axis=1)
    params = list(posterior.params)
    outputs = model.replace_rvs_by_values([model[p] for p in params])
    to_params = get_jaxified_graph(inputs=inputs, outputs=outputs)

    def logprior(x):
        return prior_fn(*unravel(x))[0]

    def loglikelihood(x):
        return likelihood_fn(*unravel(x))[0]

    def transform(x):
        return dict(zip(params, to_params(*unravel(x))))

    return SmcTarget(logprior, loglikelihood, particles, transform, params, time.time() - start)


def irmh_step(rng_key, state, logdensity, means, cov):
    """One IRMH step with a N(means, cov) proposal (the sampling book's ``step`` of ``irmh_full_cov_experiment``)."""
    import jax
    import jax.scipy.stats as jstats
    from blackjax.mcmc.random_walk import build_irmh

    def proposal_distribution(key):
        return jax.random.multivariate_normal(key, means, cov)

    def proposal_logdensity_fn(proposal, state):
        return jstats.multivariate_normal.logpdf(state.position, means, cov)

    return build_irmh()(rng_key, state, logdensity, proposal_distribution, proposal_logdensity_fn)


def proposal_parameters(particles):
    """The IRMH proposal's mean and covariance from the particles, shared by all (``extend_params``)."""
    import jax.numpy as jnp
    from blackjax.smc import extend_params
    from blackjax.smc.tuning.from_particles import particles_covariance_matrix, particles_means

    cov = jnp.atleast_2d(particles_covariance_matrix(particles))
    cov = cov + COV_JITTER * jnp.eye(cov.shape[0])
    return extend_params({"means": particles_means(particles), "cov": cov})


def run_smc(target: SmcTarget, rng_key) -> dict:
    """Adaptive tempered SMC with IRMH inner-kernel tuning, then the final move at temperature 1.

    Returns the final (equally weighted) unconstrained particles and per-stage statistics; the time
    windows are ``loop_start`` / ``loop_end`` (time.time()).
    """
    import blackjax
    import jax
    import jax.numpy as jnp
    from blackjax.mcmc.random_walk import init as irmh_init
    from blackjax.smc import resampling, solver
    from blackjax.smc import tempered

    smc = blackjax.inner_kernel_tuning(
        smc_algorithm=blackjax.adaptive_tempered_smc,
        logprior_fn=target.logprior, loglikelihood_fn=target.loglikelihood,
        mcmc_step_fn=irmh_step, mcmc_init_fn=irmh_init, resampling_fn=resampling.systematic,
        mcmc_parameter_update_fn=lambda key, state, info: proposal_parameters(state.particles),
        initial_parameter_value=proposal_parameters(target.particles),
        num_mcmc_steps=NUM_MCMC_STEPS, target_ess=TARGET_ESS, root_solver=solver.dichotomy,
    )
    final_kernel = tempered.build_kernel(target.logprior, target.loglikelihood, irmh_step, irmh_init,
                                         resampling.systematic)

    def stage(key, state):
        state, info = smc.step(key, state)
        return state, (info.log_likelihood_increment, jnp.mean(info.update_info.acceptance_rate),
                       state.sampler_state.tempering_param)

    def final(key, state):
        sampler_state, info = final_kernel(key, state.sampler_state, NUM_MCMC_STEPS, 1.0, state.parameter_override)
        return sampler_state.particles, (info.log_likelihood_increment, jnp.mean(info.update_info.acceptance_rate))

    stage, final = jax.jit(stage), jax.jit(final)
    loop_start = time.time()
    state = smc.init(target.particles)
    temperatures, increments, acceptance = [], [], []
    tempering = 0.0
    while tempering < 1.0 and len(temperatures) < MAX_STAGES:
        rng_key, key = jax.random.split(rng_key)
        state, (increment, accept, tempering) = stage(key, state)
        increment, accept, tempering = float(increment), float(accept), float(tempering)
        temperatures.append(tempering)
        increments.append(increment)
        acceptance.append(accept)
    rng_key, key = jax.random.split(rng_key)
    particles, (final_increment, final_accept) = final(key, state)
    particles = jax.block_until_ready(particles)
    loop_end = time.time()
    return {"particles": particles, "temperatures": temperatures, "increments": increments,
            "acceptance": acceptance, "final_increment": float(final_increment),
            "final_acceptance": float(final_accept), "loop_start": loop_start, "loop_end": loop_end,
            "reached_one": tempering >= 1.0}


class NumpyroSmc(Method):
    """BlackJAX adaptive tempered SMC (IRMH inner kernel tuned from the particles) on the NumPyro twin."""

    name = "numpyro.smc"
    family = "smc"
    backend = "numpyro"
    description = ("BlackJAX adaptive tempered SMC, target ESS 0.5, systematic resampling, IRMH inner kernel "
                   "(particles' mean and covariance, inner_kernel_tuning), 20 steps per stage, "
                   "chains x draws particles, float64")
    devices = ("cpu", "gpu")

    def target(self, posterior, data: dict, config: RunConfig, n_particles: int, rng_key) -> SmcTarget:
        return numpyro_smc_target(posterior, data, config, n_particles, rng_key)

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """One population of ``config.chains * config.draws`` particles, returned shaped (chains, draws).

        Timings: ``compile`` = the target's set-up (model build, prior draws, unconstraining) + JAX
        compile time inside the SMC loop (CompileTimer); ``warmup`` = 0 (every tempering stage is part of
        producing the draws); ``sampling`` = the SMC loop's wall time, all stages and the final move,
        less its compile time. ``grad_evals`` are 0 (IRMH uses no gradient); ``extra["logp_evals"]``
        counts the IRMH proposals evaluated (prior and likelihood at each).
        """
        import jax

        from harness.methods.jax_compile_timer import CompileTimer

        jax.config.update("jax_enable_x64", True)
        n_particles = config.chains * config.draws
        timer = CompileTimer()
        try:
            start = time.time()
            target_key, smc_key = jax.random.split(jax.random.PRNGKey(config.seed))
            target = self.target(posterior, data, config, n_particles, target_key)
            run = run_smc(target, smc_key)
            draws = {k: np.asarray(v) for k, v in jax.jit(jax.vmap(target.transform))(run["particles"]).items()}
            end = time.time()
            compile_loop = timer.seconds_between(run["loop_start"], run["loop_end"])
            compile_all = timer.seconds_between(start, end)
        finally:
            timer.close()
        stages = len(run["temperatures"])
        log_evidence = float(np.sum(run["increments"])) + run["final_increment"]
        log_evidence = log_evidence if math.isfinite(log_evidence) else None
        moves = (stages + 1) * NUM_MCMC_STEPS
        options = posterior.model_options(**config.options)
        tuning = {
            "algorithm": "blackjax.inner_kernel_tuning(blackjax.adaptive_tempered_smc)",
            "target_ess": TARGET_ESS, "resampling": "systematic", "root_solver": "dichotomy",
            "inner_kernel": "irmh", "num_mcmc_steps": NUM_MCMC_STEPS,
            "proposal": "multivariate normal, mean and full covariance of the previous stage's particles "
                        f"(+ {COV_JITTER} I); initially of the prior particles",
            "final_move": "one resample + num_mcmc_steps IRMH moves at temperature 1 (log-evidence increment 0)",
            "particles": n_particles, "initial_particles": "prior draws, unconstrained",
            "source": "BlackJAX sampling book, TemperedSMCWithOptimizedInnerKernel (irmh_full_cov_experiment: "
                      "target_ess 0.5, 20 steps, systematic); blackjax 1.7 adaptive_tempered / inner_kernel_tuning",
        }
        extra = {
            "tuning": tuning, "precision": "float64", "devices": [str(d) for d in jax.devices()],
            "log_evidence": log_evidence,
            "log_evidence_note": "sum over stages of info.log_likelihood_increment (log mean incremental weight)",
            "stages": stages, "tempering_schedule": run["temperatures"],
            "log_likelihood_increments": run["increments"],
            "acceptance_rate_per_stage": run["acceptance"], "final_acceptance_rate": run["final_acceptance"],
            "reached_temperature_one": run["reached_one"],
            "logp_evals": int(moves * n_particles),
            "logp_evals_note": "IRMH proposals evaluated (log prior + log likelihood each): particles x "
                               "num_mcmc_steps x (stages + final move); the ESS solver's and reweighting's "
                               "likelihood evaluations (2 per particle per stage) are not counted",
            "setup_seconds": target.setup_seconds,
            "timing_note": "compile = target set-up (model, prior draws) + JAX compile in the SMC loop; warmup = 0; "
                           "sampling = the SMC loop (all stages + final move) less its compile time",
            "grad_evals_note": "IRMH proposals use no gradients",
            "draws_note": "one population of chains x draws equally weighted particles, shaped chains x draws "
                          "in BlackJAX's order",
            **evidence_extra(posterior.name, data, options, log_evidence),
        }
        loop = run["loop_end"] - run["loop_start"]
        return SamplerOutput(
            draws={p: as_chains(draws[p], config.chains, config.draws) for p in posterior.params},
            timings={"compile": target.setup_seconds + compile_loop, "warmup": 0.0,
                     "sampling": max(loop - compile_loop, 0.0), "total": end - start},
            grad_evals_warmup=0, grad_evals_sampling=0,
            extra={**extra, "compile_seconds_all": compile_all},
        )


class PymcBlackjaxSmc(NumpyroSmc):
    """As ``numpyro.smc`` on the PyMC twin: PyMC's prior / likelihood split (``varlogp`` / ``datalogp``) in JAX."""

    name = "pymc.blackjax_smc"
    backend = "pymc"
    description = ("BlackJAX adaptive tempered SMC on the PyMC twin (JAX), target ESS 0.5, systematic resampling, "
                   "IRMH inner kernel (particles' mean and covariance), 20 steps per stage, float64")

    def target(self, posterior, data: dict, config: RunConfig, n_particles: int, rng_key) -> SmcTarget:
        return pymc_smc_target(posterior, data, config, n_particles, config.seed)
