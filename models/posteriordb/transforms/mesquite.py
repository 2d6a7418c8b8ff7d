"""Stan's transformed data of the mesquite twins: response and design matrix per Stan program (both twins call it)."""
import numpy as np

VARIANTS = ("mesquite", "logmesquite", "logmesquite_logvolume", "logmesquite_logva", "logmesquite_logvas",
            "logmesquite_logvash")


def design(data: dict, variant: str) -> tuple[np.ndarray, np.ndarray]:
    """The Stan program's response and predictor columns (intercept first, in beta's order)."""
    d1, d2, ch = data["diam1"], data["diam2"], data["canopy_height"]
    th, dens, group = data["total_height"], data["density"], data["group"].astype(np.float64)
    volume, area, shape = np.log(d1 * d2 * ch), np.log(d1 * d2), np.log(d1 / d2)
    columns = {
        "mesquite": (d1, d2, ch, th, dens, group),
        "logmesquite": (np.log(d1), np.log(d2), np.log(ch), np.log(th), np.log(dens), group),
        "logmesquite_logvolume": (volume,),
        "logmesquite_logva": (volume, area, group),
        "logmesquite_logvas": (volume, area, shape, np.log(th), np.log(dens), group),
        "logmesquite_logvash": (volume, area, shape, np.log(th), group),
    }[variant]
    y = data["weight"] if variant == "mesquite" else np.log(data["weight"])
    return y, np.column_stack([np.ones(data["N"]), *columns]).astype(np.float64)
