"""posteriordb's data sets, as its snapshot publishes them (``results/inputs/posteriordb/data``).

posteriordb (github.com/stan-dev/posteriordb, BSD 3-Clause: ``results/inputs/posteriordb/LICENCE.md``);
each data set's own source is in ``results/inputs/posteriordb/posteriors.json`` (``data_source``).
Imported by ``scripts/import-posteriordb``.
"""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

import numpy as np

FOLDER = Path(__file__).resolve().parents[2] / "results" / "inputs" / "posteriordb"


@lru_cache(maxsize=None)
def _read(name: str) -> dict:
    path = FOLDER / "data" / f"{name}.json.gz"
    if not path.exists():
        raise FileNotFoundError(f"no posteriordb data set {name!r} in {FOLDER / 'data'}")
    return json.loads(gzip.decompress(path.read_bytes()))


def load(name: str) -> dict:
    """posteriordb data set ``name``: arrays as numpy (int64 when every value is an integer, else float64),
    scalars (Stan's sizes) as Python numbers."""
    data = {}
    for key, value in _read(name).items():
        if isinstance(value, list):
            array = np.asarray(value)
            data[key] = array.astype(np.int64 if np.issubdtype(array.dtype, np.integer) else np.float64)
        else:
            data[key] = value
    return data


def posterior_info(posterior: str) -> dict:
    """What posteriordb says of ``posterior``: model, data, dimensions, sources, how its reference was made."""
    return json.loads((FOLDER / "posteriors.json").read_text())[posterior]
