"""Twins that part at sigma's prior scale (PyMC 5, NumPyro 6): compare must stop naming sigma."""
from twins import data, pymc_model  # noqa: F401  (the file's folder is importable, as with ``python PATH``)
from twins import numpyro_model as numpyro_twin


def numpyro_model(y):
    numpyro_twin(y, sigma_scale=6.0)
