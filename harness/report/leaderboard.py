"""Leaderboard outputs: CSVs, markdown, a per-posterior ESS/s plot and the overview heat maps (throughput, cold,
warm)."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from harness.report.comparison import with_interval
from harness.studies.leaderboard import BASELINE, KINDS, cell_value, suites_summary, verdict_column
from harness.studies.published import BEYOND_NUTS_CLAIMS, published_vs_measured


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


KIND_TITLES = {"throughput": "throughput (ESS/s of sampling)", "cold": "time to result, cold caches",
               "warm": "time to result, warm caches"}


def relative_speed(cells: pd.DataFrame, verdict_frame: pd.DataFrame, kind: str = "throughput") -> pd.DataFrame:
    """posteriors x methods: each cell's speed over the posterior's fastest mixed method's in ``kind`` (ESS/s
    over ESS/s; for times the fastest's time over the cell's), medians over seeds (NaN = missing)."""
    matrix = cells.pivot(index="posterior", columns="method", values=cell_value(kind))
    matrix = matrix.reindex(index=list(dict.fromkeys(cells["posterior"])), columns=list(dict.fromkeys(cells["method"])))
    fastest = verdict_column(kind, "fastest")
    for posterior in matrix.index:
        best = (verdict_frame.loc[verdict_frame["posterior"] == posterior, fastest].dropna()
                if fastest in verdict_frame else pd.Series(dtype=object))
        reference = matrix.loc[posterior, best.iloc[0]] if len(best) and best.iloc[0] in matrix.columns else math.nan
        if not reference > 0:
            matrix.loc[posterior] = np.nan
        elif kind == "throughput":
            matrix.loc[posterior] = matrix.loc[posterior] / reference
        else:
            matrix.loc[posterior] = reference / matrix.loc[posterior]
    return matrix


def plot_overview(cells: pd.DataFrame, verdict_frame: pd.DataFrame, path: Path) -> None:
    """Three heat maps side by side (throughput, cold and warm time to result): each method's speed relative
    to the posterior's fastest (log colour), ties and unmixed marked, cells not run "missing"."""
    plt = _pyplot()
    kinds = list(KIND_TITLES)
    posteriors = list(dict.fromkeys(cells["posterior"]))
    width = 0.62 * cells["method"].nunique() + 0.6
    fig, axes = plt.subplots(1, len(kinds), figsize=(width * len(kinds) + 3.5, 0.3 * len(posteriors) + 2.6),
                             sharey=True, squeeze=False)
    label = {"fastest": "best", "tie": "tie {:.2f}", "unmixed": "{:.2f} unm.", "biased": "{:.2f} bias",
             "undecided": "{:.2f}?"}
    for ax, kind in zip(axes[0], kinds):
        matrix = relative_speed(cells, verdict_frame, kind)
        verdicts_of_kind = verdict_column(kind, "verdict")
        marks = (verdict_frame.set_index(["posterior", "method"])[verdicts_of_kind]
                 if len(verdict_frame) and verdicts_of_kind in verdict_frame else pd.Series(dtype=str))
        values = np.log10(matrix.to_numpy(dtype=float).clip(min=1e-3))
        image = ax.imshow(values, cmap="viridis", vmin=-2, vmax=0, aspect="auto")
        for i, posterior in enumerate(matrix.index):
            for j, method in enumerate(matrix.columns):
                value = matrix.iloc[i, j]
                if math.isnan(value):
                    ax.text(j, i, "missing", ha="center", va="center", fontsize=5, color="grey")
                    continue
                text = label.get(marks.get((posterior, method), ""), "{:.2f}").format(value)
                ax.text(j, i, text, ha="center", va="center", fontsize=5, color="white" if value < 0.3 else "black")
        ax.set_xticks(range(len(matrix.columns)), matrix.columns, rotation=50, ha="right", fontsize=7)
        ax.set_yticks(range(len(matrix.index)), matrix.index, fontsize=7)
        ax.set_title(KIND_TITLES[kind], fontsize=9)
    fig.colorbar(image, ax=axes[0].tolist(), label="log10 speed relative to the fastest mixed method",
                 fraction=0.02, pad=0.01)
    fig.suptitle("Speed relative to the fastest mixed method per posterior (median over seeds; for times, the "
                 "fastest's time over the method's); tie: ratio interval inside the equivalence band; "
                 "?: too few seeds for a verdict", fontsize=9)
    fig.savefig(path, dpi=110, bbox_inches="tight")
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


def summary_markdown(summary: pd.DataFrame) -> pd.DataFrame:
    """The per-method summary as readable cells: each kind's geometric mean [interval] over n posteriors."""
    baseline = next(c for c in summary.columns if c.startswith("throughput x ")).removeprefix("throughput x ")
    rows = []
    for _, row in summary.iterrows():
        out = {"method": row["method"]}
        for kind in KIND_TITLES:
            speed = with_interval(row[f"{kind} x {baseline}"], row[f"{kind} lo"], row[f"{kind} hi"], "{:.2f}")
            out[f"{kind} x {baseline}"] = f"{speed} (n={row[kind + ' posteriors']})"
            out[f"{kind} wins/ties"] = f"{row[kind + ' wins']}/{row[kind + ' ties']}"
        out["unmixed"] = row["unmixed"]
        if "biased" in row:
            out["biased"] = row["biased"]
            out["ESS/grad incl. warm-up"] = (with_interval(row[f"ESS/grad incl. warm-up x {baseline}"],
                                                           row["efficiency lo"], row["efficiency hi"], "{:.2f}")
                                             + f" (n={row['efficiency posteriors']})")
            out["unbiased"] = with_interval(100 * row["unbiased share"], None, None, "{:.0f}%")
        out["cold - warm s"] = with_interval(row["cold - warm s (median)"], None, None, "{:.1f}")
        rows.append(out)
    return pd.DataFrame(rows)


def _verdict_text(verdict_index, key, kind: str) -> str:
    """'verdict ratio [lo, hi]' of one cell in one kind, '-' when it has none."""
    if verdict_index is None or key not in verdict_index.index:
        return "-"
    row = verdict_index.loc[key]
    verdict = row.get(verdict_column(kind, "verdict"))
    if not isinstance(verdict, str):
        return "-"
    if verdict == "fastest":
        return "fastest"
    return f"{verdict} " + with_interval(row[verdict_column(kind, "ratio")], row[verdict_column(kind, "ratio_lo")],
                                         row[verdict_column(kind, "ratio_hi")], "{:.2f}")


def markdown(cells: pd.DataFrame, verdict_frame: pd.DataFrame, summary: pd.DataFrame, progress: str,
             limits: pd.DataFrame | None = None, crossover: pd.DataFrame | None = None,
             configuration: pd.DataFrame | None = None) -> str:
    """The leaderboard as markdown: progress, per-method summary, crossovers and limit ratios, then each
    posterior's cells with its three verdicts."""
    lines = ["# Leaderboard", "", progress, "", "## Per method (across posteriors)", "",
             "Speed relative to `pymc.default`, geometric mean over the posteriors both ran [bootstrap 95% "
             "interval, posteriors resampled] (n = posteriors): throughput = ESS/s of the sampling phase; cold and "
             "warm = time to result (seconds from a fresh process to 1,000 bulk ESS: startup, model build, compile, "
             "warm-up, sampling) with empty compilation caches and with each library's disk caches filled by a run "
             "before; for times the ratio is `pymc.default`'s time over the method's, so above 1 is faster in every "
             "column. wins/ties: posteriors where the method is the fastest mixed one / ties with it (ratio interval "
             "inside the ±10% band). cold - warm s: median over posteriors of the seconds the warm caches save.", "",
             summary_markdown(summary).to_markdown(index=False), ""]
    if crossover is not None and len(crossover):
        lines += ["## Where the winner changes with the draws wanted", "",
                  "Per posterior, from the cold runs: a run reaching N effective draws takes startup + compile + "
                  "warm-up + N / (ESS/s); the throughput winner overtakes the cold time-to-result winner at N = "
                  "(its extra fixed seconds) / (the seconds per draw it saves), medians over seeds [bootstrap 95% "
                  "interval]. Below N, the cold winner is first to the result; above it, the throughput winner.", "",
                  crossover.assign(draws=[with_interval(d, lo, hi, "{:,.0f}") for d, lo, hi in
                                          zip(crossover["draws"], crossover["draws_lo"], crossover["draws_hi"])])
                  .drop(columns=["draws_lo", "draws_hi"]).to_markdown(index=False), ""]
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
    if configuration is not None and len(configuration):
        cores = ", ".join(sorted(set(configuration["cpu_cores"].dropna()))) or "?"
        lines += ["## Chain layout, precision and GPU per posterior", "",
                  f"From `twinbench chains-precision` (results/studies/chains_precision.md), at each posterior's own "
                  f"size, on the {cores}-core CPU its records came from: the layout and precision to use with each JAX "
                  "NUTS path (a variant only where it was judged faster than parallel chains in float64 beyond the "
                  "±10% band, and float32 only where it agreed with float64 and the reference); GPU: the GPU's ESS/s "
                  "over its own machine's CPU where GPU records exist. \"not measured\": no record says, so nothing is "
                  "claimed.", "", configuration.drop(columns=["cpu_cores"]).to_markdown(index=False), ""]
    lines += ["## Per posterior", "",
              "ESS/s: median over seeds [bootstrap 95% interval]; cold s, warm s: time to result (seconds to 1,000 "
              "bulk ESS from a fresh process) with cold and warm caches; each verdict with the cell's speed over "
              "the fastest's [interval]; us/step: sampling seconds per leapfrog step of one chain; limit: that over "
              "one gradient.", ""]
    verdict_index = (verdict_frame.drop_duplicates(["posterior", "method"]).set_index(["posterior", "method"])
                     if len(verdict_frame) else None)
    rows = []
    for _, cell in cells.iterrows():
        key = (cell["posterior"], cell["method"])
        measured = cell["status"] == "measured"
        row = {"posterior": cell["posterior"], "method": cell["method"], "seeds": cell["seeds"],
               "ESS/s": with_interval(cell["ess_per_sec"], cell["ess_per_sec_lo"], cell["ess_per_sec_hi"], "{:.0f}",
                                      limit=cell.get("limit")) if measured else "missing",
               "throughput": _verdict_text(verdict_index, key, "throughput")}
        for kind in ("cold", "warm"):
            value = f"time_to_result_{kind}"
            row[f"{kind} s"] = (with_interval(cell[value], cell[f"{value}_lo"], cell[f"{value}_hi"], "{:.1f}")
                                if cell.get(f"seeds_{kind}", 0) else "missing")
            row[kind] = _verdict_text(verdict_index, key, kind)
        row["us/step"] = with_interval(cell.get("seconds_per_grad"), cell.get("seconds_per_grad_lo"),
                                       cell.get("seconds_per_grad_hi"), "{:.1f}", scale=1e6) if measured else "-"
        row["limit"] = with_interval(cell.get("limit_ratio"), cell.get("limit_ratio_lo"), cell.get("limit_ratio_hi"),
                                     "{:.2f}") if measured else "-"
        rows.append(row)
    lines.append(pd.DataFrame(rows).to_markdown(index=False))
    return "\n".join(lines) + "\n"


def write_leaderboard(cells: pd.DataFrame, verdict_frame: pd.DataFrame, summary: pd.DataFrame, progress: str,
                      out_dir: Path | str, limits: pd.DataFrame | None = None,
                      crossover: pd.DataFrame | None = None, stem: str = "leaderboard",
                      configuration: pd.DataFrame | None = None) -> list[Path]:
    """Write <stem>.{csv,md}, <stem>_methods.csv, <stem>_limits.csv, <stem>_crossover.csv, <stem>.png (overview:
    throughput, cold, warm) and <stem>_posteriors.png (``stem``: leaderboard, or leaderboard_posteriordb)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    merged = cells.merge(verdict_frame.drop(columns=[c for c in ("config", "seeds") if c in verdict_frame]),
                         on=["posterior", "method"], how="left") if len(verdict_frame) else cells
    paths = [out_dir / f"{stem}.csv", out_dir / f"{stem}.md", out_dir / f"{stem}.png", out_dir / f"{stem}_posteriors.png"]
    merged.to_csv(paths[0], index=False)
    page = markdown(cells, verdict_frame, summary, progress, limits, crossover, configuration)
    if stem != "leaderboard":
        page = page.replace("# Leaderboard", f"# Leaderboard: {stem.removeprefix('leaderboard_')}", 1)
    paths[1].write_text(page)
    for name, frame in (("methods", summary), ("limits", limits), ("crossover", crossover),
                        ("configuration", configuration)):
        if frame is not None:
            paths.append(out_dir / f"{stem}_{name}.csv")
            frame.to_csv(paths[-1], index=False)
    plot_overview(cells, verdict_frame, paths[2])
    plot_posteriors(cells, paths[3])
    return paths


def verdict_line(posterior: str, verdict_frame: pd.DataFrame, crossover: pd.DataFrame | None = None) -> str:
    """One line per posterior: each kind's fastest mixed method and those tying with it, then the crossover."""
    group = verdict_frame[verdict_frame["posterior"] == posterior] if len(verdict_frame) else verdict_frame
    parts = []
    for kind in KIND_TITLES:
        fastest = group[verdict_column(kind, "fastest")].dropna() if verdict_column(kind, "fastest") in group else []
        if not len(fastest):
            parts.append(f"{kind}: not measured")
            continue
        verdict = group[verdict_column(kind, "verdict")]
        if verdict[group["method"] == fastest.iloc[0]].isin(["unmixed", "biased"]).all():
            parts.append(f"{kind}: no method both mixed and agreed with the reference")
            continue
        ties = group.loc[verdict == "tie", "method"].tolist()
        undecided = (verdict == "undecided").any()
        parts.append(f"{kind}: {fastest.iloc[0]}" + (f" (ties: {', '.join(ties)})" if ties else "")
                     + (" (one seed so far: no interval)" if undecided else ""))
    line = f"{posterior}: " + "; ".join(parts)
    if crossover is not None and len(crossover) and posterior in set(crossover["posterior"]):
        line += f"; draws: {crossover.loc[crossover['posterior'] == posterior, 'reading'].iloc[0]}"
    return line


SUITE_STEMS = {"exercise": "leaderboard", "posteriordb": "leaderboard_posteriordb"}  # suite -> its leaderboard csv


def write_suites(out_dir: Path | str) -> tuple[list[Path], str]:
    """From the suites' leaderboard csvs in ``out_dir`` (none written yet: nothing): leaderboard_suites.csv (per
    method and suite, each kind's geometric-mean speed over ``pymc.default`` with its interval) and
    leaderboard_suites.md (that, then published numbers beside the posteriordb suite's measured ones)."""
    out_dir = Path(out_dir)
    cells = {suite: pd.read_csv(out_dir / f"{stem}.csv") for suite, stem in SUITE_STEMS.items()
             if (out_dir / f"{stem}.csv").exists()}
    if not cells:
        return [], ""
    summary = suites_summary(cells)
    table = pd.DataFrame([{"method": row["method"], "suite": row["suite"], **{
        f"{kind} x {BASELINE}": f"{with_interval(row[f'{kind} x {BASELINE}'], row[f'{kind} lo'], row[f'{kind} hi'], '{:.2f}')}"
                                f" (n={row[f'{kind} posteriors']})" for kind in KINDS}} for _, row in summary.iterrows()])
    lines = ["# Leaderboard across suites", "",
             f"Speed relative to `{BASELINE}`, geometric mean over the posteriors both ran [bootstrap 95% interval, "
             "posteriors resampled] (n = posteriors), per suite and over both suites together; kinds as in "
             "leaderboard.md (throughput = ESS/s of sampling; cold/warm = time to result, the baseline's time over the "
             "method's). Suites: " + ", ".join(f"{suite} ({stem}.csv)" for suite, stem in SUITE_STEMS.items()
                                                if suite in cells) + ".", "", table.to_markdown(index=False), ""]
    if "posteriordb" in cells:
        published = published_vs_measured(cells["posteriordb"])
        lines += ["## Published numbers beside the posteriordb suite's", "",
                  "Ratios above 1: the first method faster. `measured` is NaN until the cells it rests on are run.", "",
                  published.to_markdown(index=False, floatfmt=".3g"), ""]
    beyond = pd.concat([published_vs_measured(suite_cells, BEYOND_NUTS_CLAIMS).assign(suite=suite)
                        for suite, suite_cells in cells.items()], ignore_index=True)
    lines += ["## Beyond NUTS: published figures beside measured ones", "",
              "Each paper's figure (as issue 31 cites it; NaN where it states a direction) beside the same ratio from "
              "each suite's cells, medians over seeds per cell, then the reading over posteriors named; NaN until "
              "the cells are measured. Differences: a 2-core CPU, BlackJAX 1.7.1 implementations, 1,000 warm-up "
              "steps for every method, the papers' own posteriors and settings elsewhere.", "",
              beyond.to_markdown(index=False, floatfmt=".3g"), ""]
    paths = [out_dir / "leaderboard_suites.csv", out_dir / "leaderboard_suites.md", out_dir / "published_beyond_nuts.csv"]
    beyond.to_csv(paths[2], index=False)
    summary.to_csv(paths[0], index=False)
    paths[1].write_text("\n".join(lines))
    return paths, table.to_string(index=False)
