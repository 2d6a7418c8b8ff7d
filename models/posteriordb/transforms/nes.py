"""Stan's transformed data of the nes twins: the design matrix (both twins call it)."""
import numpy as np


def design(data: dict) -> np.ndarray:
    """[1, real_ideo, race_adj, age30_44, age45_64, age65up, educ1, gender, income]: age_discrete 2, 3, 4 as dummies."""
    age = data["age_discrete"]
    columns = (np.ones(data["N"]), data["real_ideo"], data["race_adj"], age == 2, age == 3, age == 4,
               data["educ1"], data["gender"], data["income"])
    return np.column_stack(columns).astype(np.float64)
