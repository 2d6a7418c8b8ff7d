"""studies/exercises."""
