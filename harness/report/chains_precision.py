"""Chains-and-precision outputs: ``chains_precision.csv`` (one row per posterior x size x method x variant),
``chains_precision_runs.csv`` (one row per run), ``chains_precision.md`` and ``chains_precision.png``.

The page has two sections, this machine's CPU grid and a GPU machine (its GPU and its own CPU); one without
records says "not measured" and why, never a number carried over from elsewhere.
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from harness.report.comparison import several_machines_note
from harness.studies.chains_precision import (comparison_frame, gpu_over_cpu, method_summary, recommendations,
                                             runs_frame)

STEM = "chains_precision"


def _interval(value: float, low: float, high: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.2f}" + ("" if math.isnan(low) else f" [{low:.2f}, {high:.2f}]")


def _row_label(posterior: str, observations: int) -> str:
    return f"{posterior} ({observations:,})"


def plot(comparison: pd.DataFrame, path: Path) -> None:
    """ESS/s ratio to the baseline with its interval, one panel per method, one marker per variant, rows =
    posterior (observations); the +-10% band shaded. Variants that disagree are drawn hollow."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = comparison[comparison["verdict"] != "baseline"]
    methods = list(dict.fromkeys(shown["method"]))
    rows = list(dict.fromkeys(_row_label(p, n) for p, n in zip(comparison["posterior"], comparison["observations"])))
    fig, axes = plt.subplots(1, max(1, len(methods)), figsize=(4.2 * max(1, len(methods)), 1.2 + 0.45 * len(rows)),
                             sharey=True, squeeze=False)
    labels = list(dict.fromkeys(shown["variant"]))
    for ax, method in zip(axes[0], methods):
        ax.axvspan(1 / 1.1, 1.1, color="0.9")
        ax.axvline(1.0, color="0.5", lw=0.8)
        group = shown[shown["method"] == method]
        for k, label in enumerate(labels):
            part = group[group["variant"] == label]
            y = [rows.index(_row_label(p, n)) + 0.15 * (k - (len(labels) - 1) / 2)
                 for p, n in zip(part["posterior"], part["observations"])]
            x = part["ess_per_sec_ratio"].to_numpy(dtype=float)
            err = [x - part["ess_per_sec_ratio_lo"].to_numpy(dtype=float),
                   part["ess_per_sec_ratio_hi"].to_numpy(dtype=float) - x]
            hollow = (part["verdict"] == "disagrees").to_numpy()
            color = f"C{k}"
            ax.errorbar(x, y, xerr=err, fmt="none", ecolor=color, lw=1)
            ax.scatter(x[~hollow], [v for v, h in zip(y, hollow) if not h], color=color, s=22, label=label, zorder=3)
            if hollow.any():
                ax.scatter(x[hollow], [v for v, h in zip(y, hollow) if h], facecolors="none", edgecolors=color, s=40,
                           zorder=3, label=f"{label} (disagrees)")
        ax.set_xscale("log")
        ax.set_title(method, fontsize=10)
        ax.set_xlabel("ESS/s ratio to the baseline")
    axes[0][0].set_yticks(range(len(rows)), rows, fontsize=8)
    axes[0][0].invert_yaxis()
    handles, names = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, names, loc="lower center", ncol=max(1, len(names)), fontsize=8, frameon=False)
    fig.suptitle("Chain layout and precision: each JAX NUTS path against its baseline (median over seeds, 95% "
                 "bootstrap interval; grey band: +-10%)", fontsize=10)
    fig.tight_layout(rect=(0, 0.06, 1, 0.95))
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _section(comparison: pd.DataFrame, device: str) -> list[str]:
    summary = method_summary(comparison)
    picks = recommendations(comparison)
    lines = ["### Per method: geometric mean of the ESS/s ratio to the baseline over the rows", ""]
    if summary.empty:
        lines += ["(no variant has both its runs and its baseline's yet)", ""]
    else:
        table = summary.assign(ratio=[_interval(v, lo, hi) for v, lo, hi in
                                      zip(summary["geomean_ess_per_sec_ratio"], summary["geomean_lo"], summary["geomean_hi"])])
        lines += [table[["method", "variant", "rows", "ratio", "faster", "tie", "slower", "disagrees", "unmixed",
                         "undecided", "disagreeing_rows"]].to_markdown(index=False), ""]
    lines += [f"### Recommended configuration per posterior ({'this machine' if device == 'cpu' else 'GPU machine'})", "",
              picks.to_markdown(index=False, floatfmt=".2f") if not picks.empty else "(none yet)", "",
              "### Every cell", ""]
    cells = comparison.assign(
        row=[_row_label(p, n) for p, n in zip(comparison["posterior"], comparison["observations"])],
        ess_per_sec_ratio=[_interval(v, lo, hi) for v, lo, hi in zip(
            comparison["ess_per_sec_ratio"], comparison["ess_per_sec_ratio_lo"], comparison["ess_per_sec_ratio_hi"])],
        time_ratio=[_interval(v, lo, hi) for v, lo, hi in zip(
            comparison["time_to_1000_ess_ratio"], comparison["time_to_1000_ess_ratio_lo"],
            comparison["time_to_1000_ess_ratio_hi"])],
        ess_per_sec=[_interval(v, lo, hi) for v, lo, hi in zip(
            comparison["ess_per_sec"], comparison["ess_per_sec_lo"], comparison["ess_per_sec_hi"])])
    lines += [cells[["row", "method", "variant", "seeds", "ess_per_sec", "ess_per_sec_ratio", "time_ratio", "verdict",
                     "agrees_float64", "agrees_reference"]].to_markdown(index=False), ""]
    return lines


SECTIONS = {"cpu": "This machine's CPU grid", "gpu": "A GPU machine: its GPU, and its own CPU as the baseline"}


def write_chains_precision(sections: dict[str, list], studies_dir: Path | str, command: str, progress: str) -> list[Path]:
    """Write the csvs, the page and the plots from ``sections`` ({"cpu": records, "gpu": records of a GPU machine}).
    The csvs hold both sections (column ``section``)."""
    studies_dir = Path(studies_dir)
    studies_dir.mkdir(parents=True, exist_ok=True)
    runs = {name: runs_frame(found) for name, found in sections.items() if found}
    comparisons = {name: comparison_frame(frame) for name, frame in runs.items()}
    both = lambda frames: (pd.concat([f.assign(section=n) for n, f in frames.items()], ignore_index=True)  # noqa: E731
                           if frames else pd.DataFrame())
    paths = [studies_dir / f"{STEM}.csv", studies_dir / f"{STEM}_runs.csv", studies_dir / f"{STEM}.md"]
    both(comparisons).to_csv(paths[0], index=False)
    both(runs).to_csv(paths[1], index=False)
    lines = ["# Chains and precision: vectorized vs parallel chains, float32 vs float64, per JAX NUTS path", "",
             f"Command: `{command}` (records under `results/runs/chains_precision*`, resumable). Each JAX path's "
             "variants against its own baseline (parallel chains, one XLA device each, float64 on a CPU; "
             "vectorized float64 on a GPU): the ratio of median ESS/s over seeds (sampling phase) with a bootstrap "
             "95% interval, and of time to 1,000 ESS (compile included; above 1 = faster). Verdicts: faster/slower "
             "only when the whole interval leaves the +-10% band. float32 is checked against the float64 run of "
             "the same seed (every mean and sd within the Bonferroni z threshold) and against the posterior's "
             "reference where one exists (default sizes): a float32 cell that mostly disagrees is `disagrees`, "
             "whatever its speed. `pymc.nutpie_jax` runs its chains in nutpie's own threads: precision only.", "",
             progress, ""]
    for name, title in SECTIONS.items():
        lines += [f"## {title}", ""]
        if name not in comparisons or comparisons[name].empty:
            lines += ["not measured: no GPU (`scripts/gpu-jax-paths` runs the GPU grid, and the same grid on the "
                      "GPU machine's own CPU, within one short loan)" if name == "gpu" else
                      "not measured: no CPU records yet", ""]
            continue
        found = sections[name]
        lines += [*several_machines_note(r.machine.get("platform") for r in found)]
        machines = sorted({f"{r.machine.get('cpu')}, {r.machine.get('cores')} cores"
                           + (f", {', '.join(r.machine.get('gpus', []))}" if r.machine.get("gpus") else "") for r in found})
        lines += [f"Measured on: {'; '.join(machines)}.", ""]
        if name == "gpu":
            lines += _gpu_lines(gpu_over_cpu(runs[name]))
        lines += _section(comparisons[name], name)
        plot_path = studies_dir / (f"{STEM}.png" if name == "cpu" else f"{STEM}_{name}.png")
        plot(comparisons[name], plot_path)
        paths.append(plot_path)
    paths[2].write_text("\n".join(lines) + "\n")
    return paths


def _gpu_lines(frame: pd.DataFrame) -> list[str]:
    """The GPU-over-CPU table of one machine and its crossovers."""
    lines = ["### GPU over this machine's CPU (ESS/s of each side's baseline layout), and the crossover", ""]
    if frame.empty:
        return lines + ["(no size has runs on both the GPU and the CPU yet)", ""]
    shown = frame.assign(ratio=[_interval(v, lo, hi) for v, lo, hi in
                                zip(frame["gpu_over_cpu"], frame["gpu_over_cpu_lo"], frame["gpu_over_cpu_hi"])],
                         crossover=["never in the sizes run" if math.isnan(c) else f"{c:,.0f}" for c in frame["crossover"]])
    return lines + [shown[["method", "posterior", "precision", "observations", "gpu_seeds", "cpu_seeds", "ratio",
                           "verdict", "crossover"]].to_markdown(index=False), ""]
