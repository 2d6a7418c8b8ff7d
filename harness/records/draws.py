"""Draw arrays on disk: one compressed ``.npz`` per run (parameter -> (chain, draw, *shape))."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from harness.records.store import write_atomic

STAT_PREFIX = "stat__"  # per-draw sampler statistics stored beside the draws (e.g. stat__diverging)


def write_draws(draws: dict, path: Path | str) -> Path:
    """Write ``draws`` atomically as a compressed ``.npz`` at ``path``."""
    arrays = {k: np.asarray(v) if k.startswith(STAT_PREFIX) else np.asarray(v, dtype=np.float64)
              for k, v in draws.items()}
    return write_atomic(path, lambda handle: np.savez_compressed(handle, **arrays), binary=True)


def read_draws(path: Path | str, stats: bool = False) -> dict:
    """The parameter draws stored at ``path``; with ``stats``, the per-draw sampler statistics instead
    (stored beside them as ``stat__<name>``, returned as ``<name>``)."""
    with np.load(path) as stored:
        if stats:
            return {name[len(STAT_PREFIX):]: stored[name] for name in stored.files if name.startswith(STAT_PREFIX)}
        return {name: stored[name] for name in stored.files if not name.startswith(STAT_PREFIX)}


def thin_draws(draws: dict, count: int) -> dict:
    """At most ``count`` draws per parameter, evenly spaced over all chains, as one chain (1, n, *shape)."""
    thinned = {}
    for name, values in draws.items():
        values = np.asarray(values)
        flat = values.reshape(-1, *values.shape[2:])
        keep = np.linspace(0, len(flat) - 1, min(count, len(flat))).round().astype(int)
        thinned[name] = flat[keep][None]
    return thinned
