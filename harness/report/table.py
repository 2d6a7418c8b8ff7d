"""Readable results tables from run records."""
from __future__ import annotations

import pandas as pd

from harness.records.schema import RunRecord
from harness.records.store import records_to_frame
from harness.records.text import format_number  # noqa: F401  (re-exported for the tables)
from harness.quality.diagnostics import RHAT_LIMIT

COLUMNS = {
    "posterior": "posterior",
    "method": "method",
    "config_batch_size": "batch",
    "status": "status",
    "ess_bulk_min": "ESS bulk",
    "ess_per_sec": "ESS/s",
    "ess_per_grad": "ESS/grad",
    "divergences": "div",
    "rhat_max": "R-hat",
    "time_compile": "compile s",
    "time_warmup": "warmup s",
    "time_sampling": "sampling s",
    "time_total": "total s",
    "agrees": "agrees",
    "kl_max": "KL max",
}
FORMATS = {"ESS bulk": "{:.0f}", "ESS/s": "{:.1f}", "ESS/grad": "{:.4f}", "div": "{:.0f}",
           "R-hat": "{:.3f}", "compile s": "{:.1f}", "warmup s": "{:.1f}", "sampling s": "{:.1f}",
           "total s": "{:.1f}", "KL max": "{:.3f}"}
RHAT_WARN = RHAT_LIMIT
UNRELIABLE_MARK = "!"
UNRELIABLE_NOTE = (f"{UNRELIABLE_MARK} R-hat >= {RHAT_WARN}: the chains disagree, so the run's MCSE (and with it "
                   "the z test) is not to be trusted, whatever the verdict")


def results_frame(records: list[RunRecord]) -> pd.DataFrame:
    """The table's columns, renamed for people, one row per record."""
    frame = records_to_frame(records)
    for column in COLUMNS:
        if column not in frame:
            frame[column] = None
    frame = frame[list(COLUMNS)].rename(columns=COLUMNS)
    for optional in ("agrees", "batch", "KL max"):
        if frame[optional].isna().all():
            frame = frame.drop(columns=optional)
    return frame


def format_table(records: list[RunRecord]) -> str:
    """A fixed-width text table (missing values shown as '-')."""
    if not records:
        return "(no runs)"
    frame = results_frame(records).astype(object)
    for column, fmt in FORMATS.items():
        if column in frame:
            frame[column] = [format_number(v, fmt) for v in frame[column]]
    frame["status"] = [s if len(s) <= 40 else s[:37] + "..." for s in frame["status"]]
    if "agrees" in frame:
        frame["agrees"] = [_agrees_cell(r) for r in records]
    return _with_footnote(frame.fillna("-").to_string(index=False), records if "agrees" in frame else [])


def _agrees_cell(record: RunRecord) -> str:
    if not record.ok or not record.agreement:
        return "-"
    return _marked(record, "yes" if record.agreement["agrees"] else "NO")


def _marked(record: RunRecord, verdict: str) -> str:
    """``verdict`` with the unreliable mark when the run's chains have not mixed."""
    return verdict + (UNRELIABLE_MARK if unreliable(record) else "")


def unreliable(record: RunRecord) -> bool:
    """True for a run whose R-hat says its chains have not mixed (its MCSE understates the error)."""
    return record.ok and record.rhat_max is not None and record.rhat_max >= RHAT_WARN


def agreement_cell(record: RunRecord) -> str:
    """'pass (z=1.2)', 'FAIL (z=7.3)' (marked '!' when R-hat is too high), 'no reference', or the status."""
    if not record.ok:
        return record.status if len(record.status) <= 30 else record.status[:27] + "..."
    if not record.agreement:
        return "no reference"
    verdict = "pass" if record.agreement["agrees"] else "FAIL"
    return _marked(record, f"{verdict} (z={record.agreement['max_z']:.1f})")


def agreement_matrix(records: list[RunRecord]) -> str:
    """Posterior x method matrix of agreement verdicts with the largest z of each run, and a footnote."""
    if not records:
        return "(no runs)"
    frame = pd.DataFrame([(r.posterior, r.method, agreement_cell(r)) for r in records],
                         columns=["posterior", "method", "cell"])
    matrix = frame.pivot_table(index="posterior", columns="method", values="cell", aggfunc="last", sort=False)
    return _with_footnote(matrix.fillna("-").to_string(), records)


def _with_footnote(text: str, records: list[RunRecord]) -> str:
    """``text`` plus the note explaining the mark, when any of ``records`` carries it."""
    return text + "\n" + UNRELIABLE_NOTE if any(unreliable(r) for r in records) else text


def capability_matrix(posteriors: list, methods: list, device: str = "cpu", chain_method: str | None = None,
                      precision: str | None = None) -> str:
    """Posterior x method: 'yes', or the reason ``supports()`` gives (minibatch checked with a batch size) on
    ``device``, with ``chain_method`` and ``precision`` when given."""
    from harness.records.config import RunConfig

    config = RunConfig(device=device, batch_size=100, chain_method=chain_method,
                       precision=precision)
    rows = {p.name: {m.name: (m.supports(p, config) or "yes") for m in methods} for p in posteriors}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    reasons = sorted({cell for cell in frame.to_numpy().ravel() if cell != "yes"})
    codes = {reason: f"({i + 1})" for i, reason in enumerate(reasons)}
    frame = frame.replace(codes)
    legend = "\n".join(f"{code} {reason}" for reason, code in codes.items())
    return frame.to_string() + ("\n\nunsupported:\n" + legend if legend else "")
