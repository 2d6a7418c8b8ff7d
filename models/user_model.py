"""A user's own model, brought in without an edit inside the package (``twinbench compare``).

Where it comes from (``load``):

- ``PATH.py`` or ``PATH.py:NAME``: a Python file, run as a module;
- ``module:NAME`` (or ``module``): an importable module;
- a cloudpickle file (``load_pickle``): what ``twinbench.compare(model, ...)`` writes for its worker processes.

What it must define (the convention ``twinbench compare --help`` states):

- ``pymc_model``: a ``pm.Model``, or a function without arguments that returns one (``NAME`` picks another
  attribute; without either, the module's one ``pm.Model`` is taken);
- ``numpyro_model`` and ``data``: a NumPyro model function, called as ``numpyro_model(**data)``, and its
  keyword arguments (the observed values among them).

``UserPosterior`` gives the methods what a catalog ``Posterior`` gives them (``pymc_build``, ``numpyro_model``,
``params``, ``load_data``, ``model_options``), so a user's model runs through the same executors and records.
"""
from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

PYMC_ATTRIBUTE = "pymc_model"
NUMPYRO_ATTRIBUTE = "numpyro_model"
DATA_ATTRIBUTE = "data"
SUITE = "user"


class UserModelError(ValueError):
    """A user's model cannot be used (no model, a model without data, one that does not build): one line."""


@dataclass
class UserModel:
    """A PyMC model (or builder) and/or a NumPyro model with its data, and how a worker process loads it again."""

    name: str
    pymc: object | None = None  # a pm.Model or a function returning one
    numpyro: Callable | None = None
    data: dict | None = None
    source: dict = field(default_factory=dict)  # {"path"|"module": ..., "attribute": ...} or {"pickle": path}

    def pymc_model(self):
        """The PyMC model (built, when a builder was given)."""
        import pymc as pm

        model = self.pymc() if callable(self.pymc) and not isinstance(self.pymc, pm.Model) else self.pymc
        if not isinstance(model, pm.Model):
            raise UserModelError(f"{PYMC_ATTRIBUTE} returned {type(model).__name__}, not a pm.Model")
        return model


def error_line(error: BaseException) -> str:
    """``Type: first line of the message``: a library's error as one line."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}".rstrip(": ")


def _import_path(path: Path):
    """Run a Python file as a module of its own (its folder importable, as ``python PATH`` would have it)."""
    module_name = f"twinbench_user_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent.resolve()))
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        raise UserModelError(f"{path}: {error_line(error)}") from error
    return module


def split_target(target: str) -> tuple[str, str | None, bool]:
    """``PATH[:NAME]`` or ``module[:NAME]`` -> (path or module, NAME or None, whether it is a file)."""
    head, colon, name = target.rpartition(":")
    if not colon:
        head, name = target, ""
    return head, name or None, head.endswith(".py")


def load(target: str) -> UserModel:
    """The model(s) ``target`` defines (see the module docstring); UserModelError with one line otherwise."""
    where, attribute, is_file = split_target(target)
    if is_file:
        path = Path(where)
        if not path.is_file():
            raise UserModelError(f"no such file: {where}")
        module, source, name = _import_path(path), {"path": str(path.resolve())}, path.stem
    else:
        if "" not in sys.path and str(Path.cwd()) not in sys.path:
            sys.path.insert(0, str(Path.cwd()))  # a module beside the user, as ``python -m`` would find it
        try:
            module = importlib.import_module(where)
        except Exception as error:
            raise UserModelError(f"cannot import {where!r} ({error_line(error)}); give a .py file or an importable "
                                 "module") from error
        source, name = {"module": where}, where.rsplit(".", 1)[-1]
    source["attribute"] = attribute
    return from_namespace(vars(module), attribute, name, source, where)


def _module_models(namespace: dict) -> list[str]:
    import pymc as pm

    return [key for key, value in namespace.items() if isinstance(value, pm.Model) and not key.startswith("_")]


def from_namespace(namespace: dict, attribute: str | None, name: str, source: dict, where: str) -> UserModel:
    """Pick the models out of a module's namespace by the convention."""
    if attribute is not None and attribute not in namespace:
        raise UserModelError(f"{where} has no attribute {attribute!r}")
    pymc = namespace.get(attribute or PYMC_ATTRIBUTE)
    numpyro, data = namespace.get(NUMPYRO_ATTRIBUTE), namespace.get(DATA_ATTRIBUTE)
    if pymc is None and attribute is None:
        found = _module_models(namespace)
        if len(found) > 1:
            raise UserModelError(f"{where} defines {len(found)} pm.Model objects ({', '.join(found)}); "
                                 f"name one: {where}:NAME")
        pymc = namespace[found[0]] if found else None
    if pymc is not None and not _is_pymc(pymc):
        raise UserModelError(f"{attribute or PYMC_ATTRIBUTE} in {where} is a {type(pymc).__name__}: give a pm.Model "
                             "or a function without arguments that returns one")
    return user_model(name, pymc, numpyro, data, source, where)


def _is_pymc(value) -> bool:
    import pymc as pm

    if isinstance(value, pm.Model):
        return True
    if not callable(value):
        return False
    required = [p for p in inspect.signature(value).parameters.values()
                if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    return not required


def user_model(name: str, pymc=None, numpyro=None, data=None, source: dict | None = None,
               where: str = "the model") -> UserModel:
    """Check what a user gave and bundle it; UserModelError (one line) for what cannot run."""
    if pymc is None and numpyro is None:
        raise UserModelError(f"{where} defines no model: give {PYMC_ATTRIBUTE} (a pm.Model or a function returning "
                             f"one) and/or {NUMPYRO_ATTRIBUTE} with {DATA_ATTRIBUTE}")
    if numpyro is not None and not callable(numpyro):
        raise UserModelError(f"{NUMPYRO_ATTRIBUTE} in {where} is a {type(numpyro).__name__}, not a function")
    if numpyro is not None and data is None:
        raise UserModelError(f"{where}: {NUMPYRO_ATTRIBUTE} needs its data: define {DATA_ATTRIBUTE} = dict(...) "
                             f"(keyword arguments, called as {NUMPYRO_ATTRIBUTE}(**{DATA_ATTRIBUTE}))")
    if data is not None and not isinstance(data, dict):
        raise UserModelError(f"{DATA_ATTRIBUTE} in {where} is a {type(data).__name__}: give a dict of the NumPyro "
                             "model's keyword arguments")
    return UserModel(name, pymc, numpyro, data, dict(source or {}))


def load_pickle(path: str | Path) -> UserModel:
    """A UserModel that ``save_pickle`` wrote."""
    import cloudpickle

    with open(path, "rb") as handle:
        model = cloudpickle.load(handle)
    model.source = {"pickle": str(path)}
    return model


def save_pickle(model: UserModel, path: str | Path) -> Path:
    """Write ``model`` with cloudpickle (functions defined in a notebook or ``__main__`` go by value)."""
    import cloudpickle

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    modules = _user_modules(model.pymc, model.numpyro)
    for module in modules:  # the user's own modules go by value: a worker need not find them on its path
        cloudpickle.register_pickle_by_value(module)
    try:
        with open(path, "wb") as handle:
            cloudpickle.dump(UserModel(model.name, model.pymc, model.numpyro, model.data), handle)
    finally:
        for module in modules:
            cloudpickle.unregister_pickle_by_value(module)
    return path


def _user_modules(*objects) -> list:
    """The modules the user's functions live in, other than ``__main__`` (pickled by value anyway) and installed
    packages (which a worker imports like any library)."""
    found = []
    for obj in objects:
        module = inspect.getmodule(obj) if callable(obj) and not hasattr(obj, "basic_RVs") else None
        if module is None or module.__name__ == "__main__" or module in found:
            continue
        file = getattr(module, "__file__", None) or ""
        if "site-packages" not in file and "dist-packages" not in file and file:
            found.append(module)
    return found


def from_source(source: dict, name: str) -> UserModel:
    """Load a model again in a worker process from ``UserModel.source``."""
    if "pickle" in source:
        return load_pickle(source["pickle"])
    where = source.get("path") or source["module"]
    target = f"{where}:{source['attribute']}" if source.get("attribute") else where
    model = load(target)
    model.name = name
    return model


def _pymc_params(model) -> tuple[list[str], list[str]]:
    """Free variables of a PyMC model, and those among them that are discrete."""
    names = [rv.name for rv in model.free_RVs]
    discrete = [rv.name for rv in model.free_RVs if rv.type.dtype.startswith(("int", "uint", "bool"))]
    return names, discrete


def _numpyro_params(fn: Callable, data: dict) -> tuple[list[str], list[str]]:
    """Latent sample sites of a NumPyro model (one prior trace), and those among them that are discrete."""
    from numpyro import handlers

    trace = handlers.trace(handlers.seed(fn, 0)).get_trace(**data)
    latent = {n: s for n, s in trace.items() if s["type"] == "sample" and not s["is_observed"]}
    return list(latent), [n for n, s in latent.items() if s["fn"].support.is_discrete]


@dataclass
class UserPosterior:
    """A user's model in the shape the methods take a catalog ``Posterior`` (no options, one data size)."""

    model: UserModel
    name: str = ""
    exercise: str = SUITE
    family: str = SUITE
    description: str = "a user's model"
    fixed: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    reference_from: None = None
    sizeable: bool = False
    minibatch_axis: None = None
    suite: str = SUITE

    def __post_init__(self):
        self.name = self.name or self.model.name
        self._pymc_model = None
        self.backends = {}  # backend -> (free parameters, discrete ones)
        try:
            if self.model.pymc is not None:
                self._pymc_model = self.model.pymc_model()
                self.backends["pymc"] = _pymc_params(self._pymc_model)
            if self.model.numpyro is not None:
                self.backends["numpyro"] = _numpyro_params(self.model.numpyro, self.model.data)
        except UserModelError:
            raise
        except Exception as error:  # the library's own message, on one line
            raise UserModelError(f"the model does not build: {error_line(error)}") from error

    @property
    def params(self) -> tuple[str, ...]:
        """The compared parameters: the PyMC model's free variables, else the NumPyro model's latent sites."""
        return tuple(self.backends.get("pymc", self.backends.get("numpyro"))[0])

    def unsupported_reason(self, backend: str) -> str | None:
        """Why a method of ``backend`` cannot run this model (no model for it, a discrete latent); None if it can."""
        if backend not in self.backends:
            return f"no {'PyMC' if backend == 'pymc' else 'NumPyro'} model given"
        discrete = self.backends[backend][1]
        if discrete:
            return f"discrete latent variable(s) {', '.join(discrete)}: gradient-based methods need continuous ones"
        return None

    def load_data(self, size: float | None = None) -> dict:
        """The NumPyro model's keyword arguments (empty for a PyMC model alone, whose data it holds)."""
        if size is not None:
            raise ValueError("a user's model has one data size")
        return dict(self.model.data or {})

    def model_options(self, **overrides) -> dict:
        """A user's model takes no options."""
        if overrides:
            raise ValueError(f"a user's model takes no options, got {sorted(overrides)}")
        return {}

    def is_default_size(self, size: float | None) -> bool:
        """One data size only."""
        return size is None

    def pymc_build(self) -> Callable:
        """``build(data, **options) -> pm.Model``, as the catalog's twins have it."""
        return lambda data, **options: self._pymc_model

    def numpyro_model(self) -> Callable:
        """``model(data, **options)``, as the catalog's twins have it: the user's ``numpyro_model(**data)``."""
        fn = self.model.numpyro
        return lambda data, **options: fn(**data)
