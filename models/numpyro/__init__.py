"""NumPyro twins: each module exposes ``model(data, **options)``, a plain model function."""
