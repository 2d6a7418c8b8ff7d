"""Tennis matches for a Bradley-Terry model, after Ingram's GPU benchmark (simulated, seed 1968).

Martin Ingram, "MCMC for big datasets: faster sampling with JAX and the GPU" (PyMC Labs blog and
https://martiningram.github.io/mcmc-comparison/, 2021; code: github.com/martiningram/
mcmc_runtime_comparison) fits a Bradley-Terry model to the 160,420 ATP tour-level matches of the
Open Era (Jeff Sackmann's tennis_atp files, 1968-2021). Neither the data nor the player count is
reproduced here; the blog does not state how many players the matches involve (the tour-level
files name a few thousand). This dataset is a synthetic stand-in of the same shape, drawn in this
order from ``np.random.default_rng(1968)``:

1. true skills theta_i = 1.0 * N(0, 1) for 3,000 players (player_sd = 1.0, the prior's form
   theta_i ~ N(0, player_sd); it puts the best of 3,000 near +3.5, like the blog's estimates of
   Djokovic 3.54, Nadal 3.43, Federer 3.31);
2. career length u_i ~ N(0, 1); participation weight w_i = exp(0.8 * theta_i + 0.7 * u_i),
   normalised: stronger players play more (they go deeper into draws and stay on tour longer),
   and careers vary besides. Players are then renumbered by decreasing weight, so player 0 is
   the most active; at size 1 the most active play ~1,800 matches (Connors and Federer played
   ~1,500 tour-level matches), the median player 61 and 1% of players fewer than 5; at the
   default size (below) the most active play ~190, the median 6, and 183 play none;
3. n = max(1, round(160,420 * size)) matches (``size`` 1 = the blog's 160,420; 0.00623 .. 6.23
   gives 1e3 .. 1e6): both players of a match ~ Categorical(w), independently, a player drawn
   against himself being redrawn (both players) until none is;
4. the first-drawn player wins with probability expit(theta_a - theta_b); ``winner`` and
   ``loser`` record the outcome, and ``y`` = 1 for every match (the blog's observed ones: the
   likelihood is Bernoulli(1 | logit = theta_winner - theta_loser)).

Player-level draws come first, so ``size`` changes only the matches; players are fixed.
``DEFAULT_SIZE`` = 0.1 (16,042 matches) is what ``load()`` returns and what the catalog's
reference is built on: the full 160,420 matches are ``load(size=1.0)``. ``TRACKED`` are the 20
players whose skills the catalog compares across backends: activity ranks spaced geometrically
from the most active (0, 1, 2, 4, 6, 10, ...) to the least (2999). ``true_skills()`` gives the
true theta in the players' numbering. Vectorized: 1e6 matches in ~0.3 s of CPU. ``winner``,
``loser`` and ``y`` are int32: the match axis is minibatched, and ``pm.Minibatch`` of an int64
array casts it, which PyMC then refuses as observed data of a discrete likelihood.
"""
import numpy as np

N_PLAYERS = 3_000
BASE_MATCHES = 160_420
DEFAULT_SIZE = 0.1
TRUE_PLAYER_SD = 1.0
ACTIVITY_SKILL = 0.8
ACTIVITY_SD = 0.7
TRACKED = np.unique(np.geomspace(1, N_PLAYERS, 21).round().astype(np.int64)) - 1  # 20 activity ranks


def observations(size: float = DEFAULT_SIZE) -> int:
    """Number of matches ``load(size)`` returns, without generating them."""
    return max(1, int(round(BASE_MATCHES * size)))


def players(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """True skills and normalised participation weights, players numbered by decreasing weight."""
    skill = TRUE_PLAYER_SD * rng.normal(0.0, 1.0, size=N_PLAYERS)
    log_weight = ACTIVITY_SKILL * skill + ACTIVITY_SD * rng.normal(0.0, 1.0, size=N_PLAYERS)
    order = np.argsort(-log_weight, kind="stable")
    weight = np.exp(log_weight[order] - log_weight[order].max())
    return skill[order], weight / weight.sum()


def true_skills() -> np.ndarray:
    """The 3,000 true skills, indexed like the players of ``load`` (the same draws)."""
    return players(np.random.default_rng(1968))[0]


def load(size: float = DEFAULT_SIZE) -> dict:
    """Return ``winner``, ``loser`` (player ids), ``y`` (ones), ``n_players`` (0-d) and the ``tracked`` ids."""
    rng = np.random.default_rng(1968)
    skill, weight = players(rng)
    n = observations(size)
    pairs = rng.choice(N_PLAYERS, size=(n, 2), p=weight)
    clash = np.flatnonzero(pairs[:, 0] == pairs[:, 1])
    while clash.size:
        pairs[clash] = rng.choice(N_PLAYERS, size=(clash.size, 2), p=weight)
        clash = clash[pairs[clash, 0] == pairs[clash, 1]]
    a, b = pairs[:, 0], pairs[:, 1]
    a_wins = rng.random(n) < 1.0 / (1.0 + np.exp(-(skill[a] - skill[b])))
    return {
        "winner": np.where(a_wins, a, b).astype(np.int32),
        "loser": np.where(a_wins, b, a).astype(np.int32),
        "y": np.ones(n, dtype=np.int32),
        "n_players": np.array(N_PLAYERS, dtype=np.int64),
        "tracked": TRACKED.astype(np.int32),
    }
