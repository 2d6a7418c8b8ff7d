"""Make the WAIC test data: a fixed pointwise log-likelihood array and ArviZ 0.x's WAIC of it.

ArviZ 1 has no WAIC; twinbench computes it (harness/studies/predictive/information_criteria.py) and
tests/test_studies.py checks it against what ArviZ 0.22 reported for this array. Rerun with an
ArviZ 0.x interpreter (e.g. `uv venv /tmp/az0 --python 3.11 && uv pip install arviz==0.22.0`):
    /tmp/az0/bin/python tests/data/make_waic_reference.py
"""
import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent


def main() -> None:
    """Write waic_loglik.npy (4 chains x 500 draws x 8 observations) and waic_arviz0.json."""
    import arviz as az

    rng = np.random.default_rng(2114)
    theta = rng.normal(8.0, 6.0, size=(4, 500, 8))
    y = np.array([28.0, 8.0, -3.0, 7.0, -1.0, 1.0, 18.0, 12.0])
    sigma = np.array([15.0, 10.0, 16.0, 11.0, 9.0, 11.0, 10.0, 18.0])
    log_lik = -0.5 * np.log(2 * np.pi * sigma**2) - 0.5 * ((y - theta) / sigma) ** 2
    np.save(HERE / "waic_loglik.npy", log_lik)
    idata = az.from_dict(posterior={"theta": theta}, log_likelihood={"y": log_lik})
    result = az.waic(idata, pointwise=True)
    (HERE / "waic_arviz0.json").write_text(json.dumps({
        "arviz_version": az.__version__, "elpd_waic": float(result["elpd_waic"]), "se": float(result["se"]),
        "p_waic": float(result["p_waic"]), "waic_i": [float(v) for v in np.asarray(result["waic_i"])]}, indent=1))


if __name__ == "__main__":
    main()
