"""Predictor sets of the nested regressions (21.15), shared by both twins.

Each set names the columns that enter the linear predictor; ``noise10`` stands for the ten
columns of ``X_noise``. ``none`` is the intercept-only model (no ``beta``).
"""
import numpy as np

PREDICTOR_SETS = {
    "none": (),
    "x1": ("x1",),
    "x1_x2": ("x1", "x2"),
    "x1_x2_x3": ("x1", "x2", "x3"),
    "x1_x2_x3_noise10": ("x1", "x2", "x3", "noise10"),
}


def design_matrix(data: dict, predictors: str) -> np.ndarray:
    """Return the n x k design (no intercept column) for a named predictor set, or raise ValueError."""
    if predictors not in PREDICTOR_SETS:
        raise ValueError(f"unknown predictors {predictors!r}; choose from {sorted(PREDICTOR_SETS)}")
    n = data["y"].shape[0]
    columns = [data["X_noise"] if name == "noise10" else data[name][:, None] for name in PREDICTOR_SETS[predictors]]
    return np.concatenate(columns, axis=1) if columns else np.empty((n, 0))
