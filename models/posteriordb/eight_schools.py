"""posteriordb's eight schools (mu ~ N(0, 5), tau ~ HalfCauchy(5): not the exercise's N(0, 20), HalfCauchy(10))."""
from models.posteriordb.entry import entry

ENTRIES = [
    entry("eight_schools-eight_schools_noncentered", "pdb_eight_schools", ("mu", "tau", "theta"),
          "eight schools, non-centered, posteriordb's priors (mu ~ N(0, 5), tau ~ HalfCauchy(5))"),
]
