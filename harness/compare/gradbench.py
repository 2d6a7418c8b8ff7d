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

Points: ``POINTS`` posterior draws (``harness/compare/gradbench_points.py``), cycled, each converted to the
backend's own unconstrained space. Gradients at one repeated point can be far faster than a sampler's
(branch prediction learns the point); that time is kept beside the floor as ``initial_point_seconds``.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import numpy as np

from harness.compare import gradbench_points
from harness.records.paths import GRADIENT_FLOORS_CSV

BACKENDS = ("pytensor_numba", "pytensor_c", "pymc_jax", "numpyro_jax")
INITIAL_REPEATS = 3  # the initial-point time is a contrast, not a floor
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


def pytensor_gradient(model, backend: str) -> tuple[Callable, Callable]:
    """(PyMC's compiled logp-and-gradient of a raveled point, as its NUTS calls it; a point dict -> raveled point)."""
    from pymc.pytensorf import resolve_backend_compile_kwargs

    mode = resolve_backend_compile_kwargs(backend, {})["mode"]
    fn = model.logp_dlogp_function(ravel_inputs=True, mode=mode)
    compiled = fn._pytensor_function  # what PyMC's NUTS calls for every leapfrog step
    compiled.trust_input = True

    def gradient(x: np.ndarray):
        return compiled(x)

    def ravel(point: dict) -> np.ndarray:
        return np.concatenate([np.asarray(point[v.name], dtype=np.float64).ravel() for v in fn._grad_vars])

    return gradient, ravel


def cycling(call: Callable, inputs: list) -> Callable[[], object]:
    """A no-argument call of ``call`` on the next of ``inputs`` each time, round and round."""
    import itertools

    inputs = itertools.cycle(inputs)
    return lambda: call(next(inputs))


def jax_loop_timer(value_and_grad: Callable) -> Callable:
    """A timer ``(points, repeats) -> (seconds per evaluation inside a compiled loop, per call from Python)``.

    The loop cycles through the points; each input also depends on the last gradient (numerically
    nothing), so XLA cannot hoist the evaluations. Point sets of one size share one compiled loop.
    """
    import jax
    import jax.numpy as jnp

    value_and_grad = jax.jit(value_and_grad)

    def loop(n, stacked):
        count = jax.tree.leaves(stacked)[0].shape[0]

        def body(i, carry):
            offset, acc = carry
            x = jax.tree.map(lambda s, o: s[i % count] + o, stacked, offset)
            value, grad = value_and_grad(x)
            return jax.tree.map(lambda g: 1e-300 * g, grad), acc + value

        start = jax.tree.map(lambda s: jnp.zeros_like(s[0]), stacked)
        return jax.lax.fori_loop(0, n, body, (start, 0.0))

    looped = jax.jit(loop)

    def timer(points: list, repeats: int = REPEATS, target: float = TARGET_SECONDS):
        device_points = [jax.tree.map(jnp.asarray, point) for point in points]
        python = time_python_calls(cycling(lambda x: jax.block_until_ready(value_and_grad(x)), device_points),
                                   repeats, target)
        stacked = jax.tree.map(lambda *leaves: jnp.stack(leaves), *device_points)
        n = max(10, int(target / max(float(np.median(python)) / 5, 1e-7)))
        jax.block_until_ready(looped(n, stacked))  # compile (once per shape)
        inside = []
        for _ in range(repeats):
            start = time.perf_counter()
            jax.block_until_ready(looped(n, stacked))
            inside.append((time.perf_counter() - start) / n)
        return inside, python

    return timer


def pymc_jax_value_and_grad(model):
    """(value_and_grad of PyMC's JAX potential (-logp; PyMC's ``negative_logp=False``) over a list of arrays,
    the value variables' names in that order)."""
    import jax
    from pymc.sampling.jax import get_jaxified_logp

    logp = get_jaxified_logp(model, negative_logp=False)
    return jax.value_and_grad(logp), [v.name for v in model.value_vars]


def numpyro_value_and_grad(posterior, data: dict, options: dict):
    """(value_and_grad of the NumPyro twin's potential energy, its median initial point)."""
    import jax
    from numpyro.infer.initialization import init_to_median
    from numpyro.infer.util import initialize_model

    info = initialize_model(jax.random.PRNGKey(0), posterior.numpyro_model(), model_args=(data,),
                            model_kwargs=options, init_strategy=init_to_median)
    return jax.value_and_grad(info.potential_fn), info.param_info.z


def _time_backend(backend: str, posterior, data: dict, options: dict, points: list[dict]):
    """(seconds per gradient at the posterior points, per Python call there, at the initial point)."""
    if backend.startswith("pytensor_"):
        model = posterior.pymc_build()(data, **options)
        gradient, ravel = pytensor_gradient(model, backend.split("_", 1)[1])
        unconstrained = [ravel(p) for p in gradbench_points.pymc_unconstrained(model, points)]
        inside = time_python_calls(cycling(gradient, unconstrained))
        return inside, inside, time_python_calls(cycling(gradient, [ravel(model.initial_point())]), INITIAL_REPEATS)
    if backend == "pymc_jax":
        model = posterior.pymc_build()(data, **options)
        fn, names = pymc_jax_value_and_grad(model)
        as_list = lambda point: [np.asarray(point[name], dtype=np.float64) for name in names]  # noqa: E731
        unconstrained = [as_list(p) for p in gradbench_points.pymc_unconstrained(model, points)]
        initial = as_list(model.initial_point())
    else:
        fn, initial = numpyro_value_and_grad(posterior, data, options)
        unconstrained = gradbench_points.numpyro_unconstrained(posterior.numpyro_model(), data, options, points)
    timer = jax_loop_timer(fn)
    inside, python = timer(unconstrained)
    at_initial, _ = timer([initial] * len(unconstrained), INITIAL_REPEATS)
    return inside, python, at_initial


def bench_posterior(posterior, backends=BACKENDS, log: Callable[[str], None] = lambda line: None) -> list[dict]:
    """One row per backend: median seconds per gradient at posterior draws (and quartiles), per Python call,
    and at the initial point."""
    import jax

    jax.config.update("jax_enable_x64", True)
    data = posterior.load_data()
    options = posterior.model_options()
    start = time.time()
    try:
        points = gradbench_points.posterior_points(posterior, data, options)
    except Exception as error:  # no draws to time at: every backend's row says why
        status = f"failed: posterior draws: {type(error).__name__}: {error}".splitlines()[0][:300]
        return [{"posterior": posterior.name, "backend": backend, "status": status} for backend in backends]
    log(f"{posterior.name}: {len(points)} posterior draws to time gradients at ({time.time() - start:.1f} s)")
    rows = []
    for backend in backends:
        start = time.time()
        try:
            inside, python, at_initial = _time_backend(backend, posterior, data, options, points)
            row = {"posterior": posterior.name, "backend": backend, "status": "ok",
                   "seconds_per_grad": float(np.median(inside)), "q25": float(np.quantile(inside, 0.25)),
                   "q75": float(np.quantile(inside, 0.75)), "python_call_seconds": float(np.median(python)),
                   "initial_point_seconds": float(np.median(at_initial)), "points": len(points)}
        except Exception as error:  # a backend that cannot build this posterior is data, not a crash
            row = {"posterior": posterior.name, "backend": backend,
                   "status": f"failed: {type(error).__name__}: {error}".splitlines()[0][:300]}
        row["bench_seconds"] = time.time() - start
        log(f"{posterior.name} {backend}: " + (f"{row['seconds_per_grad'] * 1e6:.2f} us/grad at posterior draws, "
                                               f"{row['initial_point_seconds'] * 1e6:.2f} at the initial point"
                                               if row["status"] == "ok" else row["status"]))
        rows.append(row)
    return rows


def _gradbench_frame(path: str | Path):
    """The gradbench CSV at ``path`` as a table; None if there is none."""
    import pandas as pd

    return pd.read_csv(path) if Path(path).exists() else None


def load_floors(path: str | Path = GRADIENT_FLOORS_CSV) -> dict:
    """(posterior, backend) -> seconds per gradient from a gradbench CSV (default: the committed floors,
    ``results/inputs/gradient_floors.csv``); empty if there is none."""
    frame = _gradbench_frame(path)
    if frame is None:
        return {}
    frame = frame[frame["status"] == "ok"]
    return {(row.posterior, row.backend): float(row.seconds_per_grad) for row in frame.itertuples()}


def floors_platforms(path: str | Path = GRADIENT_FLOORS_CSV) -> set:
    """The machines (``platform``) a gradbench CSV was measured on; empty if it has none or does not say."""
    frame = _gradbench_frame(path)
    return set(frame["platform"].dropna()) if frame is not None and "platform" in frame else set()
