"""Structures and priors of the MediCore multilevel treatment-effect models (21.26), shared by both twins.

Effects are in mmHg. ``three_level``: country and hospital random effects; ``two_level``:
hospital effects only (no ``tau_country``).
"""

STRUCTURES = ("three_level", "two_level")

PRIORS = {
    "mu": (0.0, 10.0),  # Normal(mean, sd): population mean treatment effect
    "tau_country": 5.0,  # HalfNormal scale
    "tau_hospital": 5.0,  # HalfNormal scale
    "sigma": 20.0,  # HalfNormal scale, patient-level sd
}


def check_structure(structure: str) -> str:
    """Return ``structure`` if it is known, else raise ValueError."""
    if structure not in STRUCTURES:
        raise ValueError(f"unknown structure {structure!r}; choose from {STRUCTURES}")
    return structure
