"""The twin proof: both twins give the same joint log density of constrained values.

Prior points are drawn from the NumPyro twin (improper flat sites: NumPyro's ``init_to_uniform``); each is scored by both twins in float64 without
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


def _improper(site: dict) -> bool:
    """Whether a sample site's distribution is an improper flat one (Stan's parameters without a prior)."""
    from numpyro.distributions import ImproperUniform
    from numpyro.distributions.distribution import ExpandedDistribution, Independent

    fn = site["fn"]
    while isinstance(fn, (ExpandedDistribution, Independent)):
        fn = fn.base_dist
    return isinstance(fn, ImproperUniform)


def _draw_improper(site: dict):
    """A value for an improper flat site, which has no prior to draw from: uniform on (-2, 2) in its unconstrained
    space, as NumPyro's ``init_to_uniform`` starts one; None (draw from the prior) for every other site."""
    from numpyro.infer.initialization import init_to_uniform

    if site["type"] == "sample" and not site["is_observed"] and _improper(site):
        return init_to_uniform(site)
    return None


def latent_prior_points(numpyro_model, data: dict, options: dict, k: int, seed: int) -> list[dict]:
    """Draw ``k`` joint prior draws of the latent (unobserved, stochastic) sites (an improper flat site, which has
    no prior to draw from, gets a point as NumPyro's ``init_to_uniform`` would start it)."""
    points = []
    for key in jax.random.split(jax.random.PRNGKey(seed), k):
        seeded = handlers.substitute(handlers.seed(numpyro_model, key), substitute_fn=_draw_improper)
        trace = handlers.trace(seeded).get_trace(data, **options)
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


def pymc_site_log_densities(pymc_model, point: dict) -> dict[str, float]:
    """Per variable (free, observed, potential) of ``pymc_model``: its log density at ``point`` (constrained
    values, no Jacobian)."""
    from pymc.model.transform.conditioning import remove_value_transforms

    untransformed = remove_value_transforms(pymc_model)
    variables = list(untransformed.basic_RVs) + list(untransformed.potentials)
    terms = untransformed.logp(vars=variables, jacobian=False, sum=False)
    values = untransformed.compile_fn(terms, inputs=untransformed.value_vars, on_unused_input="ignore")(point)
    return {var.name: float(np.sum(value)) for var, value in zip(variables, values)}


def numpyro_site_log_densities(numpyro_model, data: dict, options: dict, point: dict) -> dict[str, float]:
    """Per sample site of ``numpyro_model`` (latent, observed, ``numpyro.factor``): its log density at ``point``,
    scaled and masked as ``log_density`` sums them."""
    trace = handlers.trace(handlers.substitute(numpyro_model, data=point)).get_trace(data, **options)
    densities = {}
    for name, site in trace.items():
        if site["type"] != "sample":
            continue
        if site["intermediates"]:
            log_prob = site["fn"].log_prob(site["value"], site["intermediates"])
        else:
            log_prob = site["fn"].log_prob(site["value"])
        if site["scale"] is not None:
            log_prob = site["scale"] * log_prob
        densities[name] = float(jax.numpy.sum(log_prob))
    return densities


def first_differing_site(pymc_model, numpyro_model, data: dict, options: dict, point: dict,
                         rtol: float = 1e-8) -> str | None:
    """The site where the twins' log densities at ``point`` part: the first (in the NumPyro model's order) that one
    twin lacks or whose difference exceeds ``rtol`` relative to the joint (as ``DensityComparison`` measures it),
    else, when only the sum of small differences does, the site differing most; None when the twins agree."""
    pymc_sites = pymc_site_log_densities(pymc_model, point)
    numpyro_sites = numpyro_site_log_densities(numpyro_model, data, options, point)
    names = list(numpyro_sites) + [name for name in pymc_sites if name not in numpyro_sites]
    missing = [name for name in names if name not in pymc_sites or name not in numpyro_sites]
    if missing:
        return missing[0]
    tolerance = rtol * max(abs(sum(numpyro_sites.values())), 1.0)
    differences = {name: abs(pymc_sites[name] - numpyro_sites[name]) for name in names}
    beyond = [name for name in names if differences[name] > tolerance]
    if beyond:
        return beyond[0]
    if abs(sum(pymc_sites.values()) - sum(numpyro_sites.values())) > tolerance:
        return max(differences, key=differences.get)
    return None
