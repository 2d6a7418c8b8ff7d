"""What collecting the warm-up iterations and NUTS statistics costs one NumPyro ``MCMC.run`` call.

``python scripts/numpyro_collection_cost.py [POSTERIOR] [REPEATS]`` times four variants of the same
call (4 chains x 1,000 + 1,000, seed 0), each in a fresh process, alternating, and prints the median
seconds per variant and the paired ratio plain ÷ variant:

- ``plain``: ``mcmc.run`` as a user writes it (what the hand-written overhead twin runs);
- ``fields``: plus ``extra_fields`` = leapfrog steps, divergences, step size;
- ``warmup``: plus the warm-up iterations collected (as ``numpyro_phases`` does);
- ``both``: what ``numpyro.nuts`` runs.
"""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

VARIANTS = ("plain", "fields", "warmup", "both")


def one_call(variant: str, name: str) -> float:
    """Seconds of one ``MCMC.run`` call (waited for) in this process."""
    import time

    from harness.execution.device import configure_jax

    configure_jax("cpu", 4)
    import jax
    from numpyro.infer import MCMC, NUTS

    from harness.methods.numpyro_phases import nuts_fields, run_warmup_and_sampling
    from models import catalog

    jax.config.update("jax_enable_x64", True)
    posterior = catalog.get(name)
    data = posterior.load_data()
    fields = nuts_fields() if variant in ("fields", "both") else ()
    start = time.time()
    mcmc = MCMC(NUTS(posterior.numpyro_model()), num_warmup=1000, num_samples=1000, num_chains=4,
                chain_method="parallel", progress_bar=False)
    if variant in ("warmup", "both"):  # the harness's own call; its clock stops before it splits the phases
        return run_warmup_and_sampling(mcmc, jax.random.PRNGKey(0), data, extra_fields=fields,
                                       **posterior.model_options()).end - start
    mcmc.run(jax.random.PRNGKey(0), data, extra_fields=fields, **posterior.model_options())
    jax.block_until_ready(mcmc._states)
    return time.time() - start


def main(argv: list[str]) -> int:
    """Alternate the variants in fresh processes; print medians and paired ratios."""
    if argv and argv[0] == "--one":
        print(json.dumps(one_call(argv[1], argv[2])))
        return 0
    name = argv[0] if argv else "linreg_sim-linear_regression"
    repeats = int(argv[1]) if len(argv) > 1 else 10
    seconds = {v: [] for v in VARIANTS}
    for repeat in range(repeats):
        for variant in VARIANTS:
            out = subprocess.run([sys.executable, __file__, "--one", variant, name], capture_output=True, text=True,
                                 check=True).stdout
            seconds[variant].append(json.loads(out.strip().splitlines()[-1]))
        print(f"repeat {repeat + 1}/{repeats}", file=sys.stderr, flush=True)
    plain = np.array(seconds["plain"])
    for variant in VARIANTS:
        mine = np.array(seconds[variant])
        print(f"{variant:7s} median {np.median(mine):.3f} s   plain ÷ {variant}: {np.median(plain / mine):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
