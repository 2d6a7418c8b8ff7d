"""The Python API (re-exported by the ``twinbench`` package): ``compare`` a user's own model.

    import twinbench
    result = twinbench.compare(pymc_model, numpyro_model=model_fn, data=dict(x=x, y=y), seeds=3)
    result.sentences(); result.cells; result.plot(); result.save("my-comparison")

Every run happens in its own process, as in ``twinbench run``. A model given as an object goes to the workers by
cloudpickle (``OUT/model.pkl``): functions and models defined in a notebook or script travel by value, closures
included, as long as what they capture pickles (arrays, numbers, other functions); open files, locks, database
connections and the like do not, and such a model is a one-line error before any run. A model given as a path
(``"my_model.py"``, ``"my_model.py:NAME"``, ``"package.module:NAME"``) is imported again by each worker instead.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Callable

from harness.compare.cells import EQUIVALENCE_FACTOR
from harness.execution.device import DeviceUnavailable, require_device
from harness.records.config import RunConfig
from harness.report.user_model import Comparison
from harness.studies import user_model as study
from models.user_model import UserModel, UserModelError, error_line, load, save_pickle, user_model

DEFAULT_SEEDS = 3
DEFAULT_OUT = "twinbench-compare"  # OUT/<model name>: records, logs, the pickled model, the page


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _model_name(model) -> str:
    """A name for records and the page: the pm.Model's name, the function's name, or "model"."""
    name = getattr(model, "name", "") or getattr(model, "__name__", "") or "model"
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "model"


def resolve(model=None, numpyro_model=None, data: dict | None = None, name: str | None = None) -> UserModel:
    """The UserModel for what was given: a path/module target (str), or a PyMC model and/or a NumPyro model with
    its data. UserModelError (one line) when nothing usable was given."""
    if isinstance(model, (str, Path)):
        if numpyro_model is not None or data is not None:
            raise UserModelError("give the NumPyro model and data inside the file, or pass model objects, not both")
        found = load(str(model))
    else:
        found = user_model(name or _model_name(model if model is not None else numpyro_model), model, numpyro_model,
                           data)
    if name:
        found.name = name
    return found


def configs(seeds: int = DEFAULT_SEEDS, seed: int = 0, draws: int = 1000, tune: int = 1000, chains: int = 4,
            device: str = "cpu", timeout: float = 900.0, target_accept: float = 0.8, caches: str | None = None
            ) -> list[RunConfig]:
    """One validated RunConfig per seed."""
    if not isinstance(seeds, int) or seeds < 1:
        raise ValueError(f"seeds must be a positive integer, got {seeds!r}")
    made = [RunConfig(draws=draws, tune=tune, chains=chains, seed=s, target_accept=target_accept, device=device,
                      timeout=timeout, caches=caches) for s in range(seed, seed + seeds)]
    for config in made:
        config.validate()
    return made


def compare(model=None, numpyro_model: Callable | None = None, data: dict | None = None, *,
            seeds: int = DEFAULT_SEEDS, methods: list[str] | None = None, draws: int = 1000, tune: int = 1000,
            chains: int = 4, seed: int = 0, device: str = "cpu", timeout: float = 900.0, target_accept: float = 0.8,
            caches: str | None = None, out: str | Path | None = None, name: str | None = None, resume: bool = False,
            factor: float = EQUIVALENCE_FACTOR, log: Callable[[str], None] = _stderr) -> Comparison:
    """Run every method that applies to ``model`` (a ``pm.Model``, a function returning one, or a path/module
    target) and/or ``numpyro_model`` (called as ``numpyro_model(**data)``), ``seeds`` seeds each, and judge them.

    ``methods`` defaults to the NUTS-family methods of the libraries given. Records go under ``out`` (default
    ``twinbench-compare/<name>``); with ``resume`` finished runs there are reused. Raises ``UserModelError`` or
    ``ValueError`` (one line) before any run for a model that cannot run or settings that cannot."""
    given = resolve(model, numpyro_model, data, name)
    chosen = study.check_methods(list(methods) if methods else study.default_methods(given))
    run_configs = configs(seeds, seed, draws, tune, chains, device, timeout, target_accept, caches)
    if not factor > 1:
        raise ValueError(f"factor must be > 1, got {factor!r}")
    out_dir = Path(out) if out is not None else Path(DEFAULT_OUT) / given.name
    try:
        require_device(device)
    except DeviceUnavailable as error:
        raise ValueError(str(error)) from None
    log(f"twinbench compare: checking {given.name} (builds, log density, twins)")
    posterior = study.prepare(given)
    if not given.source:
        try:
            given.source = {"pickle": str(save_pickle(given, out_dir / "model.pkl"))}
        except Exception as error:
            raise UserModelError(f"the model cannot be pickled for the worker processes ({error_line(error)}); "
                                 "define it in a file and pass its path") from error
    log(f"twinbench compare: {len(chosen) * len(run_configs)} run(s): {len(chosen)} method(s) x {len(run_configs)} "
        f"seed(s), draws={draws} tune={tune} chains={chains} device={device}; records -> {out_dir}")
    records = study.run(posterior, chosen, run_configs, out_dir, resume=resume, log=log)
    return Comparison(given.name, records, factor)
