"""posteriordb's posteriors: the import is faithful, every one is twinned or says why not, and each twin's
short NUTS run agrees with posteriordb's own reference draws (the external proof of the right model)."""
import json

import numpy as np
import pytest

from harness.quality.agreement import FAMILY_ALPHA, agreement
from harness.quality.diagnostics import draw_diagnostics, summarize
from harness.quality.reference import load_reference, load_reference_draws
from models import catalog, posteriordb
from models.datasets.posteriordb import FOLDER

NAMES = [name for name in catalog.names() if catalog.get(name).suite == "posteriordb"]
IMPORTED = json.loads((FOLDER / "posteriors.json").read_text())
SHORT = {"num_warmup": 1000, "num_samples": 1000, "num_chains": 2}
DENSE_MASS = {"diamonds-diamonds"}  # 24 correlated coefficients: minutes with a diagonal mass matrix, seconds dense


def short_nuts_draws(name: str) -> dict:
    """A short NumPyro NUTS run of the NumPyro twin (the proof of the model, not a benchmark: a dense mass matrix
    where ``DENSE_MASS`` says), draws of the entry's params by chain."""
    import jax
    from numpyro.infer import MCMC, NUTS

    jax.config.update("jax_enable_x64", True)  # as every method runs the twins: float64
    posterior = catalog.get(name)
    mcmc = MCMC(NUTS(posterior.numpyro_model(), dense_mass=name in DENSE_MASS), **SHORT, chain_method="sequential",
                progress_bar=False)
    mcmc.run(jax.random.PRNGKey(0), posterior.load_data(), **posterior.model_options())
    samples = mcmc.get_samples(group_by_chain=True)
    return {param: np.asarray(samples[param]) for param in posterior.params}


def test_every_imported_posterior_is_twinned_or_says_why_not():
    assert len(IMPORTED) == 46
    missing = set(IMPORTED) - set(NAMES) - set(posteriordb.UNSUPPORTED)
    assert not missing, f"neither twinned nor unsupported: {sorted(missing)}"
    assert not set(NAMES) & set(posteriordb.UNSUPPORTED)


@pytest.mark.parametrize("name", NAMES)
def test_reference_is_posteriordb_and_its_summary_comes_from_the_stored_chains(name):
    reference = load_reference(name)
    assert reference["source"] == "posteriordb" and reference["snapshot"].startswith("github.com/stan-dev/posteriordb@")
    draws = load_reference_draws(name)
    assert all(values.shape[:2] == (10, 1000) for values in draws.values())
    table = summarize({k: v.astype(np.float64) for k, v in draws.items()})  # stored as float32, summarised in float64
    stored = reference["summary"]
    assert set(stored) == set(table.index)
    assert set(stored) <= set(draw_diagnostics({p: draws[p] for p in catalog.get(name).params})["summary"]), \
        "the entry's params must cover every element of posteriordb's reference"
    worst = max(abs(stored[k]["mean"] - table.loc[k, "mean"]) / max(stored[k]["mcse_mean"], 1e-12) for k in stored)
    assert worst < 1e-3


@pytest.mark.sampling
@pytest.mark.parametrize("name", NAMES)
def test_twin_agrees_with_posteriordb_reference_draws(name):
    draws = short_nuts_draws(name)
    # one family over the whole suite: at FAMILY_ALPHA per posterior, a couple of the ~45 would fail by chance
    result = agreement(draw_diagnostics(draws)["summary"], load_reference(name)["summary"],
                       alpha=FAMILY_ALPHA / len(NAMES))
    assert result["agrees"], f"max z {result['max_z']:.2f} at {result['max_z_at']}: {result['failures'][:5]}"
    assert np.isfinite(result["max_z"])
