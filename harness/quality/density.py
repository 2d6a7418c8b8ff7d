"""The twin proof: both twins give the same joint log density of constrained values.

Prior points are drawn from the NumPyro twin; each is scored by both twins in float64 without
Jacobian terms (PyMC with its value transforms removed, NumPyro with ``log_density``).
"""
from __future__ import annotations

from dataclasses import dataclass

import jax
import numpy as np

jax.config.update("jax_enable_x64", True)

from numpyro import handlers  # noqa: E402
from numpyro.infer.util import log_density  # noqa: E402


@dataclass(frozen=True)
class DensityComparison:
    """Log densities of one prior point under both twins."""

    point: dict
    pymc: float
    numpyro: float

    @property
    def relative_difference(self) -> float:
        """|pymc - numpyro| / max(|numpyro|, 1)."""
        return abs(self.pymc - self.numpyro) / max(abs(self.numpyro), 1.0)


def latent_prior_points(numpyro_model, data: dict, options: dict, k: int, seed: int) -> list[dict]:
    """Draw ``k`` joint prior draws of the latent (unobserved, stochastic) sites."""
    points = []
    for key in jax.random.split(jax.random.PRNGKey(seed), k):
        trace = handlers.trace(handlers.seed(numpyro_model, key)).get_trace(data, **options)
        points.append({
            name: np.asarray(site["value"], dtype=np.float64)
            for name, site in trace.items()
            if site["type"] == "sample" and not site["is_observed"]
        })
    return points


def numpyro_log_joint(numpyro_model, data: dict, options: dict, point: dict) -> float:
    """Joint log density of constrained values under the NumPyro twin."""
    value, _ = log_density(numpyro_model, (data,), options, point)
    return float(value)


def pymc_log_joint_fn(pymc_model):
    """Free-parameter shapes and a function point -> joint log density (constrained, no Jacobian)."""
    from pymc.model.transform.conditioning import remove_value_transforms

    untransformed = remove_value_transforms(pymc_model)
    logp = untransformed.compile_logp(jacobian=False)
    shapes = {name: np.shape(value) for name, value in untransformed.initial_point().items()}
    return shapes, lambda point: float(logp(point))


def compare_twins(posterior, k: int = 5, seed: int = 0, options: dict | None = None,
                  numpyro_model=None) -> list[DensityComparison]:
    """Score ``k`` prior points with both twins of ``posterior``.

    ``numpyro_model`` replaces the catalog's NumPyro twin (used to plant a mismatch in tests).
    Raises ValueError when the twins' free parameters differ in name or shape.
    """
    model_options = posterior.model_options(**(options or {}))
    data = posterior.load_data()
    numpyro_fn = numpyro_model or posterior.numpyro_model()
    pymc_model = posterior.pymc_build()(data, **model_options)
    pymc_shapes, pymc_logp = pymc_log_joint_fn(pymc_model)
    points = latent_prior_points(numpyro_fn, data, model_options, k, seed)
    numpyro_shapes = {name: value.shape for name, value in points[0].items()}
    if pymc_shapes != numpyro_shapes:
        raise ValueError(f"free parameters differ: pymc {pymc_shapes} vs numpyro {numpyro_shapes}")
    return [
        DensityComparison(point, pymc_logp(point), numpyro_log_joint(numpyro_fn, data, model_options, point))
        for point in points
    ]


def twins_agree(comparisons: list[DensityComparison], rtol: float = 1e-8) -> bool:
    """True when every point's relative difference is within ``rtol``."""
    return all(c.relative_difference <= rtol for c in comparisons)
