"""Release-timeline outputs: CSV, a markdown table per series, and one PNG of every series."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from harness.studies.release_timeline import version_key


def timeline_markdown(frame: pd.DataFrame, note: str) -> str:
    """One table per series: rows = release, columns = metric / cell."""
    lines = ["# Library-release timeline", "", note, ""]
    for series, group in frame.groupby("series", sort=True):
        table = group.pivot_table(index="version", columns=["metric", "cell"], values="value", aggfunc="first")
        table = table.loc[sorted(table.index, key=version_key)]
        table.columns = [f"{metric}: {cell}" for metric, cell in table.columns]
        lines += [f"## {series}", "", table.to_markdown(floatfmt=".4g"), ""]
    return "\n".join(lines) + "\n"


def plot_timeline(frame: pd.DataFrame, path: Path) -> None:
    """Series (columns) x metrics (rows): each cell's value over releases, log axis."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = sorted(frame["series"].unique())
    metrics = list(dict.fromkeys(frame["metric"]))
    fig, axes = plt.subplots(len(metrics), len(series), figsize=(4.2 * len(series), 2.8 * len(metrics)),
                             squeeze=False)
    for j, name in enumerate(series):
        for i, metric in enumerate(metrics):
            ax = axes[i][j]
            group = frame[(frame["series"] == name) & (frame["metric"] == metric)]
            versions = sorted(group["version"].unique(), key=version_key)
            for cell, rows in group.groupby("cell"):
                values = rows.set_index("version")["value"].reindex(versions)
                ax.plot(range(len(versions)), values.to_numpy(), marker="o", label=cell)
            ax.set_xticks(range(len(versions)), versions, fontsize=7)
            if metric != "max |z|" and (group["value"] > 0).any():
                ax.set_yscale("log")
            ax.set_title(f"{name}: {metric}", fontsize=8)
            ax.tick_params(axis="y", labelsize=7)
            if i == 0 and j == len(series) - 1:
                ax.legend(fontsize=6, loc="best")
    fig.suptitle("pre-submit benchmarks of one twinbench commit, one library's release varied per column")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def write_timeline(frame: pd.DataFrame, note: str, out_dir: Path | str) -> list[Path]:
    """release_timeline.{csv,md,png} under ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "release_timeline.csv", out_dir / "release_timeline.md", out_dir / "release_timeline.png"]
    frame.to_csv(paths[0], index=False)
    paths[1].write_text(timeline_markdown(frame, note))
    plot_timeline(frame, paths[2])
    return paths


def timeline_note(commits: list[str], missing: list[str]) -> str:
    """The paragraph above the release-timeline table (``write_timeline`` writes it)."""
    return ("Produced by `make bench-timeline` (asv.timeline.conf.json: asv-managed virtualenvs, one per "
            "release, the rest of the stack resolved by pip) and `twinbench release-timeline`. Values: asv's "
            "stored result (median over seeds 0-2 for the NUTS tracks; asv's statistics for time_gradient). "
            f"twinbench commit measured: {', '.join(sorted(commits))}."
            + ("" if not missing else "\n\nNot measured (no result: the environment did not install or its "
                                       "benchmarks failed; see the asv log): " + ", ".join(f"`{m}`" for m in missing)))
