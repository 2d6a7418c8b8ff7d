"""Exercise 21.20: posterior trajectories of a large, a medium and a small StreamRec category over 12 months.

``streamrec_monthly-random_walk`` (logit rates as a hierarchical start plus a Gaussian random walk,
non-centered) is fitted with each library's own default NUTS (``pymc.default``, ``numpyro.nuts``)
through the harness, at the default settings and, at full scale, also with the exercise's hint
(target_accept 0.99, twice the tuning); the trajectories come from the last of these settings.
"Large / medium / small" is by data size: the categories with the most, the
median and the fewest users summed over the 12 months. For each, per month: the raw rate y/n, the
posterior mean and 94% HDI (ArviZ 1) of theta, and the HDI's width; each fit's diagnostics (21.20c:
divergences, R-hat < 1.01 and bulk ESS > 400 as in the diagnostics study) and the walk's
hyperparameters against the simulation's true values.

The backends agree when the posterior means and sds of the three trajectories and the
hyperparameters agree within Monte Carlo error (``harness.quality.agreement``: MCSE-based z tests,
Bonferroni at family-wise 1%).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from harness.studies.context import BACKEND_NUTS, Fit, StudyContext, StudyResult
from harness.studies.exercises.diagnostics import ESS_MIN, RHAT_MAX
from harness.studies.exercises.shrinkage_ranking import backend_verdict, hdi, mcse_mean

POSTERIOR = "streamrec_monthly-random_walk"
HYPER = ("mu0", "sigma0", "sigma_walk")
SIZES = ("large", "medium", "small")
HINT = {"target_accept": 0.99, "tune_factor": 2}  # 21.20c: "you may need target_accept=0.99 and extended tuning"
SETTINGS = {"default": {}, "hint": HINT}
TINY_SETTINGS = {"default": {}}  # the tiny scale (make test) fits the default settings only


def pick_categories(users: np.ndarray) -> dict[str, int]:
    """The categories with the most, the median and the fewest users over all months (0-based indices)."""
    order = np.argsort(users.sum(axis=1), kind="stable")
    return {"large": int(order[-1]), "medium": int(order[len(order) // 2]), "small": int(order[0])}


def setting_config(context: StudyContext, setting: dict):
    """The run config of a setting: the scale's, with its target_accept and its tuning multiplied."""
    overrides = {k: v for k, v in setting.items() if k != "tune_factor"}
    return context.config(tune=context.scale.tune * setting.get("tune_factor", 1), **overrides)


def trajectory_rows(fit: Fit, data: dict, picked: dict[str, int], backend: str) -> pd.DataFrame:
    """Per picked category and month: users, raw rate, posterior mean, sd, MCSE and 94% HDI of theta."""
    theta = fit.draws["theta"]
    interval, error = hdi(theta), mcse_mean(theta)
    mean, sd = theta.mean(axis=(0, 1)), theta.std(axis=(0, 1), ddof=1)
    rows = []
    for size, j in picked.items():
        for t in range(theta.shape[-1]):
            rows.append({"target_accept": fit.record.config["target_accept"], "tune": fit.record.config["tune"],
                         "size": size, "category": j + 1, "month": t + 1, "backend": backend,
                         "users": int(data["n"][j, t]), "engaged": int(data["y"][j, t]),
                         "raw_rate": data["y"][j, t] / data["n"][j, t], "mean": mean[j, t], "sd": sd[j, t],
                         "mcse_mean": error[j, t], "hdi_low": interval[j, t, 0], "hdi_high": interval[j, t, 1]})
    frame = pd.DataFrame(rows)
    frame["hdi_width"] = frame["hdi_high"] - frame["hdi_low"]
    return frame


def diagnostics_finding(fit: Fit, backend: str) -> str:
    """21.20c: divergences, R-hat, ESS, and the walk's hyperparameters against the simulation's truth."""
    from models.datasets import streamrec_monthly as truth

    record = fit.record
    checks = {f"R-hat < {RHAT_MAX}": record.rhat_max < RHAT_MAX,
              f"bulk ESS > {ESS_MIN}": record.ess_bulk_min > ESS_MIN, "no divergences": record.divergences == 0}
    failed = [name for name, passed in checks.items() if not passed]
    worst = min(record.ess_bulk, key=record.ess_bulk.get)
    theta_rhat = max(v for k, v in record.rhat.items() if k.startswith("theta["))
    true = {"mu0": truth.TRUE_MU0, "sigma0": truth.TRUE_SIGMA0, "sigma_walk": truth.TRUE_SIGMA_WALK}
    hyper = "; ".join(f"{name} {record.summary[name]['mean']:.3f} (90% {record.summary[name]['q05']:.3f} to "
                      f"{record.summary[name]['q95']:.3f}, true {true[name]:.3f})" for name in HYPER)
    verdict = "passes every check" if not failed else "FAILS " + ", ".join(failed)
    return (f"21.20c [{backend}, target_accept {record.config['target_accept']}, tune {record.config['tune']}]: "
            f"{verdict}: {record.divergences} divergences, max R-hat {record.rhat_max:.3f}, min bulk ESS "
            f"{record.ess_bulk_min:.0f} ({worst}), max R-hat of the rates theta {theta_rhat:.3f}, "
            f"{record.timings.get('total', math.nan):.0f} s wall; {hyper}.")


def uncertainty_finding(frame: pd.DataFrame, backend: str) -> str:
    """21.20d: how the HDI width changes across sizes (vs 1/sqrt(users)) and over the months (ends vs middle)."""
    parts = []
    for size, rows in frame.groupby("size", sort=False):
        width = rows.set_index("month")["hdi_width"]
        ends, middle = width[[width.index.min(), width.index.max()]].mean(), width.iloc[1:-1].mean()
        raw_moves = np.diff(rows["raw_rate"]).std()
        post_moves = np.diff(rows["mean"]).std()
        parts.append(f"{size} (category {rows['category'].iloc[0]}, ~{rows['users'].mean():.0f} users/month): mean "
                     f"width {width.mean():.4f}, months 1 and 12 {ends / middle:.2f}x the middle months, "
                     f"month-to-month sd of the posterior mean {post_moves:.4f} vs raw rate {raw_moves:.4f}")
    per = frame.assign(binomial_se=np.sqrt(frame["mean"] * (1 - frame["mean"]) / frame["users"])).groupby("size")
    ratio = per["hdi_width"].mean()["small"] / per["hdi_width"].mean()["large"]
    alone = per["binomial_se"].mean()["small"] / per["binomial_se"].mean()["large"]
    borrowing = (": the walk shares information across months and the hierarchy across categories, which "
                 "narrows the small category's intervals most" if ratio < alone else "")
    return (f"21.20d [{backend}, target_accept {frame['target_accept'].iloc[0]}]: " + "; ".join(parts)
            + f". The small category's 94% HDI is {ratio:.1f}x as wide as the large one's, against {alone:.1f}x for "
              f"each month's rate on its own (binomial standard errors){borrowing}.")


def run(context: StudyContext) -> StudyResult:
    """Fit the random-walk model on both backends per setting; diagnostics, the three trajectories, agreement."""
    from models import catalog

    data = catalog.get(POSTERIOR).load_data()
    picked = pick_categories(data["n"])
    settings = TINY_SETTINGS if context.scale.name == "tiny" else SETTINGS
    keys = [(name, b) for name in settings for b in BACKEND_NUTS]
    cells = [(POSTERIOR, BACKEND_NUTS[b], setting_config(context, settings[name])) for name, b in keys]
    fits = dict(zip(keys, context.fit_many(cells)))
    frames, findings = [], []
    elements = [f"theta[{j}, {t}]" for j in picked.values() for t in range(data["n"].shape[1])] + list(HYPER)
    for name in settings:
        for backend in BACKEND_NUTS:
            fit = fits[(name, backend)]
            if not fit.ok:
                findings.append(f"{name} settings, {backend}: the fit did not finish ({fit.record.status}).")
                continue
            findings.append(diagnostics_finding(fit, backend))
            frames.append(trajectory_rows(fit, data, picked, backend))
        findings.append(backend_verdict(f"21.20 [{name} settings] trajectories of the three categories and the "
                                        f"hyperparameters", {b: fits[(name, b)] for b in BACKEND_NUTS}, elements))
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    shown = table[table["target_accept"] == table["target_accept"].iloc[-1]] if len(table) else table
    findings += [uncertainty_finding(rows, backend) for backend, rows in shown.groupby("backend", sort=False)]
    return StudyResult(table=table, findings=findings, figure_data={"shown": shown})
