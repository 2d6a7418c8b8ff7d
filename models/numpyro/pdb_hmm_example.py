"""posteriordb hmm_example-hmm_example, NumPyro twin (Stan program: hmm_example.stan)."""
import jax
import jax.numpy as jnp
import numpy as np
import numpyro
import numpyro.distributions as dist
from jax.scipy.special import logsumexp
from numpyro.distributions import constraints


def model(data: dict, **options):
    """theta1, theta2 uniform on the simplex (Dirichlet(1, ..., 1)); mu positive_ordered with mu[1] ~ N(3, 1),
    mu[2] ~ N(10, 1); theta = [theta1; theta2]; y[t] | z[t] = k ~ N(mu[k], 1), states summed out by the forward
    algorithm (log-sum-exp), target += logsumexp(gamma[N])."""
    K = data["K"]
    y = np.asarray(data["y"], dtype=np.float64)
    theta1 = numpyro.sample("theta1", dist.Dirichlet(jnp.ones(K)))
    theta2 = numpyro.sample("theta2", dist.Dirichlet(jnp.ones(K)))
    theta = numpyro.deterministic("theta", jnp.stack([theta1, theta2]))
    mu = numpyro.sample("mu", dist.ImproperUniform(constraints.positive_ordered_vector, (), (K,)))
    numpyro.factor("mu_prior", dist.Normal(jnp.array([3.0, 10.0]), 1.0).log_prob(mu).sum())
    emission = dist.Normal(mu, 1.0).log_prob(y[:, None])  # (N, K)
    log_theta = jnp.log(theta)

    def step(gamma_prev, lp_t):
        gamma_t = logsumexp(gamma_prev[:, None] + log_theta, axis=0) + lp_t
        return gamma_t, None

    gamma_last, _ = jax.lax.scan(step, emission[0], emission[1:])
    numpyro.factor("forward", logsumexp(gamma_last))
