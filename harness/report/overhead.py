"""Harness-overhead outputs: ``harness_overhead.csv`` and ``harness_overhead.md``."""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def overhead_markdown(frame: pd.DataFrame, method: str, posterior: str, repeats: int) -> str:
    """The page: how the pairs were measured, the table, and the methods without a hand-written twin."""
    from harness.studies.handwritten import NO_HAND_TWIN

    return (
        "# Harness overhead\n\nESS/s of the whole library call (compile + warm-up + sampling) through twinbench "
        "÷ the same call written by hand (harness/studies/handwritten.py), same seed, fresh processes, interleaved, "
        "the side that runs first alternating from repeat to repeat (harness first in even repeats); "
        f"median of {repeats} paired ratios with a bootstrap 95% interval. Produced by `twinbench overhead "
        f"-m {method} -p {posterior} --repeats {repeats}` (`--resume` completes an interrupted run "
        "from the pairs measured so far, `harness_overhead_pairs.csv`).\n\n"
        + frame.to_markdown(index=False, floatfmt=".3f") + "\n\n"
        "NumPyro's paths (`numpyro.nuts`, `pymc.numpyro`) make one `MCMC.run` call, as their users do: timing "
        "warm-up and sampling as two calls made NumPyro compile its chain loop twice (38% of `numpyro.nuts`'s wall "
        "time on linreg_sim, a 0.7 ratio for `pymc.numpyro`), so the phases are now split by leapfrog steps "
        "(harness/methods/numpyro_phases.py). `pymc.nuts` and `pymc.nuts_c` (and their hand-written twins) run with "
        "the main process's BLAS limited to one thread, which PyMC's `blas_cores=\"auto\"` promises but 6.4 does not "
        "apply while the chain processes sample (harness/methods/pymc_nuts.py).\n\n" + "".join(
            f"- `{m}` has no hand-written twin: {why}\n" for m, why in NO_HAND_TWIN.items()))


def write_overhead(frame: pd.DataFrame, studies_dir: str | Path, method: str, posterior: str,
                   repeats: int) -> list[Path]:
    """Write the table (csv first: it stands even if the markdown fails) and the page; return the paths."""
    out = Path(studies_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "harness_overhead.csv", out / "harness_overhead.md"]
    frame.to_csv(paths[0], index=False)
    paths[1].write_text(overhead_markdown(frame, method, posterior, repeats))
    return paths
