"""Stan's transformed data of the earnings twins (both twins call these)."""
import numpy as np


def design(data: dict, variant: str) -> tuple[np.ndarray, np.ndarray]:
    """Stan's transformed data: the outcome and the design matrix (intercept column first) of ``variant``."""
    earn, height, male = (np.asarray(data[k], dtype=np.float64) for k in ("earn", "height", "male"))
    z_height = (height - height.mean()) / height.std(ddof=1)  # Stan's sd() is the sample sd
    y, columns = {
        "earn_height": (earn, [height]),
        "log10earn_height": (np.log10(earn), [height]),
        "logearn_height": (np.log(earn), [height]),
        "logearn_height_male": (np.log(earn), [height, male]),
        "logearn_interaction": (np.log(earn), [height, male, height * male]),
        "logearn_interaction_z": (np.log(earn), [z_height, male, z_height * male]),
        "logearn_logheight_male": (np.log(earn), [np.log(height), male]),
    }[variant]
    return y, np.column_stack([np.ones_like(earn), *columns])
