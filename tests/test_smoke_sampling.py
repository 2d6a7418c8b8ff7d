"""Every posterior samples with NumPyro NUTS (tiny draws, in-process): finite draws of every parameter."""
import numpy as np
import pytest

from harness.records.config import RunConfig
from harness.methods.numpyro_nuts import NumpyroNuts
from models import catalog

TINY = RunConfig(draws=30, tune=30, chains=1, seed=0)


@pytest.mark.sampling
@pytest.mark.parametrize("name", catalog.names())
def test_posterior_samples_with_numpyro(name):
    posterior = catalog.get(name)
    output = NumpyroNuts().sample(posterior, posterior.load_data(), TINY)
    assert set(output.draws) == set(posterior.params)
    for param, values in output.draws.items():
        assert values.shape[:2] == (1, 30), param
        assert np.all(np.isfinite(values)), param
    assert output.grad_evals_sampling > 0
