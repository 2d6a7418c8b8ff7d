"""posteriordb's posteriors: the import is faithful, every one is twinned or says why not, and each twin's
short NUTS run agrees with posteriordb's own reference draws (the external proof of the right model)."""
import json

import numpy as np
import pytest

from harness.methods.numpyro_nuts import NumpyroNuts
from harness.quality.agreement import FAMILY_ALPHA, agreement
from harness.quality.diagnostics import draw_diagnostics, summarize
from harness.quality.reference import load_reference, load_reference_draws
from harness.records.config import RunConfig
from models import catalog, posteriordb
from models.datasets.posteriordb import FOLDER

NAMES = [name for name in catalog.names() if catalog.get(name).suite == "posteriordb"]
IMPORTED = json.loads((FOLDER / "posteriors.json").read_text())
SHORT = RunConfig(draws=1000, tune=1000, chains=2, seed=0)


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
    posterior = catalog.get(name)
    output = NumpyroNuts().sample(posterior, posterior.load_data(), SHORT)
    # one family over the whole suite: at FAMILY_ALPHA per posterior, a couple of the ~45 would fail by chance
    result = agreement(draw_diagnostics(output.draws)["summary"], load_reference(name)["summary"],
                       alpha=FAMILY_ALPHA / len(NAMES))
    assert result["agrees"], f"max z {result['max_z']:.2f} at {result['max_z_at']}: {result['failures'][:5]}"
    assert np.isfinite(result["max_z"])
