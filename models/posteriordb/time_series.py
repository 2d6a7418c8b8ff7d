"""posteriordb's time-series, hidden Markov and mixture posteriors (recursions and forward algorithm as log densities)."""
from models.posteriordb.entry import entry

ENTRIES = [
    entry("arK-arK", "pdb_ark", ("alpha", "beta", "sigma"),
          "AR(5) regression on lagged values of a simulated series, T = 200"),
    entry("arma-arma11", "pdb_arma11", ("mu", "phi", "theta", "sigma"),
          "ARMA(1, 1) of a simulated series, errors by recursion (err[0] = 0), T = 200"),
    entry("garch-garch11", "pdb_garch11", ("mu", "alpha0", "alpha1", "beta1"),
          "GARCH(1, 1) volatility recursion, flat priors, beta1 < 1 - alpha1, T = 200"),
    entry("hmm_example-hmm_example", "pdb_hmm_example", ("theta1", "theta2", "mu"),
          "two-state Gaussian HMM, states marginalised by the forward algorithm, N = 100"),
    entry("bball_drive_event_0-hmm_drive_0", "pdb_hmm_drive", ("theta1", "theta2", "phi", "lambda"),
          "two-state HMM of a basketball drive, exponential emissions, forward algorithm, N = 416",
          fixed={"emission": "exponential"}),
    entry("bball_drive_event_1-hmm_drive_1", "pdb_hmm_drive", ("theta1", "theta2", "phi", "lambda"),
          "two-state HMM of a basketball drive, normal emissions (known sds), forward algorithm, N = 416",
          fixed={"emission": "normal"}),
    entry("low_dim_gauss_mix-low_dim_gauss_mix", "pdb_low_dim_gauss_mix", ("mu", "sigma", "theta"),
          "two-component normal mixture, ordered means, N = 1000"),
]
