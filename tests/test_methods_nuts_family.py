"""The NUTS-family methods (nutpie, NumPyro and BlackJAX on either twin): complete records, agreement.

Runs are in-process (``method.run``), so chains are laid out ``sequential``: parallel chains
need one XLA device per chain, which only the worker process sets up.
"""
import numpy as np
import pytest

from harness.records.config import RunConfig
from harness.methods.numpyro_blackjax import NumpyroBlackjax
from harness.methods.pymc_blackjax import PymcBlackjax
from harness.methods.pymc_default import PymcDefault
from harness.methods.pymc_numpyro import PymcNumpyro
from harness.methods.pymc_nutpie import PymcNutpie, PymcNutpieJax, PymcNutpieLowRank
from harness.methods.pymc_nuts import PymcNutsC
from harness.quality.reference import agreement_with_reference, load_reference
from models import catalog

from helpers import layout_for

METHODS = [PymcDefault(), PymcNutpie(), PymcNutpieLowRank(), PymcNutpieJax(), PymcNumpyro(), PymcBlackjax(),
           NumpyroBlackjax()]
RECORD_ONLY = [PymcNutsC()]  # slow to compile; its sampler is pymc.nuts's, which test_runs checks in full
POSTERIORS = ["eight_schools-noncentered", "linreg_sim-linear_regression"]
TINY = RunConfig(draws=30, tune=30, chains=1, seed=0)
MODERATE = RunConfig(draws=1000, tune=1000, chains=2, seed=3, chain_method="sequential")
SPLIT_TIMINGS = {"compile", "warmup", "sampling", "total"}


def _ids(methods):
    return [m.name for m in methods]


@pytest.mark.sampling
@pytest.mark.parametrize("name", POSTERIORS)
@pytest.mark.parametrize("method", METHODS + RECORD_ONLY, ids=_ids(METHODS + RECORD_ONLY))
def test_method_produces_a_complete_record(method, name):
    posterior = catalog.get(name)
    data = posterior.load_data()
    record = method.run(posterior, data, TINY)
    assert record.ok, record.status
    assert record.method == method.name and record.config["draws"] == 30
    assert {e.split("[")[0] for e in record.ess_bulk} == set(posterior.params)
    for field in ("ess_bulk_min", "ess_tail_min", "ess_per_sec_total", "grad_evals_sampling", "ess_per_grad",
                  "divergences", "step_size", "peak_rss_mb"):
        assert getattr(record, field) is not None, field
    assert record.grad_evals_sampling >= 30 and record.step_size > 0
    assert all(np.isfinite(v) and v >= 0 for v in record.timings.values())
    assert set(record.timings) == SPLIT_TIMINGS
    assert record.grad_evals_warmup >= 30 and record.ess_per_sec is not None
    assert record.grad_evals == record.grad_evals_warmup + record.grad_evals_sampling
    parts = record.timings["compile"] + record.timings["warmup"] + record.timings["sampling"]
    assert parts <= record.timings["total"] * 1.05
    assert record.timings["compile"] > 0


@pytest.mark.sampling
@pytest.mark.parametrize("name", POSTERIORS)
@pytest.mark.parametrize("method", METHODS, ids=_ids(METHODS))
def test_method_agrees_with_the_reference(method, name):
    if load_reference(name) is None:
        assert name != "eight_schools-noncentered", "missing results/inputs/reference/eight_schools-noncentered.json"
        pytest.skip(f"no reference for {name} yet")
    posterior = catalog.get(name)
    record = method.run(posterior, posterior.load_data(), layout_for(method, MODERATE))
    assert record.ok, record.status
    assert record.divergences <= 0.01 * MODERATE.chains * MODERATE.draws
    agreement = agreement_with_reference(record)
    assert agreement is not None
    assert agreement["agrees"], (method.name, name, agreement["failures"])


JAX_CHAIN_METHODS = [PymcNumpyro(), PymcBlackjax(), NumpyroBlackjax()]


@pytest.mark.parametrize("method", JAX_CHAIN_METHODS, ids=_ids(JAX_CHAIN_METHODS))
def test_parallel_chains_without_a_device_each_are_unsupported_not_rerouted(method):
    import jax

    posterior = catalog.get("eight_schools-noncentered")
    reason = method.supports(posterior, RunConfig(chains=jax.local_device_count() + 1, chain_method="parallel"))
    assert reason and "one cpu device per chain" in reason
    assert method.supports(posterior, RunConfig(chains=2, chain_method="sequential")) is None


@pytest.mark.sampling
def test_pymc_default_records_the_sampler_pymc_chose():
    from unittest import mock

    import pymc.sampling.mcmc as pymc_mcmc

    posterior = catalog.get("eight_schools-noncentered")
    with_nutpie = PymcDefault().run(posterior, posterior.load_data(), TINY)
    assert with_nutpie.ok and with_nutpie.extra["sampler"] == "nutpie"
    assert with_nutpie.extra["pytensor_linker"] == "NumbaLinker"
    with mock.patch.object(pymc_mcmc, "NUTPIE_INSTALLED", False):
        without = PymcDefault().run(posterior, posterior.load_data(), TINY)
    assert without.ok and without.extra["sampler"] == "pymc"
    assert without.grad_evals_warmup >= 30 and set(without.timings) == SPLIT_TIMINGS


@pytest.mark.sampling
def test_pymc_nuts_c_compiles_with_the_c_backend_and_pymc_nuts_with_numba():
    from harness.methods.pymc_nuts import PymcNuts

    posterior = catalog.get("eight_schools-noncentered")
    record = PymcNuts().run(posterior, posterior.load_data(), TINY)
    assert record.ok and record.extra["pytensor_linker"] == "NumbaLinker" and record.extra["sampler"] == "pymc"
    assert PymcNutsC.compile_backend == "c"
