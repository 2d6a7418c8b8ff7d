"""PyMC twins: each module exposes ``build(data, **options) -> pm.Model``."""
