"""The same NUTS calls the harness makes, written by hand as a user would, for the overhead study.

``python -m harness.studies.handwritten METHOD POSTERIOR DRAWS TUNE CHAINS SEED`` prints one JSON
line: the minimum bulk ESS (ArviZ) and the wall time of the library calls.
"""
from __future__ import annotations

import json
import os
import sys
import time


def pymc_by_hand(posterior, data, draws, tune, chains, seed, backend=None):
    """``pm.sample(nuts_sampler="pymc")`` with the same arguments as ``pymc.nuts`` (and, like it, PyMC's
    documented BLAS-thread limit set where PyMC 6.4 misses it); returns (posterior draws, seconds)."""
    import pymc as pm

    from harness.methods.pymc_nuts import main_process_blas_limit

    start = time.time()
    model = posterior.pymc_build()(data, **posterior.model_options())
    cores = min(chains, os.cpu_count() or 1)
    with main_process_blas_limit():
        idata = pm.sample(draws=draws, tune=tune, chains=chains, cores=cores,
                          random_seed=seed, model=model, nuts_sampler="pymc", progressbar=False,
                          discard_tuned_samples=False, compute_convergence_checks=False,
                          **({"backend": backend} if backend else {}))
    return {p: idata.posterior[p].values for p in posterior.params}, time.time() - start


def numpyro_by_hand(posterior, data, draws, tune, chains, seed):
    """NumPyro ``MCMC(NUTS).run``, one call as NumPyro's docs run it; returns (draws, seconds)."""
    import jax
    from numpyro.infer import MCMC, NUTS

    jax.config.update("jax_enable_x64", True)
    start = time.time()
    options = posterior.model_options()
    mcmc = MCMC(NUTS(posterior.numpyro_model()), num_warmup=tune, num_samples=draws, num_chains=chains,
                chain_method="parallel", progress_bar=False)
    mcmc.run(jax.random.PRNGKey(seed), data, **options)
    samples = jax.block_until_ready(mcmc.get_samples(group_by_chain=True))
    return {p: samples[p] for p in posterior.params}, time.time() - start


def pymc_default_by_hand(posterior, data, draws, tune, chains, seed):
    """``pm.sample()`` with only draws, tune, chains and seed, as ``pymc.default``; returns (draws, seconds).

    nutpie (the sampler ``pm.sample`` picks) is imported before the clock starts, as the harness does: library
    imports are outside every timed span (``import nutpie`` alone takes 0.5-1.2 s here)."""
    import nutpie  # noqa: F401
    import pymc as pm

    start = time.time()
    model = posterior.pymc_build()(data, **posterior.model_options())
    idata = pm.sample(draws=draws, tune=tune, chains=chains, random_seed=seed, model=model, progressbar=False,
                      discard_tuned_samples=False)
    return {p: idata.posterior[p].values for p in posterior.params}, time.time() - start


def nutpie_by_hand(posterior, data, draws, tune, chains, seed, compile_kwargs=None, sample_kwargs=None):
    """``nutpie.sample(nutpie.compile_pymc_model(model))`` as ``pymc.nutpie``; returns (draws, seconds). JAX, when
    the compile backend is JAX, is imported before the clock starts, as the harness does."""
    import nutpie

    if (compile_kwargs or {}).get("backend") == "jax":
        import jax  # noqa: F401

    start = time.time()
    model = posterior.pymc_build()(data, **posterior.model_options())
    compiled = nutpie.compile_pymc_model(model, **(compile_kwargs or {}))
    idata = nutpie.sample(compiled, draws=draws, tune=tune, chains=chains, cores=min(chains, os.cpu_count() or 1),
                          seed=seed, save_warmup=True, progress_bar=False, **(sample_kwargs or {}))
    return {p: idata.posterior[p].values for p in posterior.params}, time.time() - start


def pymc_numpyro_by_hand(posterior, data, draws, tune, chains, seed):
    """``pm.sample(nuts_sampler="numpyro")`` with parallel chains, as ``pymc.numpyro``; returns (draws, seconds).
    NumPyro and PyMC's JAX sampling module are imported before the clock starts, as the harness does."""
    import jax

    jax.config.update("jax_enable_x64", True)
    import numpyro.infer  # noqa: F401
    import pymc as pm
    import pymc.sampling.jax  # noqa: F401

    start = time.time()
    model = posterior.pymc_build()(data, **posterior.model_options())
    idata = pm.sample(draws=draws, tune=tune, chains=chains, random_seed=seed, model=model, nuts_sampler="numpyro",
                      nuts={"chain_method": "parallel"}, progressbar=False, compute_convergence_checks=False)
    return {p: idata.posterior[p].values for p in posterior.params}, time.time() - start


HANDWRITTEN = {
    "pymc.default": pymc_default_by_hand,
    "pymc.nuts": pymc_by_hand,
    "pymc.nuts_c": lambda *a: pymc_by_hand(*a, backend="c"),
    "pymc.nutpie": nutpie_by_hand,
    "pymc.nutpie_lowrank": lambda *a: nutpie_by_hand(*a, sample_kwargs={"adaptation": "low_rank"}),
    "pymc.nutpie_jax": lambda *a: nutpie_by_hand(*a, compile_kwargs={"backend": "jax", "gradient_backend": "jax"}),
    "pymc.numpyro": pymc_numpyro_by_hand,
    "numpyro.nuts": numpyro_by_hand,
}
NO_HAND_TWIN = {  # why a NUTS-family method has no hand-written twin to compare with
    "pymc.blackjax": "no user-facing path runs (pm.sample(nuts_sampler='blackjax') fails); twinbench's driver is the hand-written code",
    "numpyro.blackjax": "BlackJAX has no one-call sampler; twinbench's window-adaptation + NUTS loop is the hand-written code",
}


def main(argv: list[str]) -> int:
    """Run one hand-written call and print its ESS and wall time as JSON."""
    method, name, draws, tune, chains, seed = argv[0], argv[1], *map(int, argv[2:6])
    from harness.execution.device import configure_jax

    configure_jax("cpu", chains)
    from harness.quality.diagnostics import draw_diagnostics
    from models import catalog

    posterior = catalog.get(name)
    draws_out, seconds = HANDWRITTEN[method](posterior, posterior.load_data(), draws, tune, chains, seed)
    print(json.dumps({"ess_bulk_min": draw_diagnostics(draws_out)["ess_bulk_min"], "seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
