"""Leaderboard outputs: CSV, markdown, a per-posterior ESS/s plot and the overview heat map."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from harness.report.comparison import with_interval


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def relative_speed(cells: pd.DataFrame, verdict_frame: pd.DataFrame) -> pd.DataFrame:
    """posteriors x methods: median ESS/s over the posterior's fastest mixed method's (NaN = missing)."""
    matrix = cells.pivot(index="posterior", columns="method", values="ess_per_sec")
    matrix = matrix.reindex(index=list(dict.fromkeys(cells["posterior"])), columns=list(dict.fromkeys(cells["method"])))
    for posterior in matrix.index:
        best = verdict_frame.loc[verdict_frame["posterior"] == posterior, "fastest"]
        if len(best) and best.iloc[0] in matrix.columns and matrix.loc[posterior, best.iloc[0]] > 0:
            matrix.loc[posterior] = matrix.loc[posterior] / matrix.loc[posterior, best.iloc[0]]
        else:
            matrix.loc[posterior] = np.nan
    return matrix


def plot_overview(cells: pd.DataFrame, verdict_frame: pd.DataFrame, path: Path) -> None:
    """Heat map of each method's speed relative to the fastest (log colour), ties and unmixed marked."""
    plt = _pyplot()
    matrix = relative_speed(cells, verdict_frame)
    marks = verdict_frame.set_index(["posterior", "method"])["verdict"] if len(verdict_frame) else pd.Series(dtype=str)
    fig, ax = plt.subplots(figsize=(1.1 * len(matrix.columns) + 4, 0.32 * len(matrix.index) + 2))
    values = np.log10(matrix.to_numpy(dtype=float).clip(min=1e-3))
    image = ax.imshow(values, cmap="viridis", vmin=-2, vmax=0, aspect="auto")
    label = {"fastest": "best", "tie": "tie {:.2f}", "unmixed": "{:.2f} unmixed", "undecided": "{:.2f}?"}
    for i, posterior in enumerate(matrix.index):
        for j, method in enumerate(matrix.columns):
            value = matrix.iloc[i, j]
            if math.isnan(value):
                ax.text(j, i, "missing", ha="center", va="center", fontsize=6, color="grey")
                continue
            verdict = marks.get((posterior, method), "")
            text = label.get(verdict, "{:.2f}").format(value)
            ax.text(j, i, text, ha="center", va="center", fontsize=6, color="white" if value < 0.3 else "black")
    ax.set_xticks(range(len(matrix.columns)), matrix.columns, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(matrix.index)), matrix.index, fontsize=7)
    fig.colorbar(image, ax=ax, label="log10 ESS/s relative to the fastest mixed method")
    ax.set_title("ESS/s relative to the fastest mixed method per posterior (median over seeds);\n"
                 "tie: ratio interval inside the equivalence band; ?: too few seeds for a verdict")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_posteriors(cells: pd.DataFrame, path: Path) -> None:
    """One panel per posterior: median ESS/s of each method with its 95% interval, log axis."""
    plt = _pyplot()
    posteriors = list(dict.fromkeys(cells["posterior"]))
    columns = 4
    rows = math.ceil(len(posteriors) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 2.6 * rows), squeeze=False)
    for ax, posterior in zip(axes.ravel(), posteriors):
        group = cells[(cells["posterior"] == posterior)]
        y = np.arange(len(group))
        for k, (_, row) in enumerate(group.iterrows()):
            if row["status"] == "missing" or not row["ess_per_sec"] > 0:
                ax.text(1, k, "missing", fontsize=6, color="grey", va="center", transform=ax.get_yaxis_transform())
                continue
            low = row["ess_per_sec_lo"] if row["ess_per_sec_lo"] > 0 else row["ess_per_sec"]
            high = row["ess_per_sec_hi"] if row["ess_per_sec_hi"] > 0 else row["ess_per_sec"]
            colour = "tab:red" if row.get("unmixed") is True else "tab:blue"
            ax.errorbar(row["ess_per_sec"], k, xerr=[[row["ess_per_sec"] - low], [high - row["ess_per_sec"]]],
                        fmt="o", color=colour, markersize=3, capsize=2)
        ax.set_xscale("log")
        ax.xaxis.set_minor_formatter(plt.NullFormatter())
        ax.set_yticks(y, group["method"], fontsize=6)
        ax.set_title(posterior, fontsize=7)
        ax.tick_params(axis="x", labelsize=6)
    for ax in axes.ravel()[len(posteriors):]:
        ax.axis("off")
    fig.suptitle("ESS/s (sampling phase), median over seeds with bootstrap 95% interval; red: unmixed")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def markdown(cells: pd.DataFrame, verdict_frame: pd.DataFrame, summary: pd.DataFrame, progress: str,
             limits: pd.DataFrame | None = None) -> str:
    """The leaderboard as markdown: progress, per-method summary and limit ratios, then each posterior's cells."""
    lines = ["# Leaderboard", "", progress, "", "## Per method (across posteriors)", "",
             summary.to_markdown(index=False, floatfmt=".3g"), ""]
    if limits is not None and len(limits):
        lines += ["## Distance from the gradient-cost limit", "",
                  "limit ratio = sampling seconds per leapfrog step of one chain (steps ÷ chains run side by side: "
                  "min(chains, the cores the sampler was given) — `pm.sample()` on PyMC 6 gives itself "
                  "cpu_count() // 2, one core here, so `pymc.default` runs its chains one at a time) ÷ seconds of one "
                  "gradient of the method's backend (`twinbench gradbench`, results/studies/gradbench.csv); 1.0 is a "
                  "sampler that costs nothing beyond its gradients. Step overhead: the seconds per step beyond the "
                  "gradient, on the smaller posteriors. A ratio below 1 (a negative overhead) means a step cost less "
                  "than gradbench's gradient, which is called from Python and pays a few microseconds of call "
                  "overhead that a compiled sampler loop does not (and a chain alone on a core runs faster than two "
                  "side by side): on microsecond gradients the limit is approximate.", "",
                  limits.to_markdown(index=False, floatfmt=".3g"), ""]
    lines += ["## Per posterior", "",
              "ESS/s: median over seeds [bootstrap 95% interval]; ratio: ESS/s over the fastest mixed method's; "
              "us/step: sampling seconds per leapfrog step of one chain; limit: that over one gradient.", ""]
    verdict_index = verdict_frame.set_index(["posterior", "method"]) if len(verdict_frame) else None
    rows = []
    for _, cell in cells.iterrows():
        key = (cell["posterior"], cell["method"])
        verdict = verdict_index.loc[key] if verdict_index is not None and key in verdict_index.index else None
        measured = cell["status"] == "measured"
        rows.append({
            "posterior": cell["posterior"], "method": cell["method"], "seeds": cell["seeds"],
            "ESS/s": with_interval(cell["ess_per_sec"], cell["ess_per_sec_lo"], cell["ess_per_sec_hi"], "{:.0f}",
                                   limit=cell.get("limit")) if measured else "missing",
            "s to 1000 ESS": with_interval(cell["time_to_1000_ess"], cell["time_to_1000_ess_lo"],
                                           cell["time_to_1000_ess_hi"], "{:.1f}", limit=cell.get("limit"))
            if measured else "-",
            "us/step": with_interval(cell.get("seconds_per_grad"), cell.get("seconds_per_grad_lo"),
                                     cell.get("seconds_per_grad_hi"), "{:.1f}", scale=1e6) if measured else "-",
            "limit": with_interval(cell.get("limit_ratio"), cell.get("limit_ratio_lo"), cell.get("limit_ratio_hi"),
                                   "{:.2f}") if measured else "-",
            "ratio": "-" if verdict is None else with_interval(verdict["ratio"], verdict["ratio_lo"],
                                                               verdict["ratio_hi"], "{:.2f}"),
            "verdict": "-" if verdict is None else verdict["verdict"],
        })
    lines.append(pd.DataFrame(rows).to_markdown(index=False))
    return "\n".join(lines) + "\n"


def write_leaderboard(cells: pd.DataFrame, verdict_frame: pd.DataFrame, summary: pd.DataFrame, progress: str,
                      out_dir: Path | str, limits: pd.DataFrame | None = None) -> list[Path]:
    """Write leaderboard.{csv,md}, leaderboard_limits.csv, leaderboard.png (overview), leaderboard_posteriors.png."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    merged = cells.merge(verdict_frame.drop(columns=[c for c in ("config", "seeds") if c in verdict_frame]),
                         on=["posterior", "method"], how="left") if len(verdict_frame) else cells
    paths = [out_dir / "leaderboard.csv", out_dir / "leaderboard.md", out_dir / "leaderboard.png",
             out_dir / "leaderboard_posteriors.png"]
    merged.to_csv(paths[0], index=False)
    paths[1].write_text(markdown(cells, verdict_frame, summary, progress, limits))
    if limits is not None:
        paths.append(out_dir / "leaderboard_limits.csv")
        limits.to_csv(paths[-1], index=False)
    plot_overview(cells, verdict_frame, paths[2])
    plot_posteriors(cells, paths[3])
    return paths
