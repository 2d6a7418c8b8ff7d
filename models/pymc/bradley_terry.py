"""Bradley-Terry model of tennis matches (Ingram's GPU benchmark), PyMC twin."""
import numpy as np
import pymc as pm


def build(data: dict, batch_size: int | None = None, **options) -> pm.Model:
    """y_m = 1 ~ Bernoulli(logit = skill[winner_m] - skill[loser_m]); skill = player_sd * skill_raw.

    player_sd ~ HalfNormal(1), skill_raw_i ~ N(0, 1) per player (non-centered), as in Ingram's
    "MCMC for big datasets" (see ``models/datasets/tennis_sim.py``). ``tracked_skill`` is the
    deterministic skill of the dataset's ``tracked`` players (the compared subset; the full
    skill vector is not stored). ``batch_size`` (None = all matches) wraps winner, loser and y
    jointly in ``pm.Minibatch`` and scales the likelihood to the full match count with ``total_size``.
    """
    n_players = int(data["n_players"])
    with pm.Model() as model:
        winner, loser, y = data["winner"], data["loser"], data["y"]
        total_size = None
        if batch_size is not None:
            winner, loser, y = pm.Minibatch(winner, loser, y, batch_size=batch_size)
            total_size = data["y"].shape[0]
        player_sd = pm.HalfNormal("player_sd", 1.0)
        skill_raw = pm.Normal("skill_raw", 0.0, 1.0, shape=n_players)
        skill = player_sd * skill_raw
        pm.Deterministic("tracked_skill", skill[np.asarray(data["tracked"])])
        pm.Bernoulli("y", logit_p=skill[winner] - skill[loser], observed=y, total_size=total_size)
    return model
