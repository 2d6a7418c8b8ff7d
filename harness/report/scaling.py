"""Scaling outputs: ``scaling_<posterior>.csv`` (one row per run or skipped cell), ``.md`` and ``.png``.

The plot has three log-log panels against observations: time to 1,000 ESS (compile included)
with each series' fitted line, seconds per gradient, and peak memory with the machine's limit.
GPU series are dashed; when a GPU was asked for and none was present, the page says "not
measured: no GPU" instead of drawing anything for it.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from harness.compare.cells import RHAT_LIMIT, mixed_runs
from harness.report.comparison import several_machines_note
from harness.compare.scaling import METRICS, size_medians

# The published comparison (PyMC Labs / Martin Ingram, "MCMC for big datasets: faster sampling with
# JAX and the GPU", 2021-12-22): Bradley-Terry, 160,420 matches, 4 chains x 1,000 + 1,000, float64.
PUBLISHED = {
    "source": "https://www.pymc-labs.com/blog-posts/pymc-stan-benchmark/",
    "matches": 160_420,
    "jax_cpu_over_pymc": 2.9,  # ESS/s of PyMC's JAX (NumPyro) sampler on the CPU / PyMC's default sampler
    "gpu_over_pymc": 11.0,  # ESS/s of the JAX sampler on a GPU / PyMC's default sampler
    "gpu_crossover_matches": 50_000,  # the GPU only won above roughly this many matches
    "pymc_default_minutes": 12.0,
}
JAX_SERIES = ("pymc.numpyro", "numpyro.nuts")  # the JAX samplers set beside the blog's "JAX" sampler


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_scaling(frame: pd.DataFrame, slopes: pd.DataFrame, limit_mb: float, title: str, path: Path) -> None:
    """Cost and memory against observations on log axes, points per run, fitted lines per series."""
    plt = _pyplot()
    panels = ("time_to_1000_ess", "seconds_per_grad", "peak_rss_mb")
    fig, axes = plt.subplots(1, 3, figsize=(16, 5))
    ok = frame[frame["status"] == "ok"]
    colors = {}
    for series in dict.fromkeys(ok["series"]):
        method = series.split(" (")[0]
        colors.setdefault(method, f"C{len(colors) % 10}")
    for ax, metric in zip(axes, panels):
        for series, group in ok.groupby("series", sort=False):
            style = "--" if series.endswith("(gpu)") else "-"
            color = colors[series.split(" (")[0]]
            points = group[["observations", metric]].dropna()
            ax.scatter(points["observations"], points[metric], color=color, s=14, alpha=0.6)
            medians = points.groupby("observations")[metric].median()
            fit = slopes[(slopes["series"] == series) & (slopes["metric"] == metric)]
            label = series
            if len(fit):
                row = fit.iloc[0]
                label += f" (slope {row['slope']:.2f})"
                xs = medians.index.to_numpy(float)
                # the fitted line through the fitted range: anchor at the median of the fitted sizes
                lo, hi = (float(v.replace(",", "")) for v in row["sizes"].split("-"))
                xs = xs[(xs >= lo) & (xs <= hi)]
                if xs.size >= 2:
                    anchor = np.log10(medians.loc[xs].to_numpy(float)).mean() - row["slope"] * np.log10(xs).mean()
                    ax.plot(xs, 10 ** (anchor + row["slope"] * np.log10(xs)), style, color=color, lw=1.5,
                            label=label)
                    continue
            ax.plot(medians.index, medians.to_numpy(), style, color=color, lw=1.0, label=label)
        timeouts = frame[frame["status"] == "timeout"]
        if metric == "time_to_1000_ess" and len(timeouts):
            ax.scatter(timeouts["observations"], [ax.get_ylim()[1]] * len(timeouts), marker="x", color="k",
                       label="timed out")
        if metric == "peak_rss_mb":
            ax.axhline(limit_mb, color="r", ls=":", lw=1, label=f"memory limit {limit_mb / 1024:.0f} GiB")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("observations")
        ax.set_title(METRICS[metric])
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _fmt_interval(value, low, high, fmt="{:,.0f}") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    text = fmt.format(value)
    if low is not None and high is not None and not (math.isnan(low) or math.isnan(high)):
        text += f" [{fmt.format(low)}, {fmt.format(high)}]"
    return text


def published_table(frame: pd.DataFrame) -> pd.DataFrame | None:
    """Blog ratio vs twinbench ratio at the blog's size, where the needed series were measured there."""
    at = frame[(frame["status"] == "ok") & (frame["observations"] == PUBLISHED["matches"])]
    if at.empty:
        return None
    ess = at.groupby("series")["ess_per_sec"].median()

    def ratio(a, b):
        return f"{ess[a] / ess[b]:.2f}" if a in ess and b in ess else "not measured"

    any_gpu = any(series.endswith("(gpu)") for series in frame["series"].unique())

    def gpu_ratio(a, b):
        return ratio(a, b) if any_gpu else "not measured: no GPU"

    rows = []
    for baseline, why in (("pymc.nuts", "PyMC's own NUTS: the blog's 'PyMC default' (PyMC 4, 2021)"),
                          ("pymc.default", "today's pm.sample() default (nutpie, PyMC 6)")):
        for jax in JAX_SERIES:
            rows.append({"comparison": f"JAX CPU ({jax}) / {baseline}", "blog": PUBLISHED["jax_cpu_over_pymc"],
                         "twinbench": ratio(jax, baseline), "baseline": why})
        for jax in JAX_SERIES:
            rows.append({"comparison": f"GPU ({jax} (gpu)) / {baseline}", "blog": PUBLISHED["gpu_over_pymc"],
                         "twinbench": gpu_ratio(f"{jax} (gpu)", baseline), "baseline": why})
    for jax in JAX_SERIES:
        rows.append({"comparison": f"GPU ({jax} (gpu)) / JAX CPU ({jax})",
                     "blog": round(PUBLISHED["gpu_over_pymc"] / PUBLISHED["jax_cpu_over_pymc"], 2),
                     "twinbench": gpu_ratio(f"{jax} (gpu)", jax),
                     "baseline": "the blog's two ratios divided (11 / 2.9); twinbench: the CPU of the GPU's machine"})
    return pd.DataFrame(rows)


def _pinned_note(shared: pd.DataFrame) -> str:
    """A sentence for runs that shared the host but each on cores of its own (``taskset``), or ''."""
    if "cores_usable" not in shared or shared["cores_usable"].isna().all():
        return ""
    pinned = shared["cores_usable"] < shared["cores"]
    if not pinned.any():
        return ""
    usable = ", ".join(str(int(n)) for n in sorted(shared.loc[pinned, "cores_usable"].unique()))
    return (f" {int(pinned.sum())} of them ran pinned to {usable} of the machine's {int(shared['cores'].max())} "
            "cores (`taskset`; `cores_usable` in the csv): where the other runs were pinned to other cores, as "
            "`scripts/gpu-scaling` does, they shared memory bandwidth and caches, not cores.")


def chains_note(frame: pd.DataFrame) -> list[str]:
    """A paragraph naming the methods whose chains ran fewer at a time than others (their wall time pays for it;
    seconds per gradient already divides by the chains that ran at once)."""
    if "chains_at_once" not in frame or frame["chains_at_once"].isna().all():
        return []
    at_once = frame.dropna(subset=["chains_at_once"]).groupby("method")["chains_at_once"].median()
    if at_once.nunique() < 2:
        return []
    most = at_once.max()
    fewer = ", ".join(f"{method} ran {int(n)} at a time" for method, n in at_once.items() if n < most)
    return [f"**Chains at once:** most methods ran {int(most)} chains side by side; {fewer} (the sampler's own "
            "default: PyMC 6's `pm.sample` takes `cores = min(4, cpu_count() // 2)`). Its wall time and time to "
            "1,000 ESS include that; its seconds per gradient divide by the chains that ran at once, so they "
            "compare the gradient itself (`chains_at_once` in the csv).", ""]


def _significant(value: float, digits: int) -> str:
    """``value`` to ``digits`` significant figures, whole numbers with thousands commas (no exponent); "-" for NaN."""
    if math.isnan(value):
        return "-"
    return f"{value:,.0f}" if abs(value) >= 10 ** (digits - 1) else f"{value:.{digits}g}"


def _unmixed_cells(frame: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """"*" where a finished run of that series and size did not mix (``mixed_runs``), else ""; shaped as ``like``."""
    done = frame[frame["status"].eq("ok")]
    bad = ~mixed_runs(done)
    flagged = bad.groupby([done["observations"], done["series"]]).any().unstack("series")
    flagged = flagged.reindex(index=like.index, columns=like.columns).fillna(False).astype(bool)
    return flagged.map(lambda b: "*" if b else "")


def scaling_markdown(posterior: str, frame: pd.DataFrame, slopes: pd.DataFrame, crossings: pd.DataFrame,
                     ceilings: pd.DataFrame, command: str, gpu_note: str | None, fit_from: int,
                     machine: str) -> str:
    """The study page: medians per size, slopes, crossovers, memory, skips, GPU status, published numbers."""
    lines = [f"# Scaling: {posterior}", "",
             f"Produced by `{command}` on {machine}. Runs: `scaling_{posterior}.csv` (one row per run or "
             f"skipped cell); figure: `scaling_{posterior}.png`.", "",
             "Cost against data size, per method, medians over seeds. A run that timed out counts as infinitely "
             "slow; a method stops climbing at its first timeout or crash, and a size whose predicted peak memory "
             "exceeds the machine, or whose predicted wall time exceeds the timeout by half again, is skipped with "
             "the prediction (all listed below; a prediction is never shown as a measurement). Machine load (1-minute "
             "average at the end of each run) is in the csv.", ""]
    if gpu_note:
        lines += [f"**GPU:** {gpu_note}", ""]
    shared = frame["host_concurrent_runs"].fillna(0) > 0 if "host_concurrent_runs" in frame else None
    if shared is not None and shared.any():
        lines += [f"**Shared machine:** {int(shared.sum())} of {int(frame['status'].eq('ok').sum())} finished runs had "
                  "other twinbench runs on the host while they ran (`host_concurrent_runs` in the csv); their times "
                  "are upper bounds. `--redo-shared` reruns exactly those." + _pinned_note(frame[shared]), ""]
    lines += several_machines_note(frame["platform"] if "platform" in frame else [])
    lines += chains_note(frame)
    medians = size_medians(frame, "time_to_1000_ess")
    if not medians.empty:
        unmixed = _unmixed_cells(frame, medians)
        time_cells = medians.map(lambda v: "timeout" if v == math.inf else _significant(v, 3))
        ess_cells = size_medians(frame, "ess_per_sec").map(lambda v: _significant(v, 4))
        lines += ["## Time to 1,000 ESS, compile included (median seconds)", "",
                  (time_cells + unmixed).reset_index().to_markdown(index=False), "",
                  "## ESS/s of sampling (median)", "",
                  (ess_cells + unmixed).reset_index().to_markdown(index=False), ""]
        if (unmixed != "").any().any():
            lines += [f"\\* some run of this cell did not mix (R-hat >= {RHAT_LIMIT} or divergences: `rhat_max`, "
                      "`divergences` in the csv); its speed is not a fair win.", ""]
    if not slopes.empty:
        table = slopes.assign(slope=[_fmt_interval(s, lo, hi, "{:.2f}") for s, lo, hi in
                                     zip(slopes["slope"], slopes["slope_lo"], slopes["slope_hi"])])
        lines += [f"## Log-log slopes (cost ~ n^slope, 95% interval; runs with >= {fit_from:,} observations)", "",
                  table[["series", "metric", "slope", "r2", "runs", "sizes"]].to_markdown(index=False,
                                                                                          floatfmt=".3f"), ""]
    if not crossings.empty:
        table = crossings.assign(crossover=[_fmt_interval(c, lo, hi) for c, lo, hi in
                                            zip(crossings["crossover"], crossings["crossover_lo"],
                                                crossings["crossover_hi"])])
        lines += ["## Crossovers (where two series swap places; 95% bootstrap interval over seeds)", "",
                  table[["metric", "a", "b", "crossover", "share_of_resamples_crossing", "verdict"]]
                  .to_markdown(index=False, floatfmt=".2f"), ""]
    if not ceilings.empty:
        lines += ["## Memory (peak RSS of the run's largest process; ceiling where its line meets the limit)", "",
                  ceilings.to_markdown(index=False), ""]
    stopped = frame[~frame["status"].isin(["ok"])]
    if len(stopped):
        lines += ["## Not run, timed out or failed", "",
                  stopped[["series", "observations", "seed", "status"]].to_markdown(index=False), ""]
    published = published_table(frame)
    if published is not None:
        lines += ["## Against the published comparison", "",
                  f"PyMC Labs / M. Ingram, [MCMC for big datasets]({PUBLISHED['source']}) (2021): "
                  f"{PUBLISHED['matches']:,} real ATP matches, PyMC's default sampler ~{PUBLISHED['pymc_default_minutes']:.0f} "
                  f"min, JAX on the CPU ~{PUBLISHED['jax_cpu_over_pymc']}x its ESS/s, a GPU ~{PUBLISHED['gpu_over_pymc']:.0f}x, "
                  f"and the GPU only won above ~{PUBLISHED['gpu_crossover_matches']:,} matches. What differs: their "
                  "data were real matches (ours simulated, same size), their hardware (a workstation CPU and an NVIDIA "
                  f"GPU; ours: {machine}), their libraries (PyMC 4 era, whose default was PyMC's own NUTS; "
                  "today's PyMC 6 default is nutpie).", "",
                  published.to_markdown(index=False), ""]
    return "\n".join(lines)


def write_scaling(posterior: str, frame: pd.DataFrame, slopes: pd.DataFrame, crossings: pd.DataFrame,
                  ceilings: pd.DataFrame, out_dir: Path, command: str, gpu_note: str | None, fit_from: int,
                  limit_mb: float, machine: str) -> list[Path]:
    """Write ``scaling_<posterior>.{csv,md,png}`` under ``out_dir``; the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"scaling_{posterior}"
    paths = [stem.with_suffix(".csv"), stem.with_suffix(".md"), stem.with_suffix(".png")]
    frame.to_csv(paths[0], index=False)
    paths[1].write_text(scaling_markdown(posterior, frame, slopes, crossings, ceilings, command, gpu_note,
                                         fit_from, machine))
    plot_scaling(frame, slopes, limit_mb, f"{posterior}: cost and memory vs data size ({machine})", paths[2])
    return paths
