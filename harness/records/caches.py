"""Which compilation caches a run had, and whether it hit them: a warm cache shortens compile time.

Three disk caches decide how long a fresh process takes to its first draw: PyTensor's compile
directory (its C modules, and the Numba backend's cache that PyMC's NUTS and nutpie compile through:
``base_compiledir`` from ``PYTENSOR_FLAGS``, default ``~/.pytensor``), Numba's own cache directory
(``NUMBA_CACHE_DIR``, else beside the sources) and JAX's persistent compilation cache (on only when
``JAX_COMPILATION_CACHE_DIR`` names one). ``snapshot`` counts each cache's files without importing the
libraries (so a run's timings are untouched); ``cache_use`` turns the counts before and after a run into
what the record says: per cache ``dir``, ``on``, ``entries_before``, ``entries_added`` and ``hit``
(``True``: it had entries and the run added none, so everything came from it; ``"partial"``: it had
entries and the run added some; ``False``: it was empty or off). Runs sharing a host and a cache at the
same moment (``host_concurrent_runs`` > 0) see each other's additions.
"""
from __future__ import annotations

import os
from pathlib import Path


def _flag(name: str) -> str | None:
    """A value from ``PYTENSOR_FLAGS`` (comma-separated ``name=value``), or None."""
    for item in os.environ.get("PYTENSOR_FLAGS", "").split(","):
        key, _, value = item.partition("=")
        if key.strip() == name and value.strip():
            return value.strip()
    return None


def cache_dirs() -> dict[str, Path | None]:
    """Each cache's folder (None: the cache is off or has no folder of its own)."""
    pytensor = _flag("compiledir") or _flag("base_compiledir") or str(Path.home() / ".pytensor")
    numba, jax = os.environ.get("NUMBA_CACHE_DIR"), os.environ.get("JAX_COMPILATION_CACHE_DIR")
    return {"pytensor": Path(pytensor).expanduser(), "numba": Path(numba) if numba else None,
            "jax": Path(jax) if jax else None}


def _files(folder: Path | None) -> int:
    """How many files lie under ``folder`` (0 when it is None or missing)."""
    if folder is None or not folder.is_dir():
        return 0
    return sum(len(names) for _, _, names in os.walk(folder))


def snapshot() -> dict[str, int]:
    """Per cache, its file count now."""
    return {name: _files(folder) for name, folder in cache_dirs().items()}


def cache_use(before: dict[str, int], after: dict[str, int]) -> dict[str, dict]:
    """What a run found in each cache, from the ``snapshot`` before and after it (see the module)."""
    use = {}
    for name, folder in cache_dirs().items():
        had, added = before.get(name, 0), max(0, after.get(name, 0) - before.get(name, 0))
        use[name] = {"dir": None if folder is None else str(folder), "on": folder is not None,
                     "entries_before": had, "entries_added": added,
                     "hit": bool(had) and (True if added == 0 else "partial")}
    return use
