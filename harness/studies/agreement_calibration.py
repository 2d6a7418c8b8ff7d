"""How often the agreement test raises a false alarm, and how often it catches planted errors.

Each scenario repeats a NumPyro NUTS run (the algorithm of ``numpyro.nuts``, compiled once, many
independent runs as groups of chains) and tests each run against the stored reference. A correct
sampler on a correct twin should fail about ``alpha`` (1%) of the time; a planted error (a twin
with one prior scale off by 10%, or a warm-up far too short) should fail more often: that rate is
the test's power against it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd
from scipy.stats import binomtest

from harness.quality.agreement import agreement
from harness.records.config import RunConfig
from harness.quality.diagnostics import draw_diagnostics


@dataclass(frozen=True)
class Scenario:
    """One row of the study: which posterior, which (possibly planted) model, how much warm-up."""

    name: str
    posterior: str
    correct: bool
    tune: int | None = None
    prior_site: str | None = None
    prior_factor: float = 1.0


def seeded_runs(posterior, reference: dict, n_runs: int, config: RunConfig, model=None, batch_runs: int = 25,
                progress: Callable[[str], None] = lambda line: None) -> pd.DataFrame:
    """``n_runs`` independent NumPyro NUTS runs of ``config.chains`` chains each, tested for agreement.

    Runs are simulated in batches as groups of independent chains of one vectorized NumPyro call
    (each chain adapts on its own, exactly as in a run of its own): one compile per batch.
    Batch b uses PRNGKey(config.seed + b); run i is chains [i * chains, (i + 1) * chains) of its batch.
    """
    import jax
    from numpyro.infer import MCMC, NUTS

    jax.config.update("jax_enable_x64", True)
    data = posterior.load_data(config.size)
    options = posterior.model_options(**config.options)
    rows = []
    for batch, first in enumerate(range(0, n_runs, batch_runs)):
        runs = min(batch_runs, n_runs - first)
        mcmc = MCMC(NUTS(model or posterior.numpyro_model(), target_accept_prob=config.target_accept),
                    num_warmup=config.tune, num_samples=config.draws, num_chains=runs * config.chains,
                    chain_method="vectorized", progress_bar=False)
        mcmc.run(jax.random.PRNGKey(config.seed + batch), data, extra_fields=("diverging",), **options)
        samples = mcmc.get_samples(group_by_chain=True)
        diverging = np.asarray(mcmc.get_extra_fields(group_by_chain=True)["diverging"])
        for run in range(runs):
            chains = slice(run * config.chains, (run + 1) * config.chains)
            draws = {p: np.asarray(samples[p])[chains] for p in posterior.params}
            result = agreement(draw_diagnostics(draws)["summary"], reference["summary"])
            rows.append({"run": first + run, "batch_seed": config.seed + batch, "agrees": result["agrees"],
                         "max_z": result["max_z"], "max_z_at": result["max_z_at"],
                         "threshold": result["threshold"], "divergences": int(diverging[chains].sum())})
        fails = sum(not r["agrees"] for r in rows)
        progress(f"{len(rows)}/{n_runs} runs, {fails} disagreements")
    return pd.DataFrame(rows)


def summarize_scenarios(per_run: pd.DataFrame) -> pd.DataFrame:
    """Rejection rate per scenario with a 95% Clopper-Pearson interval."""
    rows = []
    for (scenario, posterior, correct), group in per_run.groupby(["scenario", "posterior", "correct"], sort=False):
        rejections, n = int((~group["agrees"]).sum()), len(group)
        interval = binomtest(rejections, n).proportion_ci(0.95)
        rows.append({"scenario": scenario, "posterior": posterior,
                     "measures": "false-alarm rate" if correct else "power",
                     "runs": n, "rejections": rejections, "rate": rejections / n,
                     "ci95_low": interval.low, "ci95_high": interval.high,
                     "median_max_z": float(group["max_z"].median()), "threshold": float(group["threshold"].iloc[0])})
    return pd.DataFrame(rows)


def run_study(scenarios: list[Scenario], n_runs: int, config: RunConfig,
              progress: Callable[[str], None] = print) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run every scenario; the per-run frame and the per-scenario summary (``harness/report/agreement_calibration.py``
    writes them)."""
    from harness.quality.planted import with_prior_scale
    from harness.quality.reference import load_reference
    from models import catalog

    frames = []
    for scenario in scenarios:
        posterior = catalog.get(scenario.posterior)
        reference = load_reference(scenario.posterior)
        if reference is None:
            raise FileNotFoundError(f"no reference for {scenario.posterior}; "
                                    f"run `twinbench reference -p {scenario.posterior}`")
        model = posterior.numpyro_model()
        if scenario.prior_site:
            model = with_prior_scale(model, scenario.prior_site, scenario.prior_factor)
        run_config = RunConfig(**{**config.to_dict(), "tune": scenario.tune or config.tune})
        start = time.time()
        frame = seeded_runs(posterior, reference, n_runs, run_config, model,
                            progress=lambda line, s=scenario.name: progress(f"{s}: {line}"))
        frame.insert(0, "scenario", scenario.name)
        frame.insert(1, "posterior", scenario.posterior)
        frame.insert(2, "correct", scenario.correct)
        frame["scenario_seconds"] = time.time() - start
        frames.append(frame)
    per_run = pd.concat(frames, ignore_index=True)
    summary = summarize_scenarios(per_run)
    return per_run, summary
