"""Why gradbench times gradients at posterior draws, not at the initial point (see harness/compare/gradbench_points.py).

``python scripts/gradbench_points.py [POSTERIOR] [BACKEND]`` compiles PyMC's logp-and-gradient (Numba by
default, or ``c``) as PyMC's NUTS calls it and prints, over 5 interleaved rounds, the microseconds of
one call: at the initial point, at one posterior draw called again and again, and cycling through 32
posterior draws (what a sampler does: every step is a new point).
"""
from __future__ import annotations

import sys
import time
import warnings

import numpy as np


def main(argv: list[str]) -> int:
    """Time the three ways and print them."""
    warnings.filterwarnings("ignore")
    from harness.execution.device import configure_jax

    configure_jax("cpu", 1)
    from harness.compare.gradbench import cycling, pytensor_gradient
    from harness.compare.gradbench_points import posterior_points, pymc_unconstrained
    from models import catalog

    name = argv[0] if argv else "streamrec_events-hierarchical_logit"
    backend = argv[1] if len(argv) > 1 else "numba"
    posterior = catalog.get(name)
    data, options = posterior.load_data(), posterior.model_options()
    model = posterior.pymc_build()(data, **options)
    gradient, ravel = pytensor_gradient(model, backend)
    draws = [ravel(point) for point in pymc_unconstrained(model, posterior_points(posterior, data, options))]
    initial = cycling(gradient, [ravel(model.initial_point())])
    repeated = cycling(gradient, draws[:1])
    cycled = cycling(gradient, draws)

    def microseconds(call, number: int = 300) -> float:
        call()
        start = time.perf_counter()
        for _ in range(number):
            call()
        return (time.perf_counter() - start) / number * 1e6

    print(f"{name}, PyTensor {backend}: microseconds per logp-and-gradient call")
    rows = [(microseconds(initial), microseconds(repeated), microseconds(cycled)) for _ in range(5)]
    for row in rows:
        print("initial point {:8.1f}   one draw repeated {:8.1f}   32 draws cycled {:8.1f}".format(*row))
    medians = np.median(np.array(rows), axis=0)
    print("median        {:8.1f}                     {:8.1f}                 {:8.1f}".format(*medians))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
