"""Seeded, backend-neutral data generators (numpy only), one module per dataset."""
