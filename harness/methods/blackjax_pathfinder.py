"""``numpyro.pathfinder`` and ``pymc.blackjax_pathfinder``: BlackJAX multi-path Pathfinder (Zhang, Carpenter,
Gelman & Vehtari 2022) on either twin's flat JAX log density (``jax_target(...).flat()``).

Multi-path, not single-path: the paper's recommended algorithm (its Algorithm 2: independent L-BFGS paths,
each path's best normal approximation by ELBO, then Pareto-smoothed importance resampling over the pooled
draws) is what Stan/CmdStanPy and pymc-extras run by default, and BlackJAX's own ``pathfinder_adaptation``
docstring calls the multi-path dispatch "paper-canonical". BlackJAX 1.7.1 provides it as
``blackjax.multipathfinder`` (``init`` = ``multi_approximate``, ``sample`` = PSIS-weighted resampling with
replacement from the pool). BlackJAX has no default number of paths (it takes one initial position per path),
so ``NUM_PATHS`` = 4, the default of Stan and of ``pymc_extras.fit_pathfinder``; the initial positions are
the twin's own (NumPyro ``init_to_uniform``; PyMC's jittered initial points), one per path. Every other
setting is BlackJAX's default, read from the installed ``multi_approximate`` signature and recorded in
``extra["tuning"]``: ``num_samples`` (draws per path for each iteration's ELBO estimate and for the
importance-sampling pool), ``maxiter``, ``maxcor``, ``maxls``, ``gtol``, ``ftol``.

Gradient evaluations are counted, not estimated: BlackJAX returns neither the L-BFGS iteration count nor the
number of evaluations, so after the timed run each path's L-BFGS is replayed, untimed, with
``blackjax.optimizers.lbfgs.minimize_lbfgs`` (the optimiser ``pathfinder.approximate`` runs, same objective,
start and settings; L-BFGS uses no random numbers, so the replay takes the same steps) on the log density
wrapped in a ``jax.custom_vjp`` whose backward pass reports each gradient to the host
(``jax.debug.callback``). That gives each path's gradient evaluations (initial point, zoom line-search trials,
the re-evaluation at each accepted point) and iteration count.
"""
from __future__ import annotations

import inspect
import time
from typing import Callable

import numpy as np

from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput
from harness.methods.vi import as_chains

NUM_PATHS = 4  # Stan's and pymc_extras.fit_pathfinder's default number of paths
LBFGS_SETTINGS = ("maxiter", "maxcor", "maxls", "gtol", "ftol")
GRAD_EVALS_NOTE = ("sum over paths of L-BFGS gradient evaluations (value and gradient of the log density), "
                   "counted by replaying each path's L-BFGS (blackjax.optimizers.lbfgs.minimize_lbfgs, same "
                   "settings; deterministic) with a custom_vjp that reports every gradient to the host; the "
                   "value-only log-density evaluations of the ELBO estimates and the importance-sampling pool "
                   "are in extra['logdensity_evals_value_only']")


def blackjax_defaults(fn: Callable) -> dict:
    """The keyword defaults of a BlackJAX function, as installed (what a call that omits them uses)."""
    return {name: p.default for name, p in inspect.signature(fn).parameters.items()
            if p.default is not inspect.Parameter.empty}


def pathfinder_settings() -> dict:
    """BlackJAX's defaults for (multi-path) Pathfinder: ``num_samples`` and the L-BFGS settings."""
    from blackjax.vi.multipathfinder import multi_approximate

    defaults = blackjax_defaults(multi_approximate)
    return {name: defaults[name] for name in ("num_samples", *LBFGS_SETTINGS)}


def count_lbfgs(logdensity_fn: Callable, positions, settings: dict) -> tuple[list[int], list[int]]:
    """(gradient evaluations, iterations) of Pathfinder's L-BFGS from each flat initial position (rows).

    Replays ``pathfinder.approximate``'s optimisation, ``minimize_lbfgs(-logdensity, x0, maxiter, maxcor,
    gtol, ftol, maxls)``, with the objective wrapped so that each reverse pass (one gradient) calls back to
    the host. Paths run one at a time (one compile), so a path that stops early is not charged for the
    others' iterations as it would be under ``vmap``.
    """
    import jax
    from blackjax.optimizers.lbfgs import minimize_lbfgs

    calls = [0]

    def add(_):
        calls[0] += 1

    @jax.custom_vjp
    def objective(x):
        return -logdensity_fn(x)

    def forward(x):
        return jax.vjp(lambda y: -logdensity_fn(y), x)

    def backward(vjp, cotangent):
        jax.debug.callback(add, cotangent)
        return vjp(cotangent)

    objective.defvjp(forward, backward)

    def run(x0):
        step, _ = minimize_lbfgs(objective, x0, maxiter=settings["maxiter"], maxcor=settings["maxcor"],
                                 gtol=settings["gtol"], ftol=settings["ftol"], maxls=settings["maxls"])
        return step.state.iter_num

    run = jax.jit(run)
    grads, iterations = [], []
    for x0 in np.asarray(positions):
        calls[0] = 0
        iterations.append(int(jax.block_until_ready(run(x0))))
        jax.effects_barrier()  # every callback has run
        grads.append(calls[0])
    return grads, iterations


class BlackjaxPathfinder(Method):
    """``blackjax.multipathfinder`` (BlackJAX defaults, ``NUM_PATHS`` paths), then ``chains * draws`` draws by PSIS resampling."""

    name = ""
    family = "vi"
    devices = ("cpu", "gpu")
    description = ""

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Fit the paths (one jitted ``multipathfinder.init``), resample ``chains * draws`` draws, constrain.

        Draws are shaped (config.chains, config.draws) like a NUTS run's; the split is only a shape. They are
        resampled with replacement from a pool of ``NUM_PATHS * num_samples`` draws, so they repeat when more
        are asked for than the pool holds (the ESS then reflects it). Timings: ``compile`` = model build, log
        density and initial points (``jax_target``) + JAX compile time of the fit, the resampling and the
        back-transform (CompileTimer); ``warmup`` = 0 (VI has none); ``sampling`` = the fit's wall time (all
        paths' L-BFGS, ELBO estimates and pool draws) less its compile time; ``extra["draw_seconds"]`` = PSIS
        resampling + back-transform less compile (in ``total``, not in ``sampling``). The untimed gradient
        count replay (module docstring) is ``extra["count_seconds"]``, outside ``total``.
        """
        import jax
        import blackjax
        from blackjax.vi.multipathfinder import psis_weights

        from harness.methods.jax_compile_timer import CompileTimer
        from harness.methods.jax_target import constrain, jax_target

        settings = pathfinder_settings()
        timer = CompileTimer()
        try:
            start = time.time()
            target = jax_target(posterior, data, config, self.backend, chains=NUM_PATHS)
            logdensity, positions, transform = target.flat()
            fit_key, draw_key = jax.random.split(jax.random.PRNGKey(config.seed))
            algorithm = blackjax.multipathfinder(logdensity)
            fit = jax.jit(algorithm.init)
            n = config.chains * config.draws

            @jax.jit
            def resample(key, state):
                log_weights, pareto_k = psis_weights(state)
                return algorithm.sample(key, state, n), pareto_k, log_weights

            fit_start = time.time()
            state, info = jax.block_until_ready(fit(fit_key, positions))
            fit_end = time.time()
            flat, pareto_k, log_weights = jax.block_until_ready(resample(draw_key, state))
            constrained = constrain(transform, as_chains(flat, config.chains, config.draws))
            end = time.time()
            compile_fit = timer.seconds_between(fit_start, fit_end)
            compile_after = timer.seconds_between(fit_end, end)
            setup = fit_start - start
        finally:
            timer.close()
        count_start = time.time()
        grads, iterations = count_lbfgs(logdensity, positions, settings)
        count_seconds = time.time() - count_start
        path_elbo = [float(e) for e in np.asarray(state.path_states.elbo)]
        weights = np.exp(np.asarray(log_weights, dtype=np.float64))
        value_only = NUM_PATHS * settings["num_samples"] * (settings["maxiter"] + 2)
        return SamplerOutput(
            draws={p: constrained[p] for p in posterior.params},
            timings={"compile": setup + compile_fit + compile_after, "warmup": 0.0,
                     "sampling": fit_end - fit_start - compile_fit, "total": end - start},
            grad_evals_warmup=0,
            grad_evals_sampling=int(sum(grads)),
            vi={"method": "multipathfinder", "steps": int(sum(iterations)), "lbfgs_iterations": iterations,
                "num_paths": NUM_PATHS, "path_elbo": path_elbo,
                "final_elbo": max(path_elbo) if np.isfinite(max(path_elbo)) else None,
                "pareto_k": float(pareto_k),
                "importance_ess": float(1.0 / np.sum(weights ** 2)) if np.all(np.isfinite(weights)) else None},
            extra={"tuning": {"algorithm": "blackjax.multipathfinder", "num_paths": NUM_PATHS,
                              "num_paths_source": "Stan / pymc_extras.fit_pathfinder default (BlackJAX has none)",
                              **settings, "settings_source": "blackjax.vi.multipathfinder.multi_approximate defaults",
                              "importance_sampling": "psis (blackjax.multipathfinder.sample: PSIS weights, "
                                                     "resampling with replacement)",
                              "initial_points": ("numpyro init_to_uniform" if self.backend == "numpyro"
                                                 else "PyMC jittered initial points"),
                              "num_draws": n},
                   "precision": "float64", "devices": [str(d) for d in jax.devices()],
                   "pareto_k": float(pareto_k),
                   "grad_evals_per_path": grads,
                   "logdensity_evals_value_only": value_only,
                   "draw_seconds": end - fit_end - compile_after, "setup_seconds": setup,
                   "count_seconds": count_seconds,
                   "timing_note": "sampling = multipathfinder.init wall time (all paths) less its JAX compile "
                                  "time; compile includes model build and initial points; warmup = 0 (none)",
                   "grad_evals_note": GRAD_EVALS_NOTE,
                   "logdensity_evals_note": "value-only: num_samples draws at each of the maxiter + 1 points of "
                                            "every path (BlackJAX evaluates the ELBO at all of them, also past "
                                            "an early stop) plus num_samples pool draws per path",
                   "draws_note": "PSIS-resampled with replacement from the paths' pooled draws, shaped chains x draws"},
        )


class NumpyroPathfinder(BlackjaxPathfinder):
    """Multi-path Pathfinder on the NumPyro twin's potential (``-potential_fn``)."""

    name = "numpyro.pathfinder"
    backend = "numpyro"
    gradient_backend = "numpyro_jax"
    description = "BlackJAX multi-path Pathfinder (4 paths, PSIS resampling, BlackJAX defaults) on the NumPyro twin, float64"


class PymcBlackjaxPathfinder(BlackjaxPathfinder):
    """Multi-path Pathfinder on the PyMC twin's JAX log density (``get_jaxified_logp``, Jacobians included)."""

    name = "pymc.blackjax_pathfinder"
    backend = "pymc"
    gradient_backend = "pymc_jax"
    description = "BlackJAX multi-path Pathfinder (4 paths, PSIS resampling, BlackJAX defaults) on the PyMC twin, float64"
