"""``numpyro.pathfinder_nuts`` and ``pymc.pathfinder_nuts``: BlackJAX NUTS initialised and tuned by Pathfinder
(``blackjax.pathfinder_adaptation``), on either twin's flat JAX log density.

``blackjax.pathfinder_adaptation(blackjax.nuts, logdensity, num_chains=chains)`` (BlackJAX 1.7.1) runs
multi-path Pathfinder with one path per chain (its default ``n_paths = num_chains``; the dispatch its docstring
calls "paper-canonical"), draws each chain's initial point from the PSIS-resampled pool, takes a dense inverse
mass matrix shared by all chains from the PSIS-weighted mixture of the paths' L-BFGS inverse Hessians
(``imm_estimator="lbfgs_psis_mixture"``, default), then adapts each chain's step size by dual averaging over
``num_steps`` NUTS steps; here ``num_steps = config.tune`` (BlackJAX's default is 400). BlackJAX's ``run``
takes one position and replicates it across the paths, so every path starts at the twin's first initial point
(L-BFGS being deterministic, the paths' optimisations coincide; they differ in their ELBO and pool draws). With
one chain it is single-path Pathfinder (BlackJAX's original dispatch). The chains are vmapped inside BlackJAX
during adaptation whatever ``chain_method`` says; the NUTS draws afterwards reuse ``blackjax_nuts``'
``_sampling_fn`` and ``map_chains`` (so ``chain_method`` applies to them), with the adapted step sizes and the
dense matrix.
"""
from __future__ import annotations

import time

import numpy as np

from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput
from harness.methods.precision import PRECISIONS
from harness.methods.chains import LAYOUTS, chain_method

ADAPTATION_SETTINGS = ("n_paths", "num_samples_per_path", "imm_estimator", "initial_step_size")


class BlackjaxPathfinderNuts(Method):
    """Pathfinder adaptation (BlackJAX defaults, ``config.tune`` step-size steps), then ``config.draws`` NUTS draws per chain."""

    name = ""
    family = "mcmc"
    devices = ("cpu", "gpu")
    chain_methods = LAYOUTS
    precisions = PRECISIONS
    description = ""

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Adapt (one jitted ``pathfinder_adaptation.run``), then sample every chain.

        Timings: ``compile`` = model build, log density and initial points + JAX compile time of the
        adaptation, the sampling and the back-transform; ``warmup`` = the adaptation's wall time (Pathfinder
        and the dual-averaging NUTS steps) less its compile; ``sampling`` = the NUTS draws less compile.
        ``grad_evals_warmup`` = the adaptation's NUTS integration steps (summed over chains) + Pathfinder's
        L-BFGS gradient evaluations (``n_paths`` x those of the one path, counted by an untimed replay as in
        ``blackjax_pathfinder.count_lbfgs``; its value-only ELBO evaluations are not included);
        ``grad_evals_sampling`` = the NUTS integration steps of the draws.
        """
        import jax
        import jax.numpy as jnp
        import blackjax
        from blackjax.adaptation.base import get_filter_adapt_info_fn

        from harness.methods.blackjax_nuts import WARMUP_INFO, _sampling_fn, map_chains
        from harness.methods.blackjax_pathfinder import blackjax_defaults, count_lbfgs, pathfinder_settings
        from harness.methods.jax_compile_timer import CompileTimer
        from harness.methods.jax_target import finish, jax_target

        chains = config.chains
        defaults = blackjax_defaults(blackjax.pathfinder_adaptation)
        n_paths = defaults["n_paths"] if defaults["n_paths"] is not None else chains
        lbfgs = {k: v for k, v in pathfinder_settings().items() if k != "num_samples"}
        method = chain_method(config)
        timer = CompileTimer()
        try:
            start = time.time()
            target = jax_target(posterior, data, config, self.backend)
            logdensity, positions, transform = target.flat()
            adapt_key, sample_key = jax.random.split(jax.random.PRNGKey(config.seed))
            adaptation = blackjax.pathfinder_adaptation(
                blackjax.nuts, logdensity, num_chains=chains, target_acceptance_rate=config.target_accept,
                adaptation_info_fn=get_filter_adapt_info_fn(info_keys=WARMUP_INFO))
            warmup = jax.jit(lambda key, position: adaptation.run(key, position, num_steps=config.tune))
            sample = map_chains(_sampling_fn(logdensity, config.draws), method, chains)
            setup = time.time() - start

            def draw(adapted):
                (state, parameters), _ = adapted
                step_size = parameters["step_size"]
                if chains == 1:  # BlackJAX's single-chain dispatch has no chain axis
                    state, step_size = jax.tree.map(lambda x: jnp.asarray(x)[None], (state, step_size))
                inverse_mass_matrix = jnp.broadcast_to(parameters["inverse_mass_matrix"],
                                                       (chains, *parameters["inverse_mass_matrix"].shape))
                return sample(jax.random.split(sample_key, chains), state, step_size, inverse_mass_matrix)

            ((_, parameters), info), (draws, steps, divergent), timings = timer.two_phases(
                lambda: warmup(adapt_key, positions[0]), draw)
            step_size = np.asarray(parameters["step_size"]).reshape(-1)
            steps_warmup, divergent_warmup = info.info.num_integration_steps, info.info.is_divergent
            done = finish(transform, draws, timer, start, setup, timings)
        finally:
            timer.close()
        count_start = time.time()
        path_grads, path_iterations = count_lbfgs(logdensity, np.asarray(positions)[:1], lbfgs)
        count_seconds = time.time() - count_start
        pathfinder_grads = n_paths * path_grads[0]
        pareto_k = parameters.get("_pathfinder_psis_pareto_k")
        nuts_warmup = int(np.asarray(steps_warmup).sum())
        return SamplerOutput(
            draws={p: done.draws[p] for p in posterior.params},
            timings=done.timings,
            grad_evals_warmup=nuts_warmup + pathfinder_grads,
            grad_evals_sampling=int(np.asarray(steps).sum()),
            divergences=int(np.asarray(divergent).sum()),
            step_size=float(np.mean(np.asarray(step_size))),
            extra={"tuning": {"adaptation": "blackjax.pathfinder_adaptation(blackjax.nuts)", "num_chains": chains,
                              **{k: defaults[k] for k in ADAPTATION_SETTINGS}, "n_paths_used": n_paths,
                              "num_steps": config.tune, "num_steps_source": "config.tune (BlackJAX default 400)",
                              "target_acceptance_rate": config.target_accept, "lbfgs": lbfgs,
                              "source": "blackjax.pathfinder_adaptation and multi_approximate defaults (1.7.1)",
                              "mass_matrix": "dense, shared by all chains",
                              "initial_position": "the twin's first initial point, replicated across paths by BlackJAX"},
                   "chain_method": method, "adaptation_chains": "vmapped inside BlackJAX",
                   **done.extra,
                   "pareto_k": None if pareto_k is None else float(pareto_k),
                   "divergences_warmup": int(np.asarray(divergent_warmup).sum()),
                   "grad_evals_warmup_nuts": nuts_warmup, "grad_evals_warmup_pathfinder": pathfinder_grads,
                   "lbfgs_iterations_per_path": path_iterations[0],
                   "step_size_per_chain": [float(s) for s in np.asarray(step_size)],
                   "count_seconds": count_seconds,
                   "grad_evals_note": "warm-up = NUTS integration steps of the step-size adaptation + n_paths x the "
                                      "L-BFGS gradient evaluations of one path (all paths start at one point; "
                                      "counted by an untimed replay); sampling = NUTS integration steps"},
        )


class NumpyroPathfinderNuts(BlackjaxPathfinderNuts):
    """Pathfinder-adapted BlackJAX NUTS on the NumPyro twin's potential."""

    name = "numpyro.pathfinder_nuts"
    backend = "numpyro"
    gradient_backend = "numpyro_jax"
    description = "BlackJAX NUTS with Pathfinder adaptation (dense mass matrix, multi-path init) on the NumPyro twin, float64"


class PymcPathfinderNuts(BlackjaxPathfinderNuts):
    """Pathfinder-adapted BlackJAX NUTS on the PyMC twin's JAX log density."""

    name = "pymc.pathfinder_nuts"
    backend = "pymc"
    gradient_backend = "pymc_jax"
    description = "BlackJAX NUTS with Pathfinder adaptation (dense mass matrix, multi-path init) on the PyMC twin, float64"
