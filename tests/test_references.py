"""Committed references: one per posterior, with provenance, and both NUTS methods agree with them."""
import pytest

from harness.records.config import RunConfig
from harness.quality.reference import RHAT_BAR, load_reference
from harness.execution.sweep import grid, run_sweep
from models import catalog

PROVENANCE = ("command", "versions", "created", "method", "config", "options", "summary")


@pytest.mark.parametrize("name", catalog.names())
def test_every_posterior_has_a_reference_with_provenance(name):
    reference = load_reference(name)
    assert reference is not None, f"missing results/inputs/reference/{name}.json (twinbench reference -p {name})"
    for key in PROVENANCE:
        assert reference.get(key) is not None, key
    entry = catalog.get(name)
    elements = set(reference["summary"])
    assert all(any(e == p or e.startswith(p + "[") for e in elements) for p in entry.params)
    if reference.get("source") == "posteriordb":  # posteriordb's own draws, judged by its own checks
        assert reference["meets_bar"] == all(reference["checks_made"].values()) and not reference["bar_failures"]
        return
    assert reference["options"] == entry.model_options()
    if reference["meets_bar"]:
        assert reference["diagnostics"]["rhat_max"] < RHAT_BAR
        assert reference["diagnostics"]["ess_bulk_min"] > 10_000
        assert reference["diagnostics"]["divergences"] == 0
    else:
        assert reference["bar_failures"], "a reference below the bar must say why"


@pytest.mark.sampling
def test_both_nuts_methods_agree_with_the_reference_on_a_representative_subset(runs_dir):
    subset = ["eight_schools-noncentered", "er_visits-poisson_regression"]
    records = run_sweep(grid(subset, ["pymc.nuts", "numpyro.nuts"], RunConfig(draws=1000, tune=1000, chains=4, seed=7)),
                        runs_dir, log=lambda line: None)
    for record in records:
        assert record.ok, record.status
        assert record.agreement is not None
        assert record.agreement["agrees"], (record.posterior, record.method, record.agreement["failures"])
