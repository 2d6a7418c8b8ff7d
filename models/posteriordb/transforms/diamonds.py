"""Stan's transformed data of the diamonds twins: the centred design matrix, brms style (both twins call it)."""
import numpy as np


def centred(data: dict) -> np.ndarray:
    """Stan's Xc: X without its intercept column (the first), each column minus its mean."""
    X = np.asarray(data["X"], dtype=np.float64)[:, 1:]
    return X - X.mean(axis=0)
