"""Bradley-Terry model of tennis matches (Ingram's GPU benchmark), NumPyro twin."""
import jax.numpy as jnp
import numpyro
import numpyro.distributions as dist


def model(data: dict, batch_size: int | None = None, **options):
    """y_m = 1 ~ Bernoulli(logit = skill[winner_m] - skill[loser_m]); skill = player_sd * skill_raw.

    player_sd ~ HalfNormal(1), skill_raw_i ~ N(0, 1) per player (non-centered), as in Ingram's
    "MCMC for big datasets" (see ``models/datasets/tennis_sim.py``). ``tracked_skill`` is the
    deterministic skill of the dataset's ``tracked`` players (the compared subset; the full
    skill vector is not stored). ``batch_size`` (None = all matches) subsamples the ``matches``
    plate; its index selects winner, loser and y, and the plate scales the likelihood to the
    full match count.
    """
    n_players = int(data["n_players"])
    player_sd = numpyro.sample("player_sd", dist.HalfNormal(1.0))
    with numpyro.plate("players", n_players):
        skill_raw = numpyro.sample("skill_raw", dist.Normal(0.0, 1.0))
    skill = player_sd * skill_raw
    numpyro.deterministic("tracked_skill", skill[jnp.asarray(data["tracked"])])
    winner, loser, y = data["winner"], data["loser"], data["y"]
    with numpyro.plate("matches", y.shape[0], subsample_size=batch_size) as index:
        if batch_size is not None:
            winner, loser, y = (jnp.asarray(v)[index] for v in (winner, loser, y))
        numpyro.sample("y", dist.Bernoulli(logits=skill[winner] - skill[loser]), obs=y)
