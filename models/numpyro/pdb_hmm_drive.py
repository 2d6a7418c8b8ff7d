"""posteriordb bball_drive_event_0-hmm_drive_0 and bball_drive_event_1-hmm_drive_1, NumPyro twin
(Stan programs: hmm_drive_0.stan, hmm_drive_1.stan)."""
import jax
import jax.numpy as jnp
import numpy as np
import numpyro
import numpyro.distributions as dist
from jax.scipy.special import logsumexp
from numpyro.distributions import constraints


def model(data: dict, emission: str = "exponential", **options):
    """theta_k ~ Dirichlet(alpha[k, :]); phi[1], lambda[1] ~ N(0, 1), phi[2], lambda[2] ~ N(3, 1), on
    positive_ordered ("exponential", hmm_drive_0) or ordered ("normal", hmm_drive_1) vectors; given state k:
    u[t] ~ Exponential(phi[k]), v[t] ~ Exponential(lambda[k]) or u[t] ~ N(phi[k], tau), v[t] ~ N(lambda[k], rho);
    states summed out by the forward algorithm (log-sum-exp), target += logsumexp(gamma[N])."""
    K = data["K"]
    u = np.asarray(data["u"], dtype=np.float64)[:, None]
    v = np.asarray(data["v"], dtype=np.float64)[:, None]
    alpha = np.asarray(data["alpha"], dtype=np.float64)
    if emission == "exponential":
        support = constraints.positive_ordered_vector
    elif emission == "normal":
        support = constraints.ordered_vector
    else:
        raise ValueError(f"unknown emission {emission!r}")
    theta1 = numpyro.sample("theta1", dist.Dirichlet(alpha[0]))
    theta2 = numpyro.sample("theta2", dist.Dirichlet(alpha[1]))
    theta = numpyro.deterministic("theta", jnp.stack([theta1, theta2]))
    phi = numpyro.sample("phi", dist.ImproperUniform(support, (), (K,)))
    lam = numpyro.sample("lambda", dist.ImproperUniform(support, (), (K,)))
    prior = dist.Normal(jnp.array([0.0, 3.0]), 1.0)
    numpyro.factor("phi_lambda_prior", prior.log_prob(phi).sum() + prior.log_prob(lam).sum())
    if emission == "exponential":
        lp = dist.Exponential(phi).log_prob(u) + dist.Exponential(lam).log_prob(v)  # (N, K)
    else:
        lp = dist.Normal(phi, data["tau"]).log_prob(u) + dist.Normal(lam, data["rho"]).log_prob(v)
    log_theta = jnp.log(theta)

    def step(gamma_prev, lp_t):
        return logsumexp(gamma_prev[:, None] + log_theta, axis=0) + lp_t, None

    gamma_last, _ = jax.lax.scan(step, lp[0], lp[1:])
    numpyro.factor("forward", logsumexp(gamma_last))
