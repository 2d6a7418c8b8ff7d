"""Studies: the exercises' questions, run through the same machinery, writing tables and plots."""
