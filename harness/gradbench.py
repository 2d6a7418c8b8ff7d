"""Time of one log-density-and-gradient evaluation per backend: the floor under every NUTS step.

Backends (``Method.gradient_backend`` names which one a method uses):
- ``pytensor_numba`` / ``pytensor_c``: PyMC's ``model.logp_dlogp_function`` compiled with Numba or
  PyTensor's C backend, called from Python with a raveled point, as PyMC's own NUTS calls it
  (``pymc.nuts``, ``pymc.nuts_c``). nutpie (``pymc.nutpie``, ``pymc.default``) runs the same Numba
  graph but calls it from Rust, without the Python call, so its limit ratio can fall below 1 on
  small posteriors: the Python call is part of this floor.
- ``pymc_jax``: PyMC's model compiled to JAX (``get_jaxified_logp``), ``jax.value_and_grad``.
- ``numpyro_jax``: the NumPyro twin's potential (``initialize_model``), ``jax.value_and_grad``.
JAX gradients are timed inside one compiled ``lax.fori_loop`` of many evaluations, each one's input
depending on the last one's gradient (so XLA cannot hoist them), the way a sampler's compiled
loop calls them; the per-call time from Python (dispatch included) is reported beside it.

Points: each backend's own initial point (PyMC's ``initial_point()``; NumPyro's
``init_to_median``), in the unconstrained space the samplers move in.
"""
from __future__ import annotations

import time
from typing import Callable

import numpy as np

BACKENDS = ("pytensor_numba", "pytensor_c", "pymc_jax", "numpyro_jax")
TARGET_SECONDS = 0.2  # each timing block lasts about this long
REPEATS = 7


def time_python_calls(call: Callable[[], object], repeats: int = REPEATS,
                      target: float = TARGET_SECONDS) -> list[float]:
    """Seconds per call of ``call()`` in ``repeats`` blocks, each sized to last about ``target`` seconds."""
    call()
    start, number = time.perf_counter(), 0
    while time.perf_counter() - start < target / 10:
        call()
        number += 1
    number = max(1, int(number * 10 * target / max(time.perf_counter() - start, 1e-9) / 10))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            call()
        times.append((time.perf_counter() - start) / number)
    return times


def pytensor_value_and_grad(model, backend: str) -> Callable[[], object]:
    """A no-argument call of PyMC's compiled logp-and-gradient at the model's initial point."""
    from pymc.pytensorf import resolve_backend_compile_kwargs

    mode = resolve_backend_compile_kwargs(backend, {})["mode"]
    fn = model.logp_dlogp_function(ravel_inputs=True, mode=mode)
    compiled = fn._pytensor_function  # what PyMC's NUTS calls for every leapfrog step
    compiled.trust_input = True
    point = model.initial_point()
    x = np.concatenate([np.asarray(point[v.name], dtype=np.float64).ravel() for v in fn._grad_vars])
    return lambda: compiled(x)


def jax_loop_seconds(value_and_grad: Callable, x0, repeats: int = REPEATS,
                     target: float = TARGET_SECONDS) -> tuple[list[float], list[float]]:
    """(seconds per evaluation inside a compiled loop, seconds per evaluation called from Python)."""
    import jax
    import jax.numpy as jnp

    value_and_grad = jax.jit(value_and_grad)

    def loop(n, x):
        def body(_, carry):
            x, acc = carry
            value, grad = value_and_grad(x)
            step = jax.tree.map(lambda g: 1e-300 * g, grad)  # a data dependence, numerically nothing
            return jax.tree.map(jnp.add, x, step), acc + value

        return jax.lax.fori_loop(0, n, body, (x, 0.0))

    looped = jax.jit(loop)
    python = time_python_calls(lambda: jax.block_until_ready(value_and_grad(x0)), repeats, target)
    per_call = float(np.median(python))
    n = max(10, int(target / max(per_call / 5, 1e-7)))
    jax.block_until_ready(looped(n, x0))  # compile
    inside = []
    for _ in range(repeats):
        start = time.perf_counter()
        jax.block_until_ready(looped(n, x0))
        inside.append((time.perf_counter() - start) / n)
    return inside, python


def pymc_jax_value_and_grad(model):
    """(value_and_grad of PyMC's JAX log density over a list of arrays, the initial point as that list)."""
    import jax
    from pymc.sampling.jax import get_jaxified_logp

    logp = get_jaxified_logp(model, negative_logp=False)
    point = model.initial_point()
    x0 = [jax.numpy.asarray(point[v.name], dtype=jax.numpy.float64) for v in model.value_vars]
    return jax.value_and_grad(logp), x0


def numpyro_value_and_grad(posterior, data: dict, options: dict):
    """(value_and_grad of the NumPyro twin's potential energy, its median initial point)."""
    import jax
    from numpyro.infer.initialization import init_to_median
    from numpyro.infer.util import initialize_model

    info = initialize_model(jax.random.PRNGKey(0), posterior.numpyro_model(), model_args=(data,),
                            model_kwargs=options, init_strategy=init_to_median)
    return jax.value_and_grad(info.potential_fn), info.param_info.z


def bench_posterior(posterior, backends=BACKENDS, log: Callable[[str], None] = lambda line: None) -> list[dict]:
    """One row per backend: median seconds per gradient (and quartiles), Python-call seconds for JAX."""
    import jax

    jax.config.update("jax_enable_x64", True)
    data = posterior.load_data()
    options = posterior.model_options()
    rows = []
    for backend in backends:
        start = time.time()
        try:
            if backend.startswith("pytensor_"):
                model = posterior.pymc_build()(data, **options)
                inside = time_python_calls(pytensor_value_and_grad(model, backend.split("_", 1)[1]))
                python = inside
            else:
                if backend == "pymc_jax":
                    fn, x0 = pymc_jax_value_and_grad(posterior.pymc_build()(data, **options))
                else:
                    fn, x0 = numpyro_value_and_grad(posterior, data, options)
                inside, python = jax_loop_seconds(fn, x0)
            row = {"posterior": posterior.name, "backend": backend, "status": "ok",
                   "seconds_per_grad": float(np.median(inside)), "q25": float(np.quantile(inside, 0.25)),
                   "q75": float(np.quantile(inside, 0.75)), "python_call_seconds": float(np.median(python))}
        except Exception as error:  # a backend that cannot build this posterior is data, not a crash
            row = {"posterior": posterior.name, "backend": backend,
                   "status": f"failed: {type(error).__name__}: {error}".splitlines()[0][:300]}
        row["bench_seconds"] = time.time() - start
        log(f"{posterior.name} {backend}: " + (f"{row['seconds_per_grad'] * 1e6:.2f} us/grad"
                                               if row["status"] == "ok" else row["status"]))
        rows.append(row)
    return rows


GRADBENCH_CSV = "results/studies/gradbench.csv"


def _gradbench_frame(path: str):
    """The gradbench CSV at ``path`` as a table; None if there is none."""
    from pathlib import Path

    import pandas as pd

    return pd.read_csv(path) if Path(path).exists() else None


def load_floors(path: str = GRADBENCH_CSV) -> dict:
    """(posterior, backend) -> seconds per gradient from a committed gradbench CSV; empty if there is none."""
    frame = _gradbench_frame(path)
    if frame is None:
        return {}
    frame = frame[frame["status"] == "ok"]
    return {(row.posterior, row.backend): float(row.seconds_per_grad) for row in frame.itertuples()}


def floors_platforms(path: str = GRADBENCH_CSV) -> set:
    """The machines (``platform``) a gradbench CSV was measured on; empty if it has none or does not say."""
    frame = _gradbench_frame(path)
    return set(frame["platform"].dropna()) if frame is not None and "platform" in frame else set()
