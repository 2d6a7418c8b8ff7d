"""posteriordb's Gaussian-process posteriors (gp_pois_regr, gp_regr) and ODE posteriors (Lotka-Volterra,
one-compartment Michaelis-Menten pharmacokinetics; Stan's adaptive solvers replaced by one fixed-step RK4 in both twins)."""
from models.posteriordb.entry import entry

ENTRIES = [
    entry("gp_pois_regr-gp_pois_regr", "pdb_gp_pois_regr", ("rho", "alpha", "f"),
          "latent GP Poisson regression, non-centred (f = chol(K) f_tilde), squared-exponential kernel; "
          "rho ~ Gamma(25, 4), alpha ~ HalfNormal(2)"),
    entry("gp_pois_regr-gp_regr", "pdb_gp_regr", ("rho", "alpha", "sigma"),
          "GP regression, marginal multivariate normal, squared-exponential kernel plus sigma on the diagonal; "
          "rho ~ Gamma(25, 4), alpha ~ HalfNormal(2), sigma ~ HalfNormal(1)"),
    entry("hudson_lynx_hare-lotka_volterra", "pdb_lotka_volterra", ("theta", "z_init", "sigma"),
          "Lotka-Volterra predator-prey ODE (lynx and hare pelts), lognormal errors; fixed-step RK4"),
    entry("one_comp_mm_elim_abs-one_comp_mm_elim_abs", "pdb_one_comp_mm_elim_abs", ("k_a", "K_m", "V_m", "sigma"),
          "one-compartment pharmacokinetics, first-order absorption, Michaelis-Menten elimination ODE, lognormal "
          "errors; half-Cauchy(1) priors; fixed-step RK4"),
]
