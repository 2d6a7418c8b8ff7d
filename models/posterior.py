"""The Posterior entry: one dataset plus one twin, named ``<dataset>-<model>``."""
from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass, field
from typing import Callable


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

    @property
    def dataset(self) -> str:
        """The dataset half of the name."""
        return self.name.split("-", 1)[0]

    def load_data(self, size: float | None = None) -> dict:
        """Generate the dataset (numpy arrays); ``size`` only for datasets that scale."""
        load = _resolve(f"models.datasets.{self.dataset}", "load")
        if size is None:
            return load()
        if "size" not in inspect.signature(load).parameters:
            raise ValueError(f"dataset {self.dataset!r} has a fixed size")
        return load(size=size)

    def model_options(self, **overrides) -> dict:
        """The options passed to both twins: defaults, then overrides, then the fixed ones."""
        unknown = set(overrides) - set(self.options)
        if unknown:
            raise ValueError(f"{self.name} has no option {sorted(unknown)}; options: {sorted(self.options)}")
        chosen = {name: values[0] for name, values in self.options.items()}
        for name, value in overrides.items():
            if value not in self.options[name]:
                raise ValueError(f"option {name}={value!r} not in {self.options[name]}")
            chosen[name] = value
        return {**chosen, **self.fixed}

    def option_variants(self) -> list[dict]:
        """Every single-option change from the defaults, plus the defaults (for density tests)."""
        variants = [{}]
        for name, values in self.options.items():
            variants += [{name: value} for value in values[1:]]
        return variants

    def pymc_build(self) -> Callable:
        """The PyMC twin's ``build(data, **options) -> pm.Model``."""
        return _resolve(f"models.pymc.{self.family}", "build")

    def numpyro_model(self) -> Callable:
        """The NumPyro twin's ``model(data, **options)``."""
        return _resolve(f"models.numpyro.{self.family}", "model")
