"""The BlackJAX samplers beyond window-adapted NUTS (MAMS, unadjusted MCLMC, low-rank NUTS): complete
records on both twins, agreement with the reference (MCLMC: its bias measured), gradient counts.

Runs are in-process (``method.run``): the NumPyro twin's tiny run lays 2 chains out ``vectorized``, the
PyMC twin's runs 1 chain (``parallel``, one device), the agreement runs are ``sequential``.
"""
import numpy as np
import pytest

from harness.records.config import RunConfig
from harness.methods.blackjax_mams import NumpyroMams, PymcMams
from harness.methods.blackjax_mams import phase_steps as mams_phases
from harness.methods.blackjax_mclmc import NumpyroMclmc, PymcMclmc
from harness.methods.blackjax_mclmc import phase_steps as mclmc_phases
from harness.methods.blackjax_nuts_lowrank import NumpyroBlackjaxLowRank, PymcBlackjaxLowRank
from harness.quality.reference import agreement_with_reference
from models import catalog

METHODS = [NumpyroMams(), PymcMams(), NumpyroMclmc(), PymcMclmc(), NumpyroBlackjaxLowRank(), PymcBlackjaxLowRank()]
POSTERIOR = "eight_schools-noncentered"
TINY = {"numpyro": RunConfig(draws=30, tune=30, chains=2, seed=0, chain_method="vectorized"),
        "pymc": RunConfig(draws=30, tune=30, chains=1, seed=0)}
MODERATE = RunConfig(draws=1000, tune=1000, chains=2, seed=3, chain_method="sequential")
SPLIT_TIMINGS = {"compile", "warmup", "sampling", "total"}


def _ids(methods):
    return [m.name for m in methods]


@pytest.mark.sampling
@pytest.mark.parametrize("method", METHODS, ids=_ids(METHODS))
def test_method_produces_a_complete_record(method):
    posterior = catalog.get(POSTERIOR)
    config = TINY[method.backend]
    record = method.run(posterior, posterior.load_data(), config)
    assert record.ok, record.status
    assert record.method == method.name and method.family == "mcmc" and record.config["draws"] == 30
    assert {e.split("[")[0] for e in record.ess_bulk} == set(posterior.params)
    for field in ("ess_bulk_min", "ess_tail_min", "ess_per_sec", "ess_per_sec_total", "ess_per_grad", "step_size",
                  "peak_rss_mb"):
        assert getattr(record, field) is not None, field
    assert (record.divergences is None) == (method.algorithm == "mclmc")
    assert record.grad_evals_warmup >= 30 * config.chains and record.grad_evals_sampling >= 30 * config.chains
    assert record.grad_evals == record.grad_evals_warmup + record.grad_evals_sampling and record.step_size > 0
    assert set(record.timings) == SPLIT_TIMINGS
    assert all(np.isfinite(v) and v >= 0 for v in record.timings.values())
    parts = record.timings["compile"] + record.timings["warmup"] + record.timings["sampling"]
    assert parts <= record.timings["total"] * 1.05 and record.timings["compile"] > 0
    extra = record.extra
    assert extra["precision"] == "float64" and extra["chain_method"] == (config.chain_method or "parallel")
    assert extra["adaptation"] and len(extra["tuning"]["step_size"]) == config.chains
    if method.algorithm in ("mams", "mclmc"):
        tuning = extra["tuning"]
        assert len(tuning["L"]) == config.chains and tuning["diagonal_preconditioning"] is True
        assert sum(tuning["phase_steps"].values()) == config.tune
    if method.algorithm == "mclmc":  # fixed-length steps: 2 gradients per McLachlan step
        assert record.grad_evals_sampling == 2 * config.draws * config.chains
        assert record.grad_evals_warmup == 2 * config.tune * config.chains


@pytest.mark.sampling
@pytest.mark.parametrize("method", [NumpyroMams(), PymcBlackjaxLowRank()], ids=["numpyro.mams", "pymc.blackjax_lowrank"])
def test_adjusted_methods_agree_with_the_reference(method):
    posterior = catalog.get(POSTERIOR)
    record = method.run(posterior, posterior.load_data(), MODERATE)
    assert record.ok, record.status
    assert record.divergences <= 0.01 * MODERATE.chains * MODERATE.draws
    agreement = agreement_with_reference(record)
    assert agreement is not None
    assert agreement["agrees"], (method.name, agreement["failures"])


@pytest.mark.sampling
def test_unadjusted_mclmc_has_its_bias_measured():
    """Unadjusted MCLMC is biased by design: at this size it agrees at seeds 0-2 but not at seed 3
    (tau's sd, z about 4), so only the measurement is asserted."""
    posterior = catalog.get(POSTERIOR)
    record = NumpyroMclmc().run(posterior, posterior.load_data(), MODERATE)
    assert record.ok, record.status
    agreement = agreement_with_reference(record)
    assert agreement is not None and np.isfinite(agreement["max_z"]) and agreement["max_z_at"]
    assert len(record.extra["energy_var_per_dim"]) == MODERATE.chains


def test_gradient_count_per_step_matches_the_integrator():
    import jax
    import jax.numpy as jnp
    from blackjax.mcmc import integrators

    from harness.methods.blackjax_kernels import grads_per_step

    for coefficients, isokinetic in ((integrators.velocity_verlet_coefficients, integrators.isokinetic_velocity_verlet),
                                     (integrators.mclachlan_coefficients, integrators.isokinetic_mclachlan),
                                     (integrators.yoshida_coefficients, integrators.isokinetic_yoshida)):
        calls = []

        def logdensity(x):
            calls.append(1)
            return -0.5 * jnp.sum(x ** 2)

        x = jnp.ones(3)
        state = integrators.IntegratorState(x, x / jnp.sqrt(3.0), logdensity(x), -x)
        calls.clear()
        jax.make_jaxpr(lambda s: isokinetic(logdensity)(s, 0.1))(state)
        assert len(calls) == grads_per_step(coefficients)


@pytest.mark.parametrize("tune", [30, 100, 1000, 2000])
def test_tuning_phases_spend_the_warmup_budget(tune):
    assert sum(mams_phases(tune).values()) == tune
    assert abs(sum(mclmc_phases(tune).values()) - tune) <= 2


@pytest.mark.parametrize("method", METHODS, ids=_ids(METHODS))
def test_parallel_chains_without_a_device_each_are_unsupported(method):
    import jax

    posterior = catalog.get(POSTERIOR)
    reason = method.supports(posterior, RunConfig(chains=jax.local_device_count() + 1, chain_method="parallel"))
    assert reason and "one cpu device per chain" in reason
    assert method.supports(posterior, RunConfig(chains=2, chain_method="sequential")) is None


@pytest.mark.sampling
def test_nutpie_flow_adaptation_takes_effect_and_is_recorded():
    from harness.methods.pymc_nutpie import PymcNutpieFlow

    posterior = catalog.get("eight_schools-noncentered")
    record = PymcNutpieFlow().run(posterior, posterior.load_data(), RunConfig(draws=100, tune=300, chains=1, seed=0))
    assert record.ok, record.status
    assert record.extra["adaptation"] == "flow" and record.extra["nutpie_backend"] == "jax"
    assert record.extra["tuning"]["num_layers"] >= 1 and record.grad_evals_warmup > 0
