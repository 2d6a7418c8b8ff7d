"""posteriordb eight_schools-eight_schools_noncentered, NumPyro twin (Stan program: eight_schools_noncentered.stan)."""
import numpyro
import numpyro.distributions as dist


def model(data: dict, **options):
    """theta_trans ~ N(0, 1), mu ~ N(0, 5), tau ~ HalfCauchy(5); theta = theta_trans * tau + mu; y ~ N(theta, sigma)."""
    with numpyro.plate("school", data["J"]):
        theta_trans = numpyro.sample("theta_trans", dist.Normal(0.0, 1.0))
    mu = numpyro.sample("mu", dist.Normal(0.0, 5.0))
    tau = numpyro.sample("tau", dist.HalfCauchy(5.0))
    theta = numpyro.deterministic("theta", theta_trans * tau + mu)
    with numpyro.plate("obs", data["J"]):
        numpyro.sample("y", dist.Normal(theta, data["sigma"]), obs=data["y"])
