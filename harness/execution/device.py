"""Device selection: which platform JAX uses, set before JAX is imported."""
from __future__ import annotations

import os

from harness.records.environment import gpu_names


class DeviceUnavailable(RuntimeError):
    """A GPU was requested on a machine without one."""


def require_device(device: str) -> None:
    """Raise DeviceUnavailable when ``device`` is 'gpu' and no GPU is visible."""
    if device == "gpu" and not gpu_names():
        raise DeviceUnavailable("--device gpu requested but no GPU was found (nvidia-smi lists none); use --device cpu")


def configure_jax(device: str, chains: int) -> None:
    """Point JAX at ``device`` and give the CPU one XLA device per chain, for parallel chains.

    Must run before ``jax`` is first imported in this process.
    """
    os.environ["JAX_PLATFORMS"] = "cuda" if device == "gpu" else "cpu"
    if device == "cpu":
        flags = [f for f in os.environ.get("XLA_FLAGS", "").split() if "host_platform_device_count" not in f]
        flags.append(f"--xla_force_host_platform_device_count={max(1, chains)}")
        os.environ["XLA_FLAGS"] = " ".join(flags)
