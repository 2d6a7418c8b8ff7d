"""Deliberately wrong variants of a NumPyro twin, to measure what the agreement test can detect."""
from __future__ import annotations

import numpyro.distributions as dist
from numpyro.primitives import Messenger

SCALE_PARAMETERS = ("scale",)


def _rescaled(fn, factor: float):
    """The same distribution family with its ``scale`` multiplied by ``factor``."""
    if isinstance(fn, dist.ExpandedDistribution):
        return _rescaled(fn.base_dist, factor).expand(fn.batch_shape)
    if isinstance(fn, dist.Independent):
        return dist.Independent(_rescaled(fn.base_dist, factor), fn.reinterpreted_batch_ndims)
    params = {name: getattr(fn, name) for name in fn.arg_constraints}
    if "scale" not in params:
        raise ValueError(f"{type(fn).__name__} has no scale parameter to rescale")
    params["scale"] = params["scale"] * factor
    return type(fn)(**params)


class _ScalePrior(Messenger):
    def __init__(self, fn, site: str, factor: float):
        self.site, self.factor = site, factor
        super().__init__(fn)

    def process_message(self, msg):
        if msg["type"] == "sample" and msg["name"] == self.site and not msg["is_observed"]:
            msg["fn"] = _rescaled(msg["fn"], self.factor)


def with_prior_scale(model, site: str, factor: float):
    """``model`` with the prior scale of latent ``site`` multiplied by ``factor`` (e.g. 1.1)."""

    def planted(*args, **kwargs):
        return _ScalePrior(model, site, factor)(*args, **kwargs)

    planted.__doc__ = f"{getattr(model, '__name__', 'model')} with the prior scale of {site!r} x {factor}"
    return planted
