"""The method registry: one module per method; libraries are imported only when a method runs."""
from __future__ import annotations

from harness.methods.base import Method
from harness.methods.numpyro_blackjax import NumpyroBlackjax
from harness.methods.numpyro_hmcecs import NumpyroHmcecs
from harness.methods.numpyro_nuts import NumpyroNuts
from harness.methods.numpyro_svi import NumpyroSvi, NumpyroSviLowRank, NumpyroSviMvn
from harness.methods.numpyro_svi_minibatch import NumpyroSviMinibatch
from harness.methods.pymc_advi_minibatch import PymcAdviMinibatch
from harness.methods.pymc_blackjax import PymcBlackjax
from harness.methods.pymc_numpyro import PymcNumpyro
from harness.methods.pymc_default import PymcDefault
from harness.methods.pymc_nutpie import PymcNutpie, PymcNutpieJax, PymcNutpieLowRank
from harness.methods.pymc_nuts import PymcNuts, PymcNutsC
from harness.methods.pymc_vi import PymcAdvi, PymcFullRankAdvi

METHODS: dict[str, Method] = {m.name: m for m in (
    PymcDefault(), PymcNuts(), PymcNutsC(), PymcNutpie(), PymcNutpieLowRank(), PymcNutpieJax(), PymcNumpyro(), PymcBlackjax(), NumpyroNuts(), NumpyroBlackjax(),
    PymcAdvi(), PymcFullRankAdvi(), NumpyroSvi(), NumpyroSviMvn(), NumpyroSviLowRank(),
    PymcAdviMinibatch(), NumpyroSviMinibatch(), NumpyroHmcecs(),
)}


def names() -> list[str]:
    """All method names, in registry order."""
    return list(METHODS)


def family(name: str) -> list[str]:
    """Names of the methods of one family ("nuts", "vi", "minibatch"), in registry order."""
    return [m.name for m in METHODS.values() if m.family == name]


def get(name: str) -> Method:
    """The method called ``name``; KeyError naming the valid choices otherwise."""
    try:
        return METHODS[name]
    except KeyError:
        raise KeyError(f"unknown method {name!r}; choose from: {', '.join(METHODS)}") from None
