"""Floating-point precision of a run (``--precision float64|float32``) and checks that what was asked is what ran.

JAX computes in float32 unless x64 is on (``jax_enable_x64``), so a JAX method's precision is that switch,
set before its first array; PyMC models follow ``pytensor.config.floatX`` (PyMC's documented way to sample in
float32). A run records the dtype its draws actually have (``extra.precision``) and, beside it, the chain
layout that actually ran; a method that cannot honour either raises, so the record fails instead of
silently running something else.
"""
from __future__ import annotations

import contextlib

import numpy as np

PRECISIONS = ("float64", "float32")
DEFAULT = "float64"


def precision(config) -> str:
    """The precision ``config`` asks for (float64 when it names none)."""
    return config.precision or DEFAULT


def precision_reason(method, config) -> str | None:
    """Why ``method`` cannot run at ``config``'s precision (its ``precisions`` lack it); None when it can."""
    wanted = precision(config)
    if wanted in method.precisions:
        return None
    return f"{method.name} runs in {' or '.join(method.precisions)} only, not {wanted}"


def use_jax_precision(config, pytensor: bool = False) -> str:
    """Turn JAX's x64 on for float64, off for float32 (before any array is made); the precision.

    ``pytensor``: the method compiles a PyMC model to JAX. PyTensor's JAX dispatch sets x64 from ``floatX``
    when first imported, so it is imported here first and the switch set after it.
    """
    import jax

    if pytensor:
        import pytensor.link.jax.dispatch  # noqa: F401  (its import-time x64 switch, overridden below)

    wanted = precision(config)
    jax.config.update("jax_enable_x64", wanted == "float64")
    return wanted


def pytensor_floatx(config):
    """A context in which PyTensor's ``floatX`` is ``config``'s precision (a PyMC model built inside follows it)."""
    if precision(config) == DEFAULT:
        return contextlib.nullcontext()
    import pytensor

    return pytensor.config.change_flags(floatX=precision(config))


def draws_precision(draws: dict) -> str | None:
    """The widest floating dtype among ``draws`` (what the sampler's arithmetic returned); None without floats."""
    widths = [np.asarray(v).dtype.itemsize for v in draws.values() if np.issubdtype(np.asarray(v).dtype, np.floating)]
    return f"float{8 * max(widths)}" if widths else None


def model_precision(model, jax_backend: bool) -> str:
    """What a PyMC model computes in: its value variables' widest float dtype, and float32 on a JAX backend
    whose x64 switch is off (JAX then narrows every float64), read from the model and JAX, not the request."""
    widths = [int(v.dtype[5:]) for v in model.value_vars if str(v.dtype).startswith("float")]
    bits = max(widths, default=64)
    if jax_backend:
        import jax

        bits = min(bits, 64 if jax.config.jax_enable_x64 else 32)
    return f"float{bits}"


def checked_layout(config, extra: dict, draws: dict) -> dict:
    """``extra``'s precision and chain layout as they ran; RuntimeError when either differs from the request.

    The precision is read off the draws' dtype (or, where a sampler widens its draws, as nutpie's Rust core
    does, ``extra["precision_ran"]`` measured from the model), not taken from the method's word; the chain layout is the
    method's own report of what ran (``extra["chain_method"]``, e.g. NumPyro's ``MCMC.chain_method`` after
    construction, which falls back to sequential when devices are short).
    """
    ran = extra.get("precision_ran") or draws_precision(draws) or extra.get("precision")
    if config.precision is not None and ran is not None and ran != config.precision:
        raise RuntimeError(f"--precision {config.precision} was asked but the draws are {ran}")
    layout = extra.get("chain_method")
    if config.chain_method is not None and layout is not None and layout != config.chain_method:
        raise RuntimeError(f"--chain-method {config.chain_method} was asked but {layout} ran")
    checked = {"precision": ran}
    if config.precision is not None:
        checked["precision_requested"] = config.precision
    return checked
