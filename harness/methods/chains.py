"""How JAX methods lay out chains: ``parallel`` (one XLA device per chain), ``vectorized`` or ``sequential``."""
from __future__ import annotations

from harness.records.config import RunConfig
from harness.records.environment import gpu_names


LAYOUTS = ("sequential", "parallel", "vectorized")


def layout_reason(method, config: RunConfig) -> str | None:
    """Why ``method`` cannot lay out chains as ``config`` asks: a ``--chain-method`` outside its
    ``chain_methods``, or parallel chains without a device each; None when it can."""
    if config.chain_method is not None and config.chain_method not in method.chain_methods:
        takes = f"takes only {', '.join(method.chain_methods)}" if method.chain_methods else "lays out its chains itself"
        return f"{method.name} {takes}: --chain-method {config.chain_method} does not apply"
    return chain_method_reason(config) if "parallel" in method.chain_methods else None


def chain_method(config: RunConfig) -> str:
    """``config.chain_method``, else ``parallel`` on the CPU and ``vectorized`` on a GPU."""
    return config.chain_method or ("parallel" if config.device == "cpu" else "vectorized")


def chain_method_reason(config: RunConfig) -> str | None:
    """Why the chain layout cannot run as asked (parallel chains need a device each); None when it can.

    On the CPU this asks JAX for its device count (the worker gives it one XLA CPU device per
    chain before JAX starts); on a GPU it counts the GPUs nvidia-smi lists.
    """
    if chain_method(config) != "parallel" or config.chains == 1:
        return None
    if config.device == "cpu":
        import jax

        devices = jax.local_device_count()
    else:
        devices = len(gpu_names())
    if devices < config.chains:
        return (f"chain_method='parallel' needs one {config.device} device per chain ({config.chains}), "
                f"found {devices}; use --chain-method vectorized or sequential")
    return None
