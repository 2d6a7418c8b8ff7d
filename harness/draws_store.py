"""Draw arrays on disk: one compressed ``.npz`` per run (parameter -> (chain, draw, *shape))."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from harness.store import write_atomic


def write_draws(draws: dict, path: Path | str) -> Path:
    """Write ``draws`` atomically as a compressed ``.npz`` at ``path``."""
    arrays = {k: np.asarray(v, dtype=np.float64) for k, v in draws.items()}
    return write_atomic(path, lambda handle: np.savez_compressed(handle, **arrays), binary=True)


def read_draws(path: Path | str) -> dict:
    """The draws stored at ``path``."""
    with np.load(path) as stored:
        return {name: stored[name] for name in stored.files}


def thin_draws(draws: dict, count: int) -> dict:
    """At most ``count`` draws per parameter, evenly spaced over all chains, as one chain (1, n, *shape)."""
    thinned = {}
    for name, values in draws.items():
        values = np.asarray(values)
        flat = values.reshape(-1, *values.shape[2:])
        keep = np.linspace(0, len(flat) - 1, min(count, len(flat))).round().astype(int)
        thinned[name] = flat[keep][None]
    return thinned
