"""Exercise 21.24: simulation-based calibration (SBC) of non-centered eight schools, NUTS on both backends and ADVI.

simuk 0.3's prior SBC (Talts et al. 2020) drives every method: it draws the parameters from the
twin's prior and y from its likelihood (PyMC's ``sample_prior_predictive``; for NumPyro the twin
wrapped in ``numpyro.handlers.uncondition``), fits the twin to each simulated y and counts the
posterior draws below the true value (the rank). Three methods, each as its library runs it:

- ``pymc.default``: ``pm.sample`` with PyMC's own choices (nutpie when installed), via simuk;
- ``numpyro.nuts``: ``MCMC(NUTS(model))`` in float64, via simuk (one MCMC object reused across
  simulations with ``jit_model_args=True``, NumPyro's option for refitting new data; it saves part
  of the recompilation, not all: each run still re-initialises the kernel);
- ``pymc.advi``: ``pm.fit(method="advi")`` for the harness's ``vi_steps``, then i.i.d. draws from the
  approximation (simuk only samples with ``pm.sample``, so this one fit is swapped in).

Every fit draws the scale's ``draws`` after ``tune`` warm-up steps in one chain (simuk ranks only
chain 0 of a NumPyro fit, so every method uses one), so ranks lie in [0, draws]. Simulations run
in chunks of ``CHUNK`` with seeds ``SEED + chunk``, the same for every method (the two PyMC
methods see the same prior draws and data); each finished chunk's ranks are saved under the
study's runs folder, so an interrupted study resumes at the next chunk. These fits are simuk's
in-process runs, not harness subprocess runs: they have no run records.

Uniformity of the ranks of mu, tau and theta[0] is tested per method with scipy's chi-square on
``BINS`` rank-histogram bins (exact discrete-uniform expected counts) and with ArviZ's PIT
uniformity test (``pot_c``, on PIT = (rank + 0.5) / (draws + 1)); a test rejects at p < ``ALPHA``.
The two NUTS backends agree when a chi-square homogeneity test of their two rank histograms does
not reject at ``ALPHA``.
"""
from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd

from harness.studies.context import StudyContext, StudyResult

POSTERIOR = "eight_schools-noncentered"
PARAMETERS = {"mu": ("mu", None), "tau": ("tau", None), "theta[0]": ("theta", 0)}
METHODS = {"pymc.default": ("pymc", "nuts"), "numpyro.nuts": ("numpyro", "nuts"), "pymc.advi": ("pymc", "advi")}
NUTS_PAIR = ("pymc.default", "numpyro.nuts")
CHUNK = 25
SEED = 2124
BINS = 20
ALPHA = 0.01
TINY_VI_STEPS = 2000
COVERAGE = (0.5, 0.9, 0.95)
COLUMNS = ["method", "backend", "family", "parameter", "simulations", "draws", "chi2", "chi2_df", "chi2_p", "pot_c_p",
           "uniform", "pit_mean", "pit_sd", "coverage_50", "coverage_90", "coverage_95", "seconds_per_simulation"]


def _simuk_classes():
    """simuk.SBC subclasses: ``TwinSBC`` (NUTS) and ``AdviSBC`` (ADVI), built on first use (simuk imports PyMC)."""
    import simuk
    from arviz_base import extract

    class TwinSBC(simuk.SBC):
        """simuk's prior SBC that also ranks the deterministic ``theta``, counts ranks with numpy, and reuses one
        compiled NumPyro MCMC. The rank is simuk's: the number of posterior draws strictly below the true value."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, keep_fits=False, progress_bar=False, **kwargs)
            self.var_names = [*self.var_names, "theta"]
            self.simulations = {name: [] for name in self.var_names}
            self._mcmc = None

        def _compute_single_rank(self, simulation_idx, posterior, transform):
            for name in self.var_names:
                if self.engine == "numpyro":
                    draws = np.asarray(posterior[name].sel(chain=0))
                    truth = np.asarray(self.ref_params[name][simulation_idx])
                else:
                    draws = posterior[name].transpose("sample", ...).values
                    truth = self.ref_params[name].isel(sample=simulation_idx).values
                self.simulations[name].append((draws < truth).sum(axis=0))

        def _get_posterior_samples_numpyro(self, prior_predictive_draw):
            import jax
            from arviz_base import from_numpyro
            from numpyro.infer import MCMC

            if self._mcmc is None:
                self._mcmc = MCMC(self.numpyro_model, jit_model_args=True, **self.sample_kwargs)
            observed = {k: v for k, v in prior_predictive_draw.items() if k in self.observed_model_vars}
            self._mcmc.run(jax.random.PRNGKey(self._seeds[self._simulations_complete]), **observed)
            return from_numpyro(self._mcmc)["posterior"]

    class AdviSBC(TwinSBC):
        """As ``TwinSBC`` with each fit ``pm.fit(method="advi")`` for ``vi_steps`` steps and ``draws`` i.i.d. draws."""

        def __init__(self, *args, vi_steps: int, draws: int, **kwargs):
            super().__init__(*args, **kwargs)
            self.vi_steps, self.draws = vi_steps, draws

        def _get_posterior_samples(self, replicated_data):
            import pymc as pm

            seed = int(self._seeds[self._simulations_complete])
            model = pm.observe(self.model, vars_to_observations=replicated_data)
            approx = pm.fit(n=self.vi_steps, method="advi", model=model, random_seed=seed, progressbar=False)
            return extract(approx.sample(draws=self.draws, random_seed=seed), group="posterior", keep_dataset=True)

    return TwinSBC, AdviSBC


def numpyro_sbc_model(entry, data: dict, options: dict):
    """The NumPyro twin in simuk's form ``model(y=None)``: conditioned on ``y``, or drawing it when None."""
    from numpyro.handlers import uncondition

    twin = entry.numpyro_model()

    def model(y=None):
        """Eight schools with y observed, or with y drawn from the likelihood (prior predictive)."""
        if y is None:
            return uncondition(twin)(data, **options)
        return twin({**data, "y": y}, **options)

    return model


def chunk_ranks(method: str, simulations: int, seed: int, draws: int, tune: int, vi_steps: int) -> dict:
    """One simuk run of ``simulations`` SBC iterations: ranks per parameter (simulations, ...) and wall seconds."""
    from models import catalog

    entry = catalog.get(POSTERIOR)
    data, options = entry.load_data(), entry.model_options()
    TwinSBC, AdviSBC = _simuk_classes()
    start = time.time()
    if method == "numpyro.nuts":
        import jax
        from numpyro.infer import NUTS

        jax.config.update("jax_enable_x64", True)
        sbc = TwinSBC(NUTS(numpyro_sbc_model(entry, data, options)), num_simulations=simulations, seed=seed,
                      data_dir={"y": data["y"]},
                      sample_kwargs={"num_warmup": tune, "num_samples": draws, "num_chains": 1, "progress_bar": False})
    elif method == "pymc.default":
        sbc = TwinSBC(entry.pymc_build()(data, **options), num_simulations=simulations, seed=seed,
                      sample_kwargs={"draws": draws, "tune": tune, "chains": 1})
    else:
        sbc = AdviSBC(entry.pymc_build()(data, **options), num_simulations=simulations, seed=seed,
                      vi_steps=vi_steps, draws=draws)
    sbc.run_simulations()
    if sbc._simulations_complete != simulations:
        raise RuntimeError(f"simuk stopped after {sbc._simulations_complete} of {simulations} {method} simulations")
    ranks = sbc.simulations["prior_sbc"]
    return {"mu": ranks["mu"].values[0], "tau": ranks["tau"].values[0], "theta": ranks["theta"].values[0],
            "seconds": time.time() - start}


def all_ranks(context: StudyContext, draws: int, tune: int, vi_steps: int) -> dict[str, dict]:
    """Every method's ranks, chunk by chunk: each chunk saved as it finishes and reused when resuming; the
    missing chunks run in ``context.jobs`` processes (ADVI's, the slowest, first)."""
    total = context.scale.simulations
    chunks = math.ceil(total / CHUNK)
    parts = {method: [None] * chunks for method in METHODS}
    pending = []
    for method, (_, family) in METHODS.items():
        folder = context.runs_dir / method
        folder.mkdir(parents=True, exist_ok=True)
        setting = np.array([draws, tune, vi_steps if family == "advi" else 0])
        for chunk in range(chunks):
            size = min(CHUNK, total - chunk * CHUNK)
            path = folder / f"chunk{chunk:03d}.npz"
            saved = dict(np.load(path)) if context.resume and path.exists() else None
            if saved is not None and len(saved["mu"]) == size and np.array_equal(saved["setting"], setting):
                parts[method][chunk] = saved
            else:
                pending.append((method, chunk, size, path, setting))
    pending.sort(key=lambda job: METHODS[job[0]][1] != "advi")

    def arguments(job) -> tuple:
        """``chunk_ranks``'s arguments for one pending chunk."""
        method, chunk, size, _, _ = job
        return method, size, SEED + chunk, draws, tune, vi_steps

    done = {method: sum(part is not None for part in parts[method]) for method in METHODS}

    def finished(job, part: dict) -> None:
        method, chunk, size, path, setting = job
        np.savez(path, setting=setting, **part)
        parts[method][chunk] = part
        done[method] += 1
        context.log(f"sbc {method}: chunk {chunk + 1}/{chunks} done ({done[method]}/{chunks} chunks), "
                    f"{part['seconds']:.0f} s, {part['seconds'] / size:.1f} s per simulation")

    if context.jobs == 1 or len(pending) < 2:
        for job in pending:
            finished(job, chunk_ranks(*arguments(job)))
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from multiprocessing import get_context

        with ProcessPoolExecutor(min(context.jobs, len(pending)), mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(chunk_ranks, *arguments(job)): job for job in pending}
            for future in as_completed(futures):
                finished(futures[future], future.result())
    return {method: {"mu": np.concatenate([p["mu"] for p in got]), "tau": np.concatenate([p["tau"] for p in got]),
                     "theta": np.concatenate([p["theta"] for p in got]),
                     "seconds": float(sum(float(p["seconds"]) for p in got))} for method, got in parts.items()}


def parameter_ranks(ranks: dict) -> dict[str, np.ndarray]:
    """Ranks of the reported parameters: mu, tau and theta[0]."""
    return {label: ranks[name] if index is None else ranks[name][:, index] for label, (name, index) in
            PARAMETERS.items()}


def histogram(ranks: np.ndarray, draws: int, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Counts of ranks in ``bins`` bins over 0..draws, and the expected counts of discrete-uniform ranks."""
    edges = np.linspace(0, draws + 1, bins + 1)
    counts = np.histogram(ranks, bins=edges)[0]
    share = np.histogram(np.arange(draws + 1), bins=edges)[0] / (draws + 1)
    return counts, share * len(ranks)


def bins_for(simulations: int) -> int:
    """Histogram bins: ``BINS``, fewer when there are under 5 simulations per bin (at least 2)."""
    return max(2, min(BINS, simulations // 5))


def uniformity(ranks: np.ndarray, draws: int) -> dict:
    """Chi-square on the rank histogram (scipy), ArviZ's pot_c PIT test, PIT mean/sd and central-interval coverage."""
    from arviz_stats.base import array_stats
    from scipy import stats

    bins = bins_for(len(ranks))
    counts, expected = histogram(ranks, draws, bins)
    chi2 = stats.chisquare(counts, expected)
    pit = (ranks + 0.5) / (draws + 1)
    pot_c = float(np.asarray(array_stats.uniformity_test(pit, method="pot_c")[0]))
    coverage = {f"coverage_{round(100 * c)}": float(np.mean(np.abs(pit - 0.5) <= c / 2)) for c in COVERAGE}
    return {"simulations": len(ranks), "draws": draws, "chi2": float(chi2.statistic), "chi2_df": bins - 1,
            "chi2_p": float(chi2.pvalue), "pot_c_p": pot_c,
            "uniform": bool(chi2.pvalue >= ALPHA and pot_c >= ALPHA), "pit_mean": float(pit.mean()),
            "pit_sd": float(pit.std()), **coverage}


def backend_homogeneity(ranks: dict, draws: int) -> pd.DataFrame:
    """Per parameter: chi-square homogeneity test of the two NUTS backends' rank histograms (scipy)."""
    from scipy import stats

    rows = []
    for parameter in PARAMETERS:
        a, b = (ranks[m][parameter] for m in NUTS_PAIR)
        bins = bins_for(min(len(a), len(b)))
        table = np.array([histogram(a, draws, bins)[0], histogram(b, draws, bins)[0]])
        table = table[:, table.sum(axis=0) > 0]
        p = float(stats.chi2_contingency(table).pvalue) if table.shape[1] > 1 else 1.0
        rows.append({"parameter": parameter, "pymc_pit_mean": float(np.mean((a + 0.5) / (draws + 1))),
                     "numpyro_pit_mean": float(np.mean((b + 0.5) / (draws + 1))), "homogeneity_p": p,
                     "agree": bool(p >= ALPHA)})
    return pd.DataFrame(rows)


def run(context: StudyContext) -> StudyResult:
    """SBC of every method at the study's scale (chunked, resumable); uniformity tests, agreement, plot."""
    config = context.config()
    tiny = context.scale.name == "tiny"
    draws, tune = config.draws, config.tune
    vi_steps = TINY_VI_STEPS if tiny else config.vi_steps
    ranks, seconds, rows = {}, {}, []
    for method, (_, family) in METHODS.items():
        context.log(f"sbc {method}: {context.scale.simulations} simulations, {draws} draws after "
                    + (f"{tune} warm-up steps" if family == "nuts" else f"{vi_steps} ADVI steps") + ", 1 chain"
                    + (f"; chunks of {CHUNK} in {context.jobs} processes" if context.jobs > 1 else ""))
    everything = all_ranks(context, draws, tune, vi_steps)
    for method, (backend, family) in METHODS.items():
        ranks[method], seconds[method] = parameter_ranks(everything[method]), everything[method]["seconds"]
        for parameter, values in ranks[method].items():
            rows.append({"method": method, "backend": backend, "family": family, "parameter": parameter,
                         **uniformity(values, draws),
                         "seconds_per_simulation": seconds[method] / context.scale.simulations})
    table = pd.DataFrame(rows)[COLUMNS]
    homogeneity = backend_homogeneity(ranks, draws)
    counts = pd.DataFrame([{"method": m, "parameter": p, **{f"bin{i + 1}": int(c) for i, c in
                                                             enumerate(histogram(v, draws, bins_for(len(v)))[0])}}
                           for m, by in ranks.items() for p, v in by.items()])
    tables = {"NUTS backends: rank histograms compared (chi-square homogeneity)": homogeneity,
              "Rank histogram counts (bins of equal width over 0..draws)": counts}
    findings = answer(table, homogeneity, draws, vi_steps, tune)
    return StudyResult(table=table, findings=findings, tables=tables,
                       figure_data={"ranks": ranks, "draws": draws})


def shape(row) -> str:
    """How a non-uniform rank distribution departs from uniform, and what that says about the fitted posterior."""
    parts = []
    if row.pit_mean < 0.45:
        parts.append(f"the true values sit low in the fitted posteriors (PIT mean {row.pit_mean:.2f}): "
                     "it is biased upward")
    elif row.pit_mean > 0.55:
        parts.append(f"the true values sit high in the fitted posteriors (PIT mean {row.pit_mean:.2f}): "
                     "it is biased downward")
    uniform_sd = 1 / math.sqrt(12)
    if row.pit_sd > 1.1 * uniform_sd:
        parts.append(f"ranks pile up at both ends (PIT sd {row.pit_sd:.3f} vs {uniform_sd:.3f}): the fitted "
                     f"posteriors are too narrow (95% intervals cover {row.coverage_95:.0%})")
    elif row.pit_sd < 0.9 * uniform_sd:
        parts.append(f"ranks bunch in the middle (PIT sd {row.pit_sd:.3f} vs {uniform_sd:.3f}): the fitted "
                     f"posteriors are too wide (95% intervals cover {row.coverage_95:.0%})")
    return "; ".join(parts) or f"no simple shift or spread (PIT mean {row.pit_mean:.2f}, sd {row.pit_sd:.3f})"


def answer(table: pd.DataFrame, homogeneity: pd.DataFrame, draws: int, vi_steps: int, tune: int) -> list[str]:
    """The exercise's answers (a)-(c) and the backend agreement, from the uniformity table."""
    simulations = int(table["simulations"].iloc[0])
    lines = [f"(a) {simulations} simulations per method, each a fit of {draws} draws in one chain ({tune} NUTS "
             f"warm-up steps, or {vi_steps} ADVI steps); ranks lie in [0, {draws}] and should be uniform. Uniformity: "
             f"chi-square on {bins_for(simulations)} rank bins (scipy) and ArviZ's pot_c PIT test, rejected at "
             f"p < {ALPHA} ({len(table)} tests of each kind, so one chance rejection in the whole study is not rare)."]
    for method, rows in table.groupby("method", sort=False):
        tests = "; ".join(f"{r.parameter} chi-square p {r.chi2_p:.3g}, pot_c p {r.pot_c_p:.3g}, 95% coverage "
                          f"{r.coverage_95:.0%}" for r in rows.itertuples())
        bad = rows[~rows["uniform"]]
        verdict = ("Uniformity is not rejected for any parameter: no sign of miscalibration." if bad.empty else
                   "Uniformity is REJECTED for " + ", ".join(bad["parameter"]) + ": miscalibrated.")
        lines.append(f"(b) {method} ({rows['seconds_per_simulation'].iloc[0]:.1f} s per simulation): {tests}. "
                     f"{verdict}")
    bad = table[~table["uniform"]]
    if bad.empty:
        lines.append("(c) Every rank histogram is consistent with uniform: no method shows a computational problem "
                     "at this number of simulations.")
    for r in bad.itertuples():
        cause = ("an approximation error of ADVI, not Monte Carlo error: independent Gaussians on mu, log tau and "
                 "theta_z cannot represent the posterior's dependence and skew, and are fitted by a fixed number of "
                 "noisy gradient steps" if r.family == "advi"
                 else "a sampling problem (too little warm-up, divergences, or too few effective draws)")
        lines.append(f"(c) {r.method}, {r.parameter}: {shape(r)}. This points to {cause}.")
    disagree = homogeneity[~homogeneity["agree"]]
    lines.append("Backends: the PyMC and NumPyro NUTS rank histograms agree within Monte Carlo error for "
                 + ", ".join(homogeneity["parameter"]) + " (chi-square homogeneity p "
                 + ", ".join(f"{p:.3g}" for p in homogeneity["homogeneity_p"]) + ")." if disagree.empty else
                 "Backends: the PyMC and NumPyro NUTS rank histograms DIFFER beyond Monte Carlo error for "
                 + ", ".join(disagree["parameter"]) + " (homogeneity p "
                 + ", ".join(f"{p:.3g}" for p in disagree["homogeneity_p"]) + ").")
    lines.append("Each SBC fit runs in-process through simuk 0.3 (prior SBC), not as a harness subprocess run, so it "
                 "has no run record; the ranks of every chunk of simulations are kept under the study's runs folder. Seconds "
                 "per simulation are the chunks' wall time on a machine that may have been shared (`--jobs N`, other "
                 "work): a rough cost, not a benchmark.")
    return lines
