"""Chains and precision: vectorized vs parallel chains and float32 vs float64, per JAX NUTS path and posterior.

Each JAX path runs its **baseline** (parallel chains on the CPU, one XLA device each; vectorized on a GPU,
where four devices are not to be had; float64) and its **variants**: the other chain layout, and float32 (JAX
x64 off, PyTensor floatX float32). A variant is a cell of its own (``RunConfig.chain_method`` /
``precision``); per posterior x size x method it is compared with the baseline by the comparison layer's
rule: the ratio of medians over seeds with a bootstrap 95% interval, "faster"/"slower" only when the whole
interval leaves the +-10% band. A float32 run is also checked against the float64 run of the same seed
(``quality.agreement.agreement``: every mean and quantile within its Bonferroni-controlled z threshold),
and against the posterior's reference where one exists; a float32 cell that mostly disagrees is
"disagrees" whatever its speed: a faster wrong answer is not faster.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace

import pandas as pd

from harness.compare.cells import (EQUIVALENCE_FACTOR, differs, median_interval, mixed_runs, ratio_interval,
                                   run_metrics)
from harness.records.config import RunConfig
from harness.records.schema import RunRecord

JAX_NUTS = ("numpyro.nuts", "numpyro.blackjax", "pymc.numpyro", "pymc.blackjax", "pymc.nutpie_jax")
STREAMREC, BRADLEY_TERRY = "streamrec_events-hierarchical_logit", "tennis_sim-bradley_terry"
# (posterior, observations or None for the exercise's own data): small to large, so a sweep cut short
# still holds whole seeds of the cheap rows
GRIDS = {
    "cpu": [("eight_schools-noncentered", None), ("linreg_sim-linear_regression", None),
            ("conversion_pages-hierarchical", None),
            (STREAMREC, 1_000), (BRADLEY_TERRY, 1_000), (STREAMREC, 10_000), (BRADLEY_TERRY, 10_000),
            (STREAMREC, 100_000), (BRADLEY_TERRY, 100_000)],
    "gpu": [(STREAMREC, 1_000), (BRADLEY_TERRY, 1_000), (STREAMREC, 10_000), (BRADLEY_TERRY, 10_000),
            (STREAMREC, 100_000), (BRADLEY_TERRY, 100_000), (STREAMREC, 1_000_000)],
    "tiny": [("eight_schools-noncentered", None)],
}
METRICS = ("ess_per_sec", "time_to_1000_ess")


@dataclass(frozen=True)
class Variant:
    """A chain layout and a precision (None: the method's default layout; float64)."""

    chain_method: str | None
    precision: str = "float64"

    @property
    def label(self) -> str:
        return f"{self.chain_method or 'own threads'}/{self.precision}"

    def config(self, base: RunConfig) -> RunConfig:
        return replace(base, chain_method=self.chain_method,
                       precision=self.precision)


def baseline(method, device: str) -> Variant:
    """Parallel chains on the CPU, vectorized on a GPU (where the method lays chains out), float64."""
    wanted = "parallel" if device == "cpu" else "vectorized"
    return Variant(wanted if wanted in method.chain_methods else None)


def variants(method, device: str) -> list[Variant]:
    """The baseline first, then the other layout (float64) and the baseline layout in float32, where offered."""
    base = baseline(method, device)
    found = [base]
    other = {"parallel": "vectorized", "vectorized": "parallel"}.get(base.chain_method)
    if other in method.chain_methods and not (device == "gpu" and other == "parallel"):
        found.append(Variant(other))
    if "float32" in method.precisions:
        found.append(Variant(base.chain_method, "float32"))
    return found


def variant_of(record: RunRecord) -> Variant:
    """The variant a record ran (from its config; the layout the method reported where the config named none)."""
    config = record.config
    return Variant(config.get("chain_method"), config.get("precision") or "float64")


def grid_specs(grid: list[tuple[str, int | None]], method_names: list[str], seeds: list[int], base: RunConfig) -> list:
    """RunSpecs by cost tier (the exercise's own data and 10^3 observations, then 10^4, then 10^5, ...), seed-major
    within a tier (every row and variant of one seed before the next seed): a sweep cut short holds whole seeds of
    the cheap rows."""
    from harness import methods
    from harness.execution.process import RunSpec
    from models import catalog

    specs = []
    for tier in sorted({_tier(n) for _, n in grid}):
        for seed in seeds:
            for name, observations in grid:
                if _tier(observations) != tier:
                    continue
                posterior = catalog.get(name)
                size = posterior.size_for(observations) if observations else None
                for method_name in method_names:
                    for variant in variants(methods.get(method_name), base.device):
                        specs.append(RunSpec(name, method_name, variant.config(replace(base, seed=seed, size=size))))
    return specs


def _tier(observations: int | None) -> int:
    """Cost tier of a grid row: the exercise's own data and 10^3 first, then each further power of ten."""
    return max(3, math.floor(math.log10(observations))) if observations else 3


@functools.lru_cache(maxsize=None)
def observations(name: str, size: float | None) -> int:
    """The observations of posterior ``name`` at ``size`` (a fixed dataset: its own count)."""
    from harness.studies.leaderboard import observation_count
    from models import catalog

    posterior = catalog.get(name)
    return posterior.observations(size) if posterior.sizeable else observation_count(posterior.load_data())


def runs_frame(records: list[RunRecord]) -> pd.DataFrame:
    """One row per record: posterior, observations, method, variant, seed, status and the compared metrics,
    with float32 runs checked against the float64 run of the same cell and seed."""
    from harness.quality.agreement import agreement

    float64 = {(r.posterior, r.config.get("size"), r.method, r.config.get("chain_method"), r.config["seed"]): r
               for r in records if r.ok and variant_of(r).precision == "float64"}
    rows = []
    for record in records:
        variant = variant_of(record)
        metrics = run_metrics(record) or {}
        row = {"posterior": record.posterior, "observations": observations(record.posterior, record.config.get("size")),
               "method": record.method, "variant": variant.label, "chain_method": variant.chain_method,
               "precision": variant.precision, "seed": record.config["seed"], "status": record.status,
               "device": record.config.get("device", "cpu"), "precision_ran": record.extra.get("precision"),
               "chain_method_ran": record.extra.get("chain_method"),
               "load_average": record.extra.get("load_average"), "cores": record.machine.get("cores"),
               **{m: metrics.get(m) for m in (*METRICS, "ess_per_grad", "rhat_max", "divergences", "censored")},
               "agrees_reference": (record.agreement or {}).get("agrees"), "agrees_float64": None, "z_float64": None}
        twin = float64.get((record.posterior, record.config.get("size"), record.method, variant.chain_method,
                            record.config["seed"]))
        if variant.precision == "float32" and record.ok and twin is not None:
            check = agreement(record.summary, twin.summary)
            row.update(agrees_float64=check["agrees"], z_float64=check.get("max_z"))
        rows.append(row)
    return pd.DataFrame(rows)


def _share(values: pd.Series) -> str:
    judged = values.dropna()
    return f"{int(judged.astype(bool).sum())}/{len(judged)}" if len(judged) else "-"


def _mostly_false(values: pd.Series) -> bool:
    judged = values.dropna()
    return bool(len(judged)) and int((~judged.astype(bool)).sum()) * 2 > len(judged)


def comparison_frame(runs: pd.DataFrame, factor: float = EQUIVALENCE_FACTOR) -> pd.DataFrame:
    """Per posterior x observations x method x variant: seeds, medians with intervals, the ratio to the
    method's baseline (ESS/s over ESS/s; baseline time over variant time: above 1 is faster either way)
    with its interval, the verdict, and float32's agreement shares."""
    from harness import methods

    rows = []
    finished = runs[runs["status"].isin(["ok", "timeout"])]
    for (posterior, observations, method, device), group in finished.groupby(
            ["posterior", "observations", "method", "device"], sort=False):
        base_label = baseline(methods.get(method), device).label
        base = group[group["variant"] == base_label]
        for label, cell in group.groupby("variant", sort=False):
            mixed = mixed_runs(cell)
            row = {"posterior": posterior, "observations": observations, "method": method, "variant": label,
                   "baseline": base_label, "device": device, "seeds": len(cell), "censored": int(cell["censored"].fillna(False).sum()),
                   "unmixed": int((~mixed).sum()) * 2 > len(cell),
                   "agrees_float64": _share(cell["agrees_float64"]), "agrees_reference": _share(cell["agrees_reference"])}
            for metric in METRICS:
                row[metric], row[f"{metric}_lo"], row[f"{metric}_hi"] = median_interval(cell[metric].tolist())
                if label == base_label or base.empty:
                    row[f"{metric}_ratio"] = row[f"{metric}_ratio_lo"] = row[f"{metric}_ratio_hi"] = math.nan
                    continue
                mine, theirs = cell[metric].dropna().tolist(), base[metric].dropna().tolist()
                if metric == "time_to_1000_ess":
                    mine, theirs = theirs, mine  # baseline time over variant time: above 1 is faster
                ratio = ratio_interval(mine, theirs) if mine and theirs else (math.nan,) * 3
                row[f"{metric}_ratio"], row[f"{metric}_ratio_lo"], row[f"{metric}_ratio_hi"] = ratio
            row["verdict"] = _verdict(row, label == base_label, cell, factor)
            rows.append(row)
    return pd.DataFrame(rows)


def _verdict(row: dict, is_baseline: bool, cell: pd.DataFrame, factor: float) -> str:
    if is_baseline:
        return "baseline"
    if _mostly_false(cell["agrees_float64"]) or _mostly_false(cell["agrees_reference"]):
        return "disagrees"
    if row["unmixed"]:
        return "unmixed"
    low, high = row["ess_per_sec_ratio_lo"], row["ess_per_sec_ratio_hi"]
    if math.isnan(low) or math.isnan(high):
        return "undecided"
    return ("faster" if low > 1 else "slower") if differs(low, high, factor) else "tie"


def recommendations(comparison: pd.DataFrame) -> pd.DataFrame:
    """Per posterior x observations x method: the variant to use on this device, from the verdicts: the
    fastest variant judged "faster" than the baseline by ESS/s (float32 only where it agrees), else the
    baseline (ties keep the default)."""
    rows = []
    for key, group in comparison.groupby(["posterior", "observations", "method", "device"], sort=False):
        better = group[group["verdict"] == "faster"].sort_values("ess_per_sec_ratio", ascending=False)
        pick = better.iloc[0] if len(better) else group[group["verdict"] == "baseline"].iloc[0] \
            if (group["verdict"] == "baseline").any() else None
        if pick is None:
            continue
        rows.append({"posterior": key[0], "observations": key[1], "method": key[2], "device": key[3],
                     "recommended": pick["variant"], "seeds": int(group["seeds"].min()),
                     "ess_per_sec_ratio": pick["ess_per_sec_ratio"], "because": (
                         f"faster than {pick['baseline']} (x{pick['ess_per_sec_ratio']:.2f} "
                         f"[{pick['ess_per_sec_ratio_lo']:.2f}, {pick['ess_per_sec_ratio_hi']:.2f}])"
                         if pick["verdict"] == "faster" else "no variant is faster beyond the +-10% band")})
    return pd.DataFrame(rows)


def method_summary(comparison: pd.DataFrame) -> pd.DataFrame:
    """Per method x variant (baselines aside): the geometric mean of the ESS/s ratio over the rows, its
    bootstrap interval over rows, the verdict counts, and the rows where float32 disagreed."""
    from scipy import stats
    import numpy as np

    rows = []
    variants_only = comparison[comparison["verdict"] != "baseline"]
    for (method, device, label), group in variants_only.groupby(["method", "device", "variant"], sort=False):
        logs = np.log(group["ess_per_sec_ratio"].dropna().to_numpy(dtype=float))
        logs = logs[np.isfinite(logs)]
        geo = float(np.exp(logs.mean())) if logs.size else math.nan
        low = high = math.nan
        if logs.size >= 2 and np.ptp(logs) > 0:
            interval = stats.bootstrap((logs,), np.mean, confidence_level=0.95, n_resamples=2000, method="percentile",
                                       rng=np.random.default_rng(0)).confidence_interval
            low, high = float(np.exp(interval.low)), float(np.exp(interval.high))
        counts = group["verdict"].value_counts()
        rows.append({"method": method, "device": device, "variant": label, "rows": len(group), "geomean_ess_per_sec_ratio": geo,
                     "geomean_lo": low, "geomean_hi": high,
                     **{v: int(counts.get(v, 0)) for v in ("faster", "tie", "slower", "disagrees", "unmixed", "undecided")},
                     "disagreeing_rows": ", ".join(f"{p} @ {n:,}" for p, n in
                                                  group.loc[group["verdict"] == "disagrees", ["posterior", "observations"]]
                                                  .itertuples(index=False, name=None))})
    return pd.DataFrame(rows)


def gpu_over_cpu(runs: pd.DataFrame, factor: float = EQUIVALENCE_FACTOR) -> pd.DataFrame:
    """Per method x posterior x size x precision, from one machine's runs on its GPU and its own CPU: the ratio
    of median ESS/s, GPU (vectorized) over CPU (the CPU baseline layout), with its interval and verdict, and
    ``crossover``: the smallest size from which the GPU is "faster" at every larger size measured (NaN: never)."""
    from harness import methods

    ok = runs[runs["status"] == "ok"]
    rows = []
    for (method, posterior, precision), group in ok.groupby(["method", "posterior", "precision"], sort=False):
        found = methods.get(method)
        gpu = group[(group["device"] == "gpu") & (group["chain_method"].fillna("-") == str(baseline(found, "gpu")
                                                                                              .chain_method or "-"))]
        cpu = group[(group["device"] == "cpu") & (group["chain_method"].fillna("-") == str(baseline(found, "cpu")
                                                                                              .chain_method or "-"))]
        for n in sorted(set(gpu["observations"]) & set(cpu["observations"])):
            mine, theirs = (gpu.loc[gpu["observations"] == n, "ess_per_sec"].dropna().tolist(),
                            cpu.loc[cpu["observations"] == n, "ess_per_sec"].dropna().tolist())
            ratio, low, high = ratio_interval(mine, theirs) if mine and theirs else (math.nan,) * 3
            verdict = ("undecided" if math.isnan(low) else
                       ("faster" if low > 1 else "slower") if differs(low, high, factor) else "tie")
            rows.append({"method": method, "posterior": posterior, "precision": precision, "observations": n,
                         "gpu_seeds": len(mine), "cpu_seeds": len(theirs), "gpu_over_cpu": ratio,
                         "gpu_over_cpu_lo": low, "gpu_over_cpu_hi": high, "verdict": verdict})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    crossover = {}
    for key, group in frame.groupby(["method", "posterior", "precision"], sort=False):
        wins = group.sort_values("observations")["verdict"].eq("faster").tolist()
        sizes = group.sort_values("observations")["observations"].tolist()
        first = next((sizes[i] for i in range(len(wins)) if all(wins[i:])), math.nan)
        crossover[key] = first
    frame["crossover"] = [crossover[(m, p, q)] for m, p, q in
                          zip(frame["method"], frame["posterior"], frame["precision"])]
    return frame


def configuration_by_posterior(names: list[str], cpu_runs: pd.DataFrame, gpu_runs: pd.DataFrame) -> pd.DataFrame:
    """Per posterior at its own size: the chain layout and precision to use with each JAX NUTS path on the CPU
    the chains-precision records came from (``recommendations``: a variant only where it was judged faster and,
    for float32, agreed), and whether a GPU beat its own CPU there (float64); "not measured" where no record says."""
    picks = recommendations(comparison_frame(cpu_runs)) if len(cpu_runs) else pd.DataFrame()
    gpu = gpu_over_cpu(gpu_runs) if len(gpu_runs) else pd.DataFrame()
    cores = sorted({int(c) for c in cpu_runs.get("cores", pd.Series(dtype=float)).dropna()})
    rows = []
    for name in names:
        n = observations(name, None)
        mine = picks[(picks["posterior"] == name) & (picks["observations"] == n)] if len(picks) else picks
        if mine.empty:
            cpu_text = "not measured"
        else:
            changed = mine[mine["because"].str.startswith("faster")]
            cpu_text = ("; ".join(f"{m}: {v} (x{r:.2f})" for m, v, r in
                                  zip(changed["method"], changed["recommended"], changed["ess_per_sec_ratio"]))
                        + (f"; the defaults for the other {len(mine) - len(changed)}" if len(mine) > len(changed) else "")
                        if len(changed) else "the defaults")
            cpu_text += f" ({len(mine)} of {len(JAX_NUTS)} paths measured, {int(mine['seeds'].min())}+ seeds)"
        there = gpu[(gpu["posterior"] == name) & (gpu["observations"] == n) & (gpu["precision"] == "float64")] \
            if len(gpu) else gpu
        gpu_text = ("not measured: no GPU" if there.empty else "; ".join(
            f"{m}: GPU {v} (x{r:.2f})" for m, v, r in zip(there["method"], there["verdict"], there["gpu_over_cpu"])))
        rows.append({"posterior": name, "observations": n, "cpu_configuration": cpu_text, "gpu_at_this_size": gpu_text,
                     "cpu_cores": ",".join(map(str, cores)) or None})
    return pd.DataFrame(rows)
