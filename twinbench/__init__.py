"""twinbench's Python API: which sampler for *your* model (``harness/api.py``).

    import twinbench
    result = twinbench.compare(pymc_model, numpyro_model=model_fn, data=dict(x=x, y=y))
"""
from harness.api import compare
from harness.report.user_model import Comparison
from models.user_model import UserModelError

__all__ = ["compare", "Comparison", "UserModelError"]
