"""Exercise 21.21: Bayesian A/B decisions, P(B > A), expected loss, expected lift, accuracy vs a z-test.

The exercise's A/B data (``ab_test-beta_binomial``: Beta(1, 1) rates, 10,000 visitors per arm)
is fitted with each library's own default NUTS (``pymc.default``, ``numpyro.nuts``) through the
harness. From each backend's draws: P(theta_B > theta_A), the expected loss of shipping B,
E[max(theta_A - theta_B, 0)], and the expected lift E[(theta_B - theta_A) / theta_A], each with
its Monte Carlo SE (ArviZ ``mcse`` of the per-draw quantity). The decision rule ships B when
P(B > A) > 0.95 and the expected loss < 0.1% (read as 0.001 absolute: 0.1 percentage point).

The posterior is conjugate, theta ~ Beta(1 + y, 1 + n - y) per arm, so the three quantities also
have exact values (scipy.stats beta densities: P(B > A) and the loss as 1-D integrals, trapezoid
rule on an 801-point grid, the lift in closed form from E[1 / theta_A]). Each backend agrees with
the exact answer when they differ by less than 3 Monte Carlo SEs; the two backends agree with each
other by ``harness.quality.agreement.backends_agree`` (z tests, Bonferroni over the quantities at 1%).

The 1,000 simulated experiments (10,000 visitors per arm, baseline rate 10% as in the data,
true relative effects theta_B / theta_A - 1 of -5%, -4.5%, ..., -0.5%, +0.5%, ..., +5%, 50
experiments each) use that exact conjugate posterior instead of 1,000 MCMC fits: the question is
the decision rule, and the check on the real data tests that MCMC and the closed form agree. Each
experiment's Bayesian decision is compared with a pooled two-proportion z-test at alpha = 0.05
(two-sided; ship when significant with B ahead). A decision is correct when it ships B exactly
when the true effect is positive.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from harness.quality.agreement import backends_agree
from harness.studies.context import BACKEND_NUTS, StudyContext, StudyResult

POSTERIOR = "ab_test-beta_binomial"
PRIOR_AB = (1.0, 1.0)  # theta ~ Beta(1, 1), the twins' beta_1_1 prior
P_BETTER_MIN = 0.95
LOSS_MAX = 0.001  # the exercise's "0.1%", read as 0.1 percentage point of conversion rate (absolute)
ALPHA = 0.05
EFFECTS = np.round(np.concatenate([np.arange(-50, 0, 5), np.arange(5, 55, 5)]) / 1000, 4)  # -5% ... +5%, no 0
PER_EFFECT = {"full": 50, "tiny": 3}  # 20 effects x 50 = 1,000 experiments at full scale
SIM_SEED = 2121
QUANTITIES = ("p_b_better", "expected_loss", "expected_lift")
GRID_POINTS = 801  # 401 already matches 4,001 points to 1e-12 on the data


def posterior_quantities(theta_a: np.ndarray, theta_b: np.ndarray) -> dict[str, tuple[float, float]]:
    """Each quantity's (estimate, Monte Carlo SE) from MCMC draws of shape (chain, draw).

    The MCSE is ArviZ's of the per-draw quantity. Where that quantity is constant over the draws
    (every draw has B ahead, possible in short runs) ArviZ has none: for P(B > A) the binomial SE
    of (k + 1/2) / (n + 1) over the n draws stands in for it, for the others it is NaN (not judged).
    """
    import arviz as az

    per_draw = {"p_b_better": (theta_b > theta_a).astype(float),
                "expected_loss": np.maximum(theta_a - theta_b, 0.0),
                "expected_lift": (theta_b - theta_a) / theta_a}
    result = {}
    for name, values in per_draw.items():
        mcse = float(az.mcse(values)) if np.ptp(values) > 0 else math.nan
        if not mcse > 0 and name == "p_b_better":
            p = (values.sum() + 0.5) / (values.size + 1)
            mcse = float(np.sqrt(p * (1 - p) / values.size))
        result[name] = (float(values.mean()), mcse)
    return result


def conjugate_posterior(y: int, n: int) -> tuple[float, float]:
    """The Beta(a, b) posterior of one arm under the Beta(1, 1) prior."""
    return PRIOR_AB[0] + y, PRIOR_AB[1] + n - y


def conjugate_quantities(post_a, post_b, points: int = GRID_POINTS) -> dict[str, np.ndarray]:
    """Exact P(B > A), E[max(theta_A - theta_B, 0)] and E[(theta_B - theta_A) / theta_A] of Beta posteriors.

    ``post_a`` and ``post_b`` are (a, b) pairs of scalars or arrays (one per experiment). The two
    1-D integrals over theta_B's density are taken by the trapezoid rule on a ``points`` grid
    spanning both posteriors' mass (means +- 12 sd); the lift is in closed form.
    """
    (a_a, b_a), (a_b, b_b) = (np.asarray(v, dtype=float) for v in post_a), (np.asarray(v, dtype=float) for v in post_b)
    mean_a, mean_b = a_a / (a_a + b_a), a_b / (a_b + b_b)
    sd = np.maximum(np.sqrt(stats.beta.var(a_a, b_a)), np.sqrt(stats.beta.var(a_b, b_b)))
    low = np.clip(np.minimum(mean_a, mean_b) - 12 * sd, 0.0, 1.0)
    high = np.clip(np.maximum(mean_a, mean_b) + 12 * sd, 0.0, 1.0)
    grid = low[..., None] + (high - low)[..., None] * np.linspace(0.0, 1.0, points)
    a_a, b_a, a_b, b_b, mean_a = (v[..., None] for v in (a_a, b_a, a_b, b_b, mean_a))
    density_b = stats.beta.pdf(grid, a_b, b_b)
    p_better = np.trapezoid(density_b * stats.beta.cdf(grid, a_a, b_a), grid, axis=-1)
    # E[(theta_A - t)+] = E[theta_A] P(Beta(a + 1, b) > t) - t P(theta_A > t)
    excess = mean_a * stats.beta.sf(grid, a_a + 1, b_a) - grid * stats.beta.sf(grid, a_a, b_a)
    loss = np.trapezoid(density_b * excess, grid, axis=-1)
    lift = mean_b * (a_a[..., 0] + b_a[..., 0] - 1) / (a_a[..., 0] - 1) - 1.0  # E[1/theta_A] = (a+b-1)/(a-1)
    return {"p_b_better": p_better, "expected_loss": loss, "expected_lift": lift}


def ship(p_better: float, loss: float) -> bool:
    """The exercise's rule: ship B when P(B > A) > 0.95 and the expected loss < 0.1%."""
    return bool(p_better > P_BETTER_MIN and loss < LOSS_MAX)


def z_test_ship(y_a: int, y_b: int, n_a: int, n_b: int, alpha: float = ALPHA) -> tuple[bool, float]:
    """Pooled two-proportion z-test: (ship B, two-sided p-value); ship when p < alpha with B ahead."""
    pooled = (y_a + y_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    z = (y_b / n_b - y_a / n_a) / se if se > 0 else 0.0
    p_value = float(2 * stats.norm.sf(abs(z)))
    return bool(p_value < alpha and z > 0), p_value


def simulate(per_effect: int, baseline: float, visitors: int, seed: int = SIM_SEED) -> pd.DataFrame:
    """Simulated experiments: each true relative effect ``per_effect`` times; both decisions per experiment."""
    rng = np.random.default_rng(seed)
    effect = np.repeat(EFFECTS, per_effect)
    y_a = rng.binomial(visitors, baseline, size=effect.size)
    y_b = rng.binomial(visitors, baseline * (1 + effect))
    q = conjugate_quantities(conjugate_posterior(y_a, visitors), conjugate_posterior(y_b, visitors))
    tests = [z_test_ship(int(a), int(b), visitors, visitors) for a, b in zip(y_a, y_b)]
    frame = pd.DataFrame({"effect": effect, "y_a": y_a, "y_b": y_b, **q,
                          "z_p_value": [p for _, p in tests], "z_ship": [s for s, _ in tests]})
    frame["bayes_ship"] = [ship(p, loss) for p, loss in zip(frame["p_b_better"], frame["expected_loss"])]
    frame["bayes_correct"] = frame["bayes_ship"] == (frame["effect"] > 0)
    frame["z_correct"] = frame["z_ship"] == (frame["effect"] > 0)
    return frame


def accuracy_by_effect(simulated: pd.DataFrame) -> pd.DataFrame:
    """Per true effect: experiments, ship rate and decision accuracy of each rule."""
    return (simulated.groupby("effect", as_index=False)
            .agg(experiments=("effect", "size"), bayes_ship_rate=("bayes_ship", "mean"),
                 z_ship_rate=("z_ship", "mean"), bayes_accuracy=("bayes_correct", "mean"),
                 z_accuracy=("z_correct", "mean")))


def run(context: StudyContext) -> StudyResult:
    """Fit the A/B data on both backends; the three quantities vs the exact answer; the simulation."""
    from models import catalog
    from models.datasets import ab_test

    data = catalog.get(POSTERIOR).load_data()
    (y_a, y_b), (n_a, n_b) = (int(v) for v in data["y"]), (int(v) for v in data["n"])
    exact = {k: float(v) for k, v in conjugate_quantities(conjugate_posterior(y_a, n_a),
                                                          conjugate_posterior(y_b, n_b)).items()}
    cells = [(POSTERIOR, BACKEND_NUTS[b], context.config(seed=21)) for b in BACKEND_NUTS]
    rows, estimates, draws = [], {}, {}
    for backend, fit in zip(BACKEND_NUTS, context.fit_many(cells)):
        if not fit.ok:
            rows.append({"source": backend, "quantity": "run", "status": fit.record.status})
            continue
        theta = np.asarray(fit.draws["theta"])
        draws[backend] = theta
        estimates[backend] = posterior_quantities(theta[..., 0], theta[..., 1])
        for name, (value, mcse) in estimates[backend].items():
            z = abs(value - exact[name]) / mcse if mcse > 0 else math.nan  # NaN: constant draws, not judged
            rows.append({"source": backend, "quantity": name, "value": value, "mcse": mcse, "exact": exact[name],
                         "z_vs_exact": z, "agrees_with_exact": None if math.isnan(z) else bool(z < 3),
                         "wall_seconds": fit.record.timings.get("total")})
    rows += [{"source": "conjugate (exact)", "quantity": name, "value": value, "mcse": 0.0, "exact": value,
              "z_vs_exact": 0.0, "agrees_with_exact": True} for name, value in exact.items()]
    table = pd.DataFrame(rows)

    findings = [f"(a) Model: theta_A, theta_B ~ Beta(1, 1), y ~ Binomial(n, theta) ({POSTERIOR}, both twins); data "
                f"A {y_a}/{n_a}, B {y_b}/{n_b} (observed rates {y_a / n_a:.2%} vs {y_b / n_b:.2%})."]
    findings.append(
        f"(b) Exact conjugate posterior: P(B > A) = {exact['p_b_better']:.4f}, expected loss of shipping B = "
        f"{exact['expected_loss']:.2e} ({exact['expected_loss'] * 100:.4f} percentage points), expected lift = "
        f"{exact['expected_lift']:+.2%}.")
    for backend, est in estimates.items():
        judged = {k: abs(v - exact[k]) < 3 * s for k, (v, s) in est.items() if s > 0}
        skipped = [k for k in QUANTITIES if k not in judged]
        findings.append(
            f"{backend} NUTS: P(B > A) {est['p_b_better'][0]:.4f} (MCSE {est['p_b_better'][1]:.4f}), loss "
            f"{est['expected_loss'][0]:.2e} ({est['expected_loss'][1]:.1e}), lift {est['expected_lift'][0]:+.2%} "
            f"({est['expected_lift'][1]:.2%}): "
            + ("agrees with the exact conjugate answer within 3 MCSE" if all(judged.values()) else
               "DIFFERS from the exact conjugate answer by more than 3 MCSE on "
               + ", ".join(k for k, ok in judged.items() if not ok))
            + (f" ({', '.join(skipped)} not judged: constant over the draws)." if skipped else " on all three."))
    if len(estimates) == 2:
        (b1, e1), (b2, e2) = estimates.items()
        compared = [k for k in QUANTITIES if e1[k][1] > 0 and e2[k][1] > 0]
        test = backends_agree(*(pd.Series([e[k][i] for k in compared], index=compared)
                                for i, e in ((0, e1), (0, e2), (1, e1), (1, e2))))
        findings.append(f"Backends side by side: {b1} and {b2} "
                        + ("agree within Monte Carlo error" if test["agrees"] else "DISAGREE beyond Monte Carlo error")
                        + f" on {', '.join(compared)} (largest |difference| / combined MCSE: {test['max_z']:.2f}, "
                        f"{test['max_z_at']}; Bonferroni threshold {test['threshold']:.2f}).")
    decisions = {name: ship(q["p_b_better"][0], q["expected_loss"][0]) for name, q in estimates.items()}
    decisions["exact"] = ship(exact["p_b_better"], exact["expected_loss"])
    findings.append(f"(c) Decision rule (P(B > A) > {P_BETTER_MIN} and expected loss < {LOSS_MAX:g}, i.e. 0.1 "
                    "percentage point): "
                    + ", ".join(f"{k}: {'ship B' if v else 'keep A'}" for k, v in decisions.items()) + ".")

    per_effect = PER_EFFECT["tiny" if context.scale.name == "tiny" else "full"]
    simulated = simulate(per_effect, ab_test.TRUE_RATES[0], ab_test.VISITORS_PER_ARM)
    accuracy = accuracy_by_effect(simulated)
    positive, negative = simulated[simulated["effect"] > 0], simulated[simulated["effect"] < 0]
    findings.append(
        f"(d) {len(simulated)} simulated experiments (exact conjugate posterior, not MCMC; baseline "
        f"{ab_test.TRUE_RATES[0]:.0%}, {ab_test.VISITORS_PER_ARM:,} visitors per arm, relative effects "
        f"{EFFECTS[0]:+.1%} ... {EFFECTS[-1]:+.1%}): overall decision accuracy Bayesian rule "
        f"{simulated['bayes_correct'].mean():.1%} vs z-test {simulated['z_correct'].mean():.1%}; for positive "
        f"effects the Bayesian rule ships B {positive['bayes_ship'].mean():.1%} of the time vs the z-test's "
        f"{positive['z_ship'].mean():.1%}, for negative effects it wrongly ships {negative['bayes_ship'].mean():.1%} "
        f"vs {negative['z_ship'].mean():.1%}.")
    top = accuracy.iloc[-1]
    binding = int((simulated["p_b_better"] > P_BETTER_MIN).sum() - simulated["bayes_ship"].sum())
    findings.append(
        f"The loss condition blocked {binding} of the experiments with P(B > A) > {P_BETTER_MIN} (largest expected "
        f"loss among shipped ones: {simulated.loc[simulated['bayes_ship'], 'expected_loss'].max():.1e}), so "
        f"with a flat prior the rule is close to a one-sided test at 5% while the two-sided z-test ships like a "
        f"one-sided test at 2.5%: the Bayesian rule "
        + ("is more accurate for positive effects and less for negative ones"
           if positive["bayes_correct"].mean() > positive["z_correct"].mean()
           and negative["bayes_correct"].mean() <= negative["z_correct"].mean() else
           "compares as in the table") +
        f"; at {EFFECTS[-1]:+.0%} accuracy is {top.bayes_accuracy:.0%} (Bayes) vs {top.z_accuracy:.0%} (z-test) "
        f"with {ab_test.VISITORS_PER_ARM:,} visitors per arm.")
    return StudyResult(table=table, findings=findings,
                       tables={"Decision accuracy by true effect": accuracy},
                       figure_data={"accuracy": accuracy, "draws": draws, "counts": (y_a, n_a, y_b, n_b)})
