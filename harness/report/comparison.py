"""Text and markdown tables of cells (median [95% interval] over seeds) and verdict lines."""
from __future__ import annotations

import math

import pandas as pd

from harness.compare.cells import EQUIVALENCE_FACTOR, cell_table, verdict_lines, verdicts
from harness.records.schema import RunRecord

CELL_COLUMNS = (  # metric, header, format, scale
    ("ess_per_sec", "ESS/s", "{:.0f}", 1.0),
    ("ess_per_grad", "ESS/grad", "{:.3f}", 1.0),
    ("seconds_per_grad", "us/grad", "{:.1f}", 1e6),
    ("limit_ratio", "limit ratio", "{:.1f}", 1.0),
    ("time_to_1000_ess", "s to 1000 ESS", "{:.1f}", 1.0),
    ("divergences", "div", "{:.0f}", 1.0),
    ("rhat_max", "R-hat", "{:.3f}", 1.0),
)
UNMIXED_NOTE = "* unmixed: most runs had R-hat >= 1.01 or divergences; such a cell cannot be the fastest"


def with_interval(median: float, low: float, high: float, fmt: str, scale: float = 1.0,
                  limit: float | None = None) -> str:
    """'median [low, high]' (or just the median with one seed); infinite = censored at the limit."""
    if median is None or (isinstance(median, float) and math.isnan(median)):
        return "-"

    def one(value):
        if math.isinf(value):
            return f">{limit:.0f}s" if limit else "inf"
        return fmt.format(value * scale)

    if low is None or math.isnan(low):
        return one(median)
    return f"{one(median)} [{one(low)}, {one(high)}]"


def several_machines_note(platforms) -> list[str]:
    """A page's warning (as markdown lines) when its runs come from more than one virtual machine; [] otherwise.

    ``platforms``: each run's ``machine["platform"]`` (None for records that predate it). One CPU model string
    can hide machines several-fold apart, so a page that mixes them says so and names them."""
    names = list(dict.fromkeys(p for p in platforms if isinstance(p, str) and p))
    if len(names) < 2:
        return []
    return [f"**Several machines:** the runs come from {len(names)} virtual machines ({', '.join(names)}; "
            "`platform` in the csv); one CPU model can differ several-fold between them, so compare runs of one "
            "machine.", ""]


def posteriors_on_several_machines(records) -> list[str]:
    """The posteriors whose runs come from more than one machine (``machine["platform"]``): their ratios
    compare machines as well as methods."""
    platforms: dict[str, set] = {}
    for record in records:
        platforms.setdefault(record.posterior, set()).add(record.machine.get("platform"))
    return [name for name, found in platforms.items() if len(found) > 1]


def cells_frame(records: list[RunRecord], floors: dict | None = None) -> pd.DataFrame:
    """The cell table with every metric as 'median [lo, hi]' text, for people (``floors``: gradbench)."""
    table = cell_table(records, floors)
    if table.empty:
        return table
    rows = []
    for _, cell in table.iterrows():
        row = {"posterior": cell["posterior"], "method": cell["method"] + (" *" if cell["unmixed"] else ""),
               "seeds": cell["seeds"]}
        if cell["censored"]:
            row["seeds"] = f"{cell['seeds']} ({cell['censored']} timed out)"
        for metric, header, fmt, scale in CELL_COLUMNS:
            row[header] = with_interval(cell[metric], cell[f"{metric}_lo"], cell[f"{metric}_hi"], fmt, scale,
                                        cell["limit"])
        rows.append(row)
    return pd.DataFrame(rows)


def comparison_text(records: list[RunRecord], factor: float = EQUIVALENCE_FACTOR) -> str:
    """Cells with medians and 95% intervals over seeds, then one verdict line per posterior."""
    from harness.compare.gradbench import load_floors

    frame = cells_frame(records, load_floors())
    if frame.empty:
        return "(no finished runs to compare)"
    lines = ["Medians over seeds [bootstrap 95% interval]:", frame.to_string(index=False)]
    if frame["method"].str.endswith(" *").any():
        lines.append(UNMIXED_NOTE)
    lines.append(f"Verdicts (ESS/s; methods tie unless the ratio's interval lies outside "
                 f"{1 / factor:.2f}..{factor:.2f}):")
    lines += [f"  {line}" for line in verdict_lines(verdicts(records, factor), factor)]
    return "\n".join(lines)
