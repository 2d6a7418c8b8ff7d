"""Backend-neutral datasets, the PyMC and NumPyro twins, and the catalog of posteriors."""
