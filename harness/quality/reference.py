"""Reference posteriors as stored: where they are, loading them, and judging a run against one.

References are long NumPyro NUTS runs, cross-checked with PyMC, stored as JSON (built by
``harness/execution/reference_build.py``). A reference meets the bar when R-hat < 1.01, bulk ESS > 10,000
for every element and there are no divergences. A posterior that is hard by design names an equivalent twin
(``reference_from``) whose reference it shares. Beside the JSON, ``<posterior>.draws.npz`` keeps
4,000 draws of the reference run (thinned evenly) for distances between whole marginals (KL).
posteriordb's posteriors have posteriordb's own reference instead (``source: posteriordb``, imported by
``scripts/import-posteriordb``: its 10 chains x 1,000 draws, the summary computed from them by ArviZ).
"""
from __future__ import annotations

import json
from pathlib import Path

from harness.quality.agreement import agreement
from harness.quality.diagnostics import RHAT_LIMIT
from harness.records.draws import read_draws
from harness.records.paths import REFERENCE_DIR
from harness.quality.kl import marginal_kl
from harness.records.schema import RunRecord
from models import catalog

RHAT_BAR = RHAT_LIMIT  # a reference must be below the threshold that marks a run unmixed
ESS_BAR = 10_000
REFERENCE_METHOD = "numpyro.nuts"
CROSS_CHECK_METHOD = "pymc.nuts"
REFERENCE_DRAWS = 4000


def reference_path(name: str, ref_dir: Path | str = REFERENCE_DIR) -> Path:
    """Where the reference of posterior ``name`` is stored."""
    return Path(ref_dir) / f"{name}.json"


def load_reference(name: str, ref_dir: Path | str = REFERENCE_DIR) -> dict | None:
    """The stored reference of ``name``, or None when there is none."""
    path = reference_path(name, ref_dir)
    return json.loads(path.read_text()) if path.exists() else None


def reference_draws_path(name: str, ref_dir: Path | str = REFERENCE_DIR) -> Path:
    """Where the thinned draws of posterior ``name``'s own reference run are stored."""
    return Path(ref_dir) / f"{name}.draws.npz"


def load_reference_draws(name: str, ref_dir: Path | str = REFERENCE_DIR) -> dict | None:
    """The reference draws of ``name`` (its ``reference_from`` source's, if any); None when not stored."""
    reference = load_reference(name, ref_dir)
    if not reference or not reference.get("draws_file"):
        return None
    path = Path(ref_dir) / reference["draws_file"]
    return read_draws(path) if path.exists() else None


def kl_to_reference(record: RunRecord, draws: dict, ref_dir: Path | str = REFERENCE_DIR) -> dict | None:
    """KDE estimate of KL(run || reference) of every element's marginal, in nats; None without reference draws.

    Only judged when the record has an agreement with the same reference (same options).
    """
    if not record.ok or not record.agreement or not draws:
        return None
    reference_draws = load_reference_draws(record.posterior, ref_dir)
    if reference_draws is None:
        return None
    params = catalog.get(record.posterior).params
    kl = marginal_kl({p: draws[p] for p in params if p in draws}, reference_draws)
    worst = max(kl, key=kl.get)
    return {"kl": kl, "kl_max": kl[worst], "kl_max_at": worst,
            "kl_method": "scipy gaussian_kde per marginal, KL(run || reference) in nats"}


def bar_failures(record: RunRecord) -> list[str]:
    """Why a run falls short of the reference bar (empty when it meets it)."""
    if not record.ok:
        return [record.status]
    reasons = []
    if record.rhat_max is None or record.rhat_max >= RHAT_BAR:
        reasons.append(f"R-hat {record.rhat_max} >= {RHAT_BAR}")
    if record.ess_bulk_min is None or record.ess_bulk_min <= ESS_BAR:
        reasons.append(f"min bulk ESS {record.ess_bulk_min} <= {ESS_BAR}")
    if record.divergences:
        reasons.append(f"{record.divergences} divergences")
    return reasons


def agreement_with_reference(record: RunRecord, ref_dir: Path | str = REFERENCE_DIR) -> dict | None:
    """The record's agreement with its posterior's reference; None when it cannot be judged."""
    if not record.ok or not record.summary:
        return None
    reference = load_reference(record.posterior, ref_dir)
    if reference is None:
        return None
    posterior = catalog.get(record.posterior)
    options = posterior.model_options(**record.config.get("options", {}))
    # a posteriordb reference is of the posterior as posteriordb defines it: its entry's options, fixed ones included
    expected = posterior.model_options() if reference.get("source") == "posteriordb" else reference["options"]
    if options != expected or not posterior.is_default_size(record.config.get("size")):
        return None  # another posterior: the reference is of the default options and data size
    result = agreement(record.summary, reference["summary"])
    result["reference"] = reference_path(record.posterior, ref_dir).name
    return result
