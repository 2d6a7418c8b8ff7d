"""Gradient-floor outputs: ``gradbench.csv`` (one row per posterior x backend) and ``gradbench.md``."""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def gradbench_wide(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Microseconds per gradient, one row per posterior (in ``names``' order), one column per backend."""
    return frame.pivot(index="posterior", columns="backend", values="seconds_per_grad").reindex(names) * 1e6


def gradbench_markdown(wide: pd.DataFrame, machine: dict) -> str:
    """The page: what was timed and how, then the table."""
    note = (f"# One log density + gradient, microseconds (median of 7 blocks)\n\nMachine: {machine['cpu']}, "
            f"{machine['cores']} cores, platform {machine.get('platform')}. JAX: inside a compiled loop; PyTensor: the compiled function called from "
            "Python as PyMC's NUTS calls it. Each call takes the next of 32 posterior draws (a short NumPyro NUTS run, "
            "in each backend's own unconstrained space), as a sampler takes a new point every step; the CSV's "
            "`initial_point_seconds` is the same call repeated at the initial point, which branch prediction makes "
            "faster. Produced by `twinbench gradbench`.\n\n")
    return note + wide.to_markdown(floatfmt=".2f") + "\n"


def write_gradbench(frame: pd.DataFrame, names: list[str], machine: dict, versions: dict,
                    studies_dir: str | Path) -> tuple[list[Path], pd.DataFrame]:
    """Write gradbench.csv (first: the measurements stand even if the page fails) and gradbench.md into
    ``studies_dir``; return the paths and the wide table."""
    frame = frame.copy()
    frame["cpu"], frame["platform"], frame["versions"] = machine["cpu"], machine.get("platform"), str(versions)
    out = Path(studies_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "gradbench.csv", out / "gradbench.md"]
    frame.to_csv(paths[0], index=False)
    wide = gradbench_wide(frame, names)
    paths[1].write_text(gradbench_markdown(wide, machine))
    return paths, wide
