"""Library versions and a description of the machine, recorded with every run."""
from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from functools import lru_cache
from importlib import metadata

LIBRARIES = ("pymc", "pytensor", "numpyro", "jax", "jaxlib", "blackjax", "nutpie", "arviz", "numpy")


def library_versions() -> dict:
    """Installed versions of python and the inference libraries (None when absent)."""
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def cpu_model() -> str:
    """The CPU model name, from /proc/cpuinfo where available."""
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


@lru_cache(maxsize=1)
def gpu_names() -> tuple[str, ...]:
    """Names of the NVIDIA GPUs nvidia-smi reports; empty when there is none."""
    if shutil.which("nvidia-smi") is None:
        return ()
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
                             capture_output=True, text=True, timeout=20, check=True).stdout
    except (subprocess.SubprocessError, OSError):
        return ()
    return tuple(line.strip() for line in out.splitlines() if line.strip())


def pytensor_blas() -> str | None:
    """PyTensor's BLAS link flags; '' means it found no BLAS (its sampler is slower then)."""
    if "pytensor" not in sys.modules:
        return None
    import pytensor

    return pytensor.config.blas__ldflags


def memory_bytes() -> int:
    """Total RAM of this machine in bytes."""
    import psutil

    return psutil.virtual_memory().total


def machine_info() -> dict:
    """CPU model, core count (and how many this process may use: ``taskset`` narrows it), RAM in GiB,
    platform, GPU names, PyTensor's BLAS status, load average and whether
    JAX's persistent compilation cache was on (a warm cache shortens the recorded compile time)."""
    blas = pytensor_blas()
    return {
        "hostname": platform.node(),
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gb": round(memory_bytes() / 2**30, 1),
        "gpus": list(gpu_names()),
        "pytensor_blas_ldflags": blas,
        "pytensor_blas_found": None if blas is None else bool(blas),
        "load_average_1min": os.getloadavg()[0],
        "jax_compilation_cache_dir": os.environ.get("JAX_COMPILATION_CACHE_DIR"),
    }
