"""Priors of the logit-normal rate models (21.13b, 21.20), shared by both twins and both families.

Rates live on the logit scale: the population mean logit ~ Normal(-2, 1) (rates around 12%,
95% interval about 2% to 50%), the between-group sd ~ HalfNormal(1), and (21.20 only) the
monthly random-walk sd ~ HalfNormal(0.5) (a month rarely moves a logit rate by more than 1).
The 21.13b model comes ``noncentered`` (the default) or ``centered`` (logit rates sampled
directly, which suits categories with many users). Constants are float64 numpy scalars, so
PyTensor does not store them as float32 constants.
"""
import numpy as np

PARAMETERIZATIONS = ("noncentered", "centered")

MU_NORMAL = (np.float64(-2.0), np.float64(1.0))  # mu (or mu0) ~ Normal(loc, scale)
SIGMA_HALFNORMAL = np.float64(1.0)  # sigma (or sigma0) ~ HalfNormal(scale)
SIGMA_WALK_HALFNORMAL = np.float64(0.5)  # sigma_walk ~ HalfNormal(scale)
