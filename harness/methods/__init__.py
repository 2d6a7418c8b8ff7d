"""The method registry: one module per method; libraries are imported only when a method runs."""
from __future__ import annotations

from harness.methods.base import Method
from harness.methods.blackjax_chees import NumpyroChees, PymcChees
from harness.methods.blackjax_mams import NumpyroMams, PymcMams
from harness.methods.blackjax_mclmc import NumpyroMclmc, PymcMclmc
from harness.methods.blackjax_meads import NumpyroMeads, PymcMeads
from harness.methods.blackjax_nuts_lowrank import NumpyroBlackjaxLowRank, PymcBlackjaxLowRank
from harness.methods.blackjax_pathfinder import NumpyroPathfinder, PymcBlackjaxPathfinder
from harness.methods.blackjax_pathfinder_nuts import NumpyroPathfinderNuts, PymcPathfinderNuts
from harness.methods.blackjax_smc import NumpyroSmc, PymcBlackjaxSmc
from harness.methods.numpyro_blackjax import NumpyroBlackjax
from harness.methods.numpyro_hmcecs import NumpyroHmcecs
from harness.methods.numpyro_nuts import NumpyroNuts
from harness.methods.numpyro_svi import NumpyroSvi, NumpyroSviLowRank, NumpyroSviMvn
from harness.methods.numpyro_svi_minibatch import NumpyroSviMinibatch
from harness.methods.pymc_advi_minibatch import PymcAdviMinibatch
from harness.methods.pymc_blackjax import PymcBlackjax
from harness.methods.pymc_numpyro import PymcNumpyro
from harness.methods.pymc_default import PymcDefault
from harness.methods.pymc_dadvi import PymcDadvi
from harness.methods.pymc_nutpie import PymcNutpie, PymcNutpieFlow, PymcNutpieJax, PymcNutpieLowRank
from harness.methods.pymc_nuts import PymcNuts, PymcNutsC
from harness.methods.pymc_pathfinder import PymcPathfinder
from harness.methods.pymc_smc import PymcSmc
from harness.methods.pymc_vi import PymcAdvi, PymcFullRankAdvi

METHODS: dict[str, Method] = {m.name: m for m in (
    PymcDefault(), PymcNuts(), PymcNutsC(), PymcNutpie(), PymcNutpieLowRank(), PymcNutpieJax(), PymcNumpyro(), PymcBlackjax(), NumpyroNuts(), NumpyroBlackjax(),
    PymcAdvi(), PymcFullRankAdvi(), NumpyroSvi(), NumpyroSviMvn(), NumpyroSviLowRank(),
    PymcAdviMinibatch(), NumpyroSviMinibatch(), NumpyroHmcecs(),
    NumpyroMams(), PymcMams(), NumpyroMclmc(), PymcMclmc(), NumpyroChees(), PymcChees(), NumpyroMeads(), PymcMeads(),
    NumpyroBlackjaxLowRank(), PymcBlackjaxLowRank(), NumpyroPathfinderNuts(), PymcPathfinderNuts(), PymcNutpieFlow(),
    NumpyroPathfinder(), PymcBlackjaxPathfinder(), PymcPathfinder(), PymcDadvi(),
    NumpyroSmc(), PymcBlackjaxSmc(), PymcSmc(),
)}

# Beyond NUTS on both leaderboards (issue 31): every new algorithm once, on the NumPyro twin where BlackJAX drives
# it (the twins define the same density; the pymc.* variants run with -m), and the PyMC-only routes; pymc.advi is
# the baseline Pathfinder's published gradient savings are stated against.
BEYOND_NUTS = ("numpyro.mams", "numpyro.mclmc", "numpyro.chees", "numpyro.meads", "numpyro.blackjax_lowrank",
               "numpyro.pathfinder_nuts", "pymc.nutpie_flow", "numpyro.pathfinder", "pymc.pathfinder", "pymc.dadvi",
               "pymc.advi", "numpyro.smc", "pymc.smc")


def names() -> list[str]:
    """All method names, in registry order."""
    return list(METHODS)


def family(name: str) -> list[str]:
    """Names of the methods of one family ("nuts", "mcmc", "smc", "vi", "minibatch"), in registry order."""
    return [m.name for m in METHODS.values() if m.family == name]


def leaderboard_names() -> list[str]:
    """The methods the leaderboards compare: the NUTS family, then ``BEYOND_NUTS``."""
    return family("nuts") + list(BEYOND_NUTS)


def get(name: str) -> Method:
    """The method called ``name``; KeyError naming the valid choices otherwise."""
    try:
        return METHODS[name]
    except KeyError:
        raise KeyError(f"unknown method {name!r}; choose from: {', '.join(METHODS)}") from None
