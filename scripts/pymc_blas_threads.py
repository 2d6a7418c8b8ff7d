"""PyMC's parallel NUTS with and without the main process's BLAS limited (see harness/methods/pymc_nuts.py).

``python scripts/pymc_blas_threads.py [POSTERIOR] [BACKEND]`` samples 2 chains × 200 + 200 with ``cores=2``
(PyMC's defaults otherwise), once as is and once inside ``main_process_blas_limit()``, and prints PyMC's
sampling-loop seconds for each.
"""
from __future__ import annotations

import sys
import warnings


def main(argv: list[str]) -> int:
    """Sample twice and print the loop seconds."""
    warnings.filterwarnings("ignore")
    import contextlib

    import pymc as pm

    from harness.methods.pymc_nuts import main_process_blas_limit
    from models import catalog

    name = argv[0] if argv else "retail_stores-varying_slopes"
    backend = argv[1] if len(argv) > 1 else "c"
    posterior = catalog.get(name)
    model = posterior.pymc_build()(posterior.load_data(), **posterior.model_options())
    for label, context in (("as is", contextlib.nullcontext), ("main process limited", main_process_blas_limit)):
        with context():
            idata = pm.sample(draws=200, tune=200, chains=2, cores=2, random_seed=1, model=model, nuts_sampler="pymc",
                              backend=backend, progressbar=False, compute_convergence_checks=False)
        print(f"{name} backend={backend} {label}: loop {idata.posterior.attrs['sampling_time']:.2f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
