"""One posteriordb catalog entry: the posterior's own name, its twin family and compared parameters."""
from __future__ import annotations

from models.posterior import Posterior

SOURCE = "posteriordb"


def entry(name: str, family: str, params: tuple[str, ...], description: str, **fields) -> Posterior:
    """A posteriordb posterior (``name`` as posteriordb spells it, ``<data>-<model>``): data from
    ``models.datasets.posteriordb``, twins ``models/{pymc,numpyro}/<family>.py``, reference from posteriordb."""
    return Posterior(name=name, exercise=SOURCE, family=family, params=params, description=description,
                     data_loader="models.datasets.posteriordb:load", **fields)
