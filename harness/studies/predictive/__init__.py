"""studies/predictive."""
