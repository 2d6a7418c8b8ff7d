"""The Posterior entry: one dataset plus one twin, named ``<dataset>-<model>``."""
from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass, field
from typing import Callable

CROSS_VALIDATION_OPTIONS = ("holdout", "fold")  # see models/holdout.py


def _resolve(module: str, attr: str) -> Callable:
    return getattr(importlib.import_module(module), attr)


@dataclass(frozen=True)
class Posterior:
    """A catalog entry. Twins and data are imported lazily, so listing the catalog is cheap.

    ``family`` names the twin module, the same file under ``models/pymc`` and ``models/numpyro``.
    ``fixed`` are options this posterior always passes to its twin (e.g. the parameterization);
    ``options`` are the options a user or study may vary, each with its allowed values, the
    first being the default. ``params`` are the parameter names compared across backends.
    ``reference_from`` names an equivalent posterior whose reference this one uses.
    ``minibatch_axis`` names the observation axis (the twins' likelihood plate) that minibatch
    methods may subsample; both twins then accept ``batch_size`` (None = all data). None when
    the posterior cannot be subsampled.

    ``sizeable`` posteriors scale their data with ``size`` (``load(size=...)``; the dataset's
    docstring says how). Their dataset module also defines ``observations(size) -> int``, the
    count its rule gives without generating anything, so sweeps can be set in observations:
    ``observations(size)`` is the number of observations (the length of the observed ``y``) at
    ``size``, and ``size_for(n)`` the size that gives about ``n`` (n / observations(1.0); exact for
    datasets counted by one rounding, within half the number of groups for per-group counts).
    ``default_size`` is the size of ``load_data()`` (the reference's data): 1 except where the
    dataset's ``load`` defaults otherwise (tennis_sim, whose size 1 is the published data), so
    whether a run's size has the reference's data is ``is_default_size(size)``, not ``size == 1``.
    """

    name: str
    exercise: str
    family: str
    params: tuple[str, ...]
    description: str
    fixed: dict = field(default_factory=dict)
    options: dict[str, tuple] = field(default_factory=dict)
    reference_from: str | None = None
    sizeable: bool = False
    minibatch_axis: str | None = None
    data_loader: str | None = None

    @property
    def dataset(self) -> str:
        """The dataset half of the name."""
        return self.name.split("-", 1)[0]

    @property
    def suite(self) -> str:
        """Which set the posterior belongs to: ``exercises`` (the chapter's, ``21.x``), ``posteriordb``, or
        ``other`` (from beyond both, such as the scaling posterior)."""
        if self.exercise.startswith("21."):
            return "exercises"
        return "posteriordb" if self.exercise == "posteriordb" else "other"

    def load_data(self, size: float | None = None) -> dict:
        """Generate the dataset (numpy arrays); ``size`` only for datasets that scale."""
        if self.data_loader:
            if size is not None:
                raise ValueError(f"dataset {self.dataset!r} has a fixed size")
            return _resolve(*self.data_loader.split(":"))(self.dataset)
        load = _resolve(f"models.datasets.{self.dataset}", "load")
        if size is None:
            return load()
        if "size" not in inspect.signature(load).parameters:
            raise ValueError(f"dataset {self.dataset!r} has a fixed size")
        return load(size=size)

    def _sizeable_rule(self, attr: str) -> Callable:
        if not self.sizeable:
            raise ValueError(f"{self.name} has a fixed dataset")
        return _resolve(f"models.datasets.{self.dataset}", attr)

    @property
    def default_size(self) -> float | None:
        """The size ``load_data()`` generates (the reference's data); None for a fixed dataset."""
        if not self.sizeable:
            return None
        return float(inspect.signature(self._sizeable_rule("load")).parameters["size"].default)

    def is_default_size(self, size: float | None) -> bool:
        """Whether ``size`` gives the default data, the reference's: None, the default size, or 1 for a fixed dataset."""
        return size is None or float(size) == (self.default_size or 1.0)

    def observations(self, size: float | None = None) -> int:
        """Number of observations at ``size`` (None = default), by the dataset's rule, without generating data."""
        rule = self._sizeable_rule("observations")
        return int(rule(self.default_size if size is None else size))

    def size_for(self, n_observations: int) -> float:
        """The ``size`` giving about ``n_observations`` observations (see the class docstring)."""
        if n_observations < 1:
            raise ValueError(f"n_observations must be >= 1, got {n_observations!r}")
        return n_observations / self.observations(1.0)

    def unsupported_reason(self, backend: str) -> str | None:
        """Why methods of ``backend`` cannot run this posterior: never, for a catalog entry (both twins exist)."""
        return None

    def model_options(self, **overrides) -> dict:
        """The options passed to both twins: defaults, then overrides, then the fixed ones. An option at
        None is off and not passed (so adding an off-by-default option, such as ``holdout``, leaves the
        posterior's options, and the references judged by them, as they were)."""
        unknown = set(overrides) - set(self.options)
        if unknown:
            raise ValueError(f"{self.name} has no option {sorted(unknown)}; options: {sorted(self.options)}")
        chosen = {name: values[0] for name, values in self.options.items()}
        for name, value in overrides.items():
            if value not in self.options[name]:
                raise ValueError(f"option {name}={value!r} not in {self.options[name]}")
            chosen[name] = value
        return {**{name: value for name, value in chosen.items() if value is not None}, **self.fixed}

    def option_variants(self) -> list[dict]:
        """Every single-option change from the defaults, plus the defaults (for density tests); a
        cross-validation option (``CROSS_VALIDATION_OPTIONS``) by its first and last index only, since one
        masking rule (``models.holdout``) serves every index."""
        variants = [{}]
        for name, values in self.options.items():
            changes = values[1:]
            if name in CROSS_VALIDATION_OPTIONS and len(changes) > 2:
                changes = (changes[0], changes[-1])
            variants += [{name: value} for value in changes]
        return variants

    def pymc_build(self) -> Callable:
        """The PyMC twin's ``build(data, **options) -> pm.Model``."""
        return _resolve(f"models.pymc.{self.family}", "build")

    def numpyro_model(self) -> Callable:
        """The NumPyro twin's ``model(data, **options)``."""
        return _resolve(f"models.numpyro.{self.family}", "model")
