"""Cold and warm compilation caches for a run (``--caches``), set in the worker before any library loads.

- ``cold``: every cache empty: PyTensor's compile directory (with the Numba backend's cache PyMC's NUTS and
  nutpie compile through) and Numba's cache directory in a fresh temporary folder, removed after the run;
  JAX's persistent compilation cache off (its default).
- ``warm``: the caches each library documents for users, turned on, in one folder kept between runs
  (``$TWINBENCH_CACHE_DIR``, default ``~/.cache/twinbench/warm``): PyTensor's ``base_compiledir``,
  ``NUMBA_CACHE_DIR``, and JAX's persistent cache (``JAX_COMPILATION_CACHE_DIR``, with the minimum compile
  time and entry size at 0 as JAX's guide shows, so the small programs here are cached too). The sweep
  runs each warm cell once before (``prime``, recorded under ``<out>/primes``) so that the measured run
  finds its programs there.
- None (no ``--caches``): the caches as the environment has them.

Whether a run actually hit them is measured, not assumed: ``harness.records.caches`` in every record.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from harness.records.config import PRIME

JAX_CACHE_EVERYTHING = {"JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0",
                        "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES": "-1"}


def warm_root() -> Path:
    """The folder the warm caches live in."""
    return Path(os.environ.get("TWINBENCH_CACHE_DIR") or Path.home() / ".cache" / "twinbench" / "warm")


def _set_compiledir(folder: Path) -> None:
    """Point PyTensor's ``base_compiledir`` at ``folder``, keeping the other ``PYTENSOR_FLAGS``."""
    flags = [f for f in os.environ.get("PYTENSOR_FLAGS", "").split(",")
             if f.strip() and f.split("=")[0].strip() not in ("compiledir", "base_compiledir")]
    os.environ["PYTENSOR_FLAGS"] = ",".join([*flags, f"base_compiledir={folder}"])


def apply_cache_mode(mode: str | None) -> Callable[[], None]:
    """Set this process's cache environment for ``mode`` (call before importing PyTensor, Numba or JAX);
    returns what to call after the run (removes a cold run's folder)."""
    if mode is None:
        return lambda: None
    if mode == "cold":
        root = Path(tempfile.mkdtemp(prefix="twinbench-cold-"))
        os.environ.pop("JAX_COMPILATION_CACHE_DIR", None)
        cleanup = lambda: shutil.rmtree(root, ignore_errors=True)  # noqa: E731
    elif mode in ("warm", PRIME):
        root = warm_root()
        (root / "jax").mkdir(parents=True, exist_ok=True)
        os.environ["JAX_COMPILATION_CACHE_DIR"] = str(root / "jax")
        os.environ.update(JAX_CACHE_EVERYTHING)
        cleanup = lambda: None  # noqa: E731
    else:
        raise ValueError(f"unknown cache mode {mode!r}")
    _set_compiledir(root / "pytensor")
    os.environ["NUMBA_CACHE_DIR"] = str(root / "numba")
    return cleanup
