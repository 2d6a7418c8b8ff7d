"""The page a user can forward: which sampler for their model, in one sentence per verdict, a table and a figure.

``Comparison`` holds the judged records of one ``twinbench compare`` (``harness/studies/user_model.py``): a tidy
``frame`` (one row per run and one per method's cell, with intervals), the verdicts, the agreement table;
``markdown()``, ``plot()`` and ``save(folder)`` (compare.csv, compare.md, compare.png).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from harness.compare.cells import EQUIVALENCE_FACTOR, TARGET_ESS
from harness.records.schema import RunRecord
from harness.report.comparison import with_interval
from harness.studies.user_model import frames

STEM = "compare"
KIND_TEXT = {"throughput": ("highest throughput (ESS/s of sampling)", "ess_per_sec", "{:.0f}", "ESS/s"),
             "time_to_result": (f"fastest to {TARGET_ESS:,} ESS (from a fresh process, compile included)",
                                "time_to_result", "{:.1f}", "s")}


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


@dataclass
class Comparison:
    """What ``twinbench.compare`` returns: the records and what the comparison layer made of them."""

    name: str
    records: list[RunRecord]
    factor: float = EQUIVALENCE_FACTOR
    tables: dict = field(init=False)

    def __post_init__(self):
        self.tables = frames(self.records, self.factor)

    @property
    def runs(self) -> pd.DataFrame:
        """One row per run."""
        return self.tables["runs"]

    @property
    def cells(self) -> pd.DataFrame:
        """One row per method: medians over seeds with 95% bootstrap intervals."""
        return self.tables["cells"]

    @property
    def verdicts(self) -> pd.DataFrame:
        """Per verdict kind (throughput, time_to_result) and method: ratio to the fastest, interval, verdict."""
        return self.tables["verdicts"]

    @property
    def agreement(self) -> pd.DataFrame:
        """Per method: agreement with the consensus of the other methods (no reference needed)."""
        return self.tables["agreement"]

    @property
    def frame(self) -> pd.DataFrame:
        """Tidy: the runs (``row`` = "run") and the cells (``row`` = "cell", with ``_lo``/``_hi`` intervals)."""
        return pd.concat([self.runs.assign(row="run"), self.cells.assign(row="cell")], ignore_index=True)

    def sentences(self) -> list[str]:
        """One sentence per verdict: the winner with its median and interval, every other method's ratio."""
        lines = []
        for kind, (title, metric, fmt, unit) in KIND_TEXT.items():
            group = self.verdicts[self.verdicts["kind"] == kind] if not self.verdicts.empty else self.verdicts
            winners = group[group["verdict"] == "fastest"] if not group.empty else group
            if self.cells.empty:
                lines.append(f"{title}: no run finished, so none wins (see the runs' status)")
                continue
            if winners.empty:
                lines.append(f"{title}: no method mixed and agreed, so none wins")
                continue
            best = winners.iloc[0]["method"]
            cell = self.cells.set_index("method").loc[best]
            value = with_interval(cell[metric], cell[f"{metric}_lo"], cell[f"{metric}_hi"], fmt)
            parts = [f"{title}: {best}, {value} {unit}"]
            for _, row in group[group["method"] != best].iterrows():
                parts.append(f"{row['method']} {_relative(row)}")
            lines.append("; ".join(parts))
        return lines

    def markdown(self) -> str:
        """The page: verdicts, the table, agreement, diagnostics, versions and machine."""
        lines = [f"# Which sampler for `{self.name}`", ""]
        lines += [f"- {sentence}" for sentence in self.sentences()] + [""]
        lines += [f"Equivalence band ±{(self.factor - 1) * 100:.0f}%: methods whose ratio interval overlaps it tie. "
                  "A method whose draws disagree with the other methods' cannot win.", ""]
        lines += ["## Methods (median [95% interval] over seeds)", "", self._cell_table().to_markdown(index=False), ""]
        lines += ["## Agreement without a reference", "",
                  "Each method's pooled runs against the pooled runs of the other methods in the consensus "
                  "(z = difference / combined MCSE, Bonferroni over elements; the most-disagreeing method leaves "
                  "the consensus until the rest agree).", "", self._agreement_table().to_markdown(index=False), ""]
        lines += ["## Runs", "", self._run_table().to_markdown(index=False), ""]
        lines += ["## Versions and machine", "", *self._environment(), ""]
        return "\n".join(lines)

    def plot(self):
        """A figure: time to result and throughput per method, every seed and the median with its interval."""
        plt = _pyplot()
        from matplotlib import ticker

        if self.cells.empty:
            figure, axis = plt.subplots(figsize=(8, 2))
            axis.text(0.5, 0.5, f"{self.name}: no run finished (see the runs' status)", ha="center", va="center")
            axis.set_axis_off()
            return figure
        figure, axes = plt.subplots(1, 2, figsize=(11, 0.5 * max(3, len(self.cells)) + 1.5))
        by_method = self.cells.set_index("method")
        order = list(self.cells.sort_values("time_to_result")["method"])
        for axis, (kind, (title, metric, _, unit)) in zip(axes, KIND_TEXT.items()):
            for y, method in enumerate(order):
                cell = by_method.loc[method]
                seeds = self.runs.loc[self.runs["method"] == method, metric].dropna()
                axis.scatter(seeds, [y] * len(seeds), s=12, color="0.6", zorder=2)
                if not math.isnan(cell[metric]):
                    low, high = cell[f"{metric}_lo"], cell[f"{metric}_hi"]
                    if not (math.isnan(low) or math.isnan(high)):
                        axis.plot([low, high], [y, y], color="C0", linewidth=3, zorder=1)
                    axis.scatter([cell[metric]], [y], marker="D", zorder=3, color="C0",
                                 facecolor="white" if cell["unmixed"] else "C0")
            axis.set_yticks(range(len(order)), [f"{m} (unmixed)" if by_method.loc[m, "unmixed"]
                                                 else m for m in order])
            shown = [v for v in [*self.runs[metric].dropna(), *self.cells[f"{metric}_lo"].dropna(),
                                 *self.cells[f"{metric}_hi"].dropna()] if 0 < v < math.inf]
            if shown and max(shown) > 5 * min(shown):  # a log scale only where the values span one
                axis.set_xscale("log")
                axis.xaxis.set_major_locator(ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            axis.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
            axis.xaxis.set_minor_formatter(ticker.NullFormatter())
            axis.invert_yaxis()  # the fastest to a result on top
            axis.set_title(title, fontsize=9)
            axis.set_xlabel(unit)
            axis.grid(axis="x", alpha=0.3)
        axes[1].set_yticklabels([])
        figure.suptitle(f"{self.name}: median over seeds (diamond; hollow: unmixed), 95% interval (bar), seeds (dots)",
                        fontsize=10)
        figure.tight_layout()
        return figure

    def save(self, folder: str | Path) -> list[Path]:
        """Write compare.csv (the tidy frame), compare.md (the page) and compare.png (the figure)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / f"{STEM}.csv", folder / f"{STEM}.md", folder / f"{STEM}.png"]
        self.frame.to_csv(paths[0], index=False)
        paths[1].write_text(self.markdown() + f"\n![{self.name}]({STEM}.png)\n")
        figure = self.plot()
        figure.savefig(paths[2], dpi=110)
        _pyplot().close(figure)
        return paths

    def _cell_table(self) -> pd.DataFrame:
        if self.cells.empty:
            return pd.DataFrame([{"methods": "no run finished"}])
        rows = []
        for _, cell in self.cells.iterrows():
            rows.append({"method": cell["method"], "seeds": cell["seeds"],
                         "time to result (s)": with_interval(cell["time_to_result"], cell["time_to_result_lo"],
                                                             cell["time_to_result_hi"], "{:.1f}"),
                         "ESS/s": with_interval(cell["ess_per_sec"], cell["ess_per_sec_lo"], cell["ess_per_sec_hi"],
                                                "{:.0f}"),
                         "divergences": with_interval(cell["divergences"], math.nan, math.nan, "{:.0f}"),
                         "R-hat": with_interval(cell["rhat_max"], math.nan, math.nan, "{:.3f}"),
                         "mixed": "no" if cell["unmixed"] else "yes", "timeouts": cell["censored"]})
        return pd.DataFrame(rows)

    def _agreement_table(self) -> pd.DataFrame:
        if self.agreement.empty:
            return pd.DataFrame([{"agreement": "no finished runs"}])
        return pd.DataFrame([{"method": row["method"],
                              "agrees": "-" if row["agrees"] is None else ("yes" if row["agrees"] else "**no**"),
                              "max z": "-" if math.isnan(row["max_z"]) else f"{row['max_z']:.1f}",
                              "threshold": "-" if math.isnan(row["threshold"]) else f"{row['threshold']:.2f}",
                              "at": row["max_z_at"] or "-", "in consensus": "yes" if row["in_consensus"] else "no",
                              "why not": "; ".join(row["failures"][:2]) or "-"}
                             for _, row in self.agreement.iterrows()])

    def _run_table(self) -> pd.DataFrame:
        table = self.runs.copy()
        for column, fmt in (("ess_bulk_min", "{:.0f}"), ("ess_per_sec", "{:.0f}"), ("time_to_result", "{:.1f}"),
                            ("rhat_max", "{:.3f}"), ("startup", "{:.1f}"), ("compile", "{:.1f}"), ("warmup", "{:.1f}"),
                            ("sampling", "{:.1f}"), ("total", "{:.1f}")):
            table[column] = [with_interval(v, math.nan, math.nan, fmt) if v is not None else "-" for v in table[column]]
        table["divergences"] = table["divergences"].map(lambda v: "-" if v is None or v != v else f"{int(v)}")
        return table

    def _environment(self) -> list[str]:
        if not self.records:
            return ["(no runs)"]
        first = self.records[0]
        versions = ", ".join(f"{k} {v}" for k, v in first.versions.items() if v)
        machine = first.machine
        config = first.config
        return [f"- versions: {versions}",
                f"- machine: {machine.get('cpu')}, {machine.get('cores')} cores, {machine.get('memory_gb')} GiB, "
                f"{machine.get('platform')}; device {first.device}",
                f"- runs: draws={config.get('draws')} tune={config.get('tune')} chains={config.get('chains')}, "
                f"caches {config.get('caches') or 'as the environment has them'}"]


def _relative(row) -> str:
    """'1.4x slower [1.2, 1.6] (slower)' from a verdict row (ratio below 1 = slower)."""
    if row["verdict"] == "disagrees":
        return "disagrees with the other methods (cannot win)"
    ratio, low, high = row.get("ratio"), row.get("ratio_lo"), row.get("ratio_hi")
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)) or ratio <= 0:
        return f"({row['verdict']})"
    interval = low is not None and not math.isnan(low) and low > 0
    if ratio > 1:  # faster than the winner: only an unmixed method can be
        text = f"{ratio:.2f}x faster" + (f" [{low:.2f}, {high:.2f}]" if interval else "")
    else:
        text = f"{1 / ratio:.2f}x slower" + (f" [{1 / high:.2f}, {1 / low:.2f}]" if interval else "")
    return f"{text} ({row['verdict']})"
