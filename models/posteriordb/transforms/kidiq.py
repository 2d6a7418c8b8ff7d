"""Stan's transformed data of the kidiq and kidiq_with_mom_work twins (both twins call these)."""
import numpy as np

# variants whose Stan program puts sigma ~ cauchy(0, 2.5); the kidiq_with_mom_work ones leave sigma flat
CAUCHY_SIGMA = ("kidscore_momhs", "kidscore_momiq", "kidscore_momhsiq", "kidscore_interaction")


def design(data: dict, variant: str) -> np.ndarray:
    """Stan's transformed data: the design matrix (intercept column first) of ``variant``."""
    hs, iq = (np.asarray(data[k], dtype=np.float64) for k in ("mom_hs", "mom_iq"))
    if variant == "kidscore_momhs":
        columns = [hs]
    elif variant == "kidscore_momiq":
        columns = [iq]
    elif variant == "kidscore_momhsiq":
        columns = [hs, iq]
    elif variant == "kidscore_interaction":
        columns = [hs, iq, hs * iq]
    elif variant in ("kidscore_interaction_c", "kidscore_interaction_c2", "kidscore_interaction_z"):
        if variant == "kidscore_interaction_c":
            c_hs, c_iq = hs - hs.mean(), iq - iq.mean()
        elif variant == "kidscore_interaction_c2":
            c_hs, c_iq = hs - 0.5, iq - 100.0
        else:  # Stan's sd() is the sample sd
            c_hs, c_iq = (hs - hs.mean()) / (2 * hs.std(ddof=1)), (iq - iq.mean()) / (2 * iq.std(ddof=1))
        columns = [c_hs, c_iq, c_hs * c_iq]
    elif variant == "kidscore_mom_work":
        work = np.asarray(data["mom_work"])
        columns = [(work == k).astype(np.float64) for k in (2, 3, 4)]
    else:
        raise ValueError(f"unknown kidiq variant {variant!r}")
    return np.column_stack([np.ones_like(hs), *columns])
