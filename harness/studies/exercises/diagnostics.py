"""Exercise 21.4: R-hat, ESS bulk and tail, sampling efficiency and divergences, pass/fail per check.

``run_full_diagnostics(record)`` is the exercise's function over a RunRecord: one row per check
with its worst value, the threshold and pass/fail. The study applies it to the exercise's linear
regression (21.1) and, as the failing example, to centered eight schools (21.5), with each
library's default NUTS; the two backends agree when they pass and fail the same checks.
"""
from __future__ import annotations

import math

import pandas as pd

from harness.records.schema import RunRecord
from harness.studies.context import BACKEND_NUTS, StudyContext, StudyResult

POSTERIORS = ["linreg_sim-linear_regression", "eight_schools-centered"]
RHAT_MAX = 1.01
ESS_MIN = 400  # Vehtari et al. (2021): 100 per chain for 4 chains


def parameter_table(record: RunRecord) -> pd.DataFrame:
    """Per parameter element: R-hat, ESS bulk and tail, and efficiency (ESS / total draws)."""
    total = record.config["draws"] * record.config["chains"]
    rows = [{"parameter": name, "rhat": record.rhat[name], "ess_bulk": record.ess_bulk[name],
             "ess_tail": record.ess_tail[name], "efficiency_bulk": record.ess_bulk[name] / total,
             "efficiency_tail": record.ess_tail[name] / total} for name in record.rhat]
    return pd.DataFrame(rows)


def run_full_diagnostics(record: RunRecord) -> pd.DataFrame:
    """Pass/fail of R-hat (< 1.01), ESS bulk and tail (> 400) and divergences (0), each with its worst value."""
    if not record.ok:
        return pd.DataFrame([{"check": "run finished", "value": math.nan, "threshold": "ok",
                              "passed": False, "detail": record.status}])
    params = parameter_table(record)
    worst = {column: params.loc[params[column].idxmin() if column != "rhat" else params[column].idxmax()]
             for column in ("rhat", "ess_bulk", "ess_tail")}
    rows = [
        {"check": "R-hat", "value": worst["rhat"]["rhat"], "threshold": f"< {RHAT_MAX}",
         "passed": worst["rhat"]["rhat"] < RHAT_MAX, "detail": f"worst: {worst['rhat']['parameter']}"},
        {"check": "ESS bulk", "value": worst["ess_bulk"]["ess_bulk"], "threshold": f"> {ESS_MIN}",
         "passed": worst["ess_bulk"]["ess_bulk"] > ESS_MIN,
         "detail": f"worst: {worst['ess_bulk']['parameter']}, efficiency {worst['ess_bulk']['efficiency_bulk']:.3f}"},
        {"check": "ESS tail", "value": worst["ess_tail"]["ess_tail"], "threshold": f"> {ESS_MIN}",
         "passed": worst["ess_tail"]["ess_tail"] > ESS_MIN,
         "detail": f"worst: {worst['ess_tail']['parameter']}, efficiency {worst['ess_tail']['efficiency_tail']:.3f}"},
        {"check": "divergences", "value": record.divergences, "threshold": "= 0", "passed": record.divergences == 0,
         "detail": f"of {record.config['draws'] * record.config['chains']} draws"},
    ]
    return pd.DataFrame(rows)


def run(context: StudyContext) -> StudyResult:
    """Both posteriors x both backends: the checks, and per-parameter diagnostics."""
    cells = [(p, BACKEND_NUTS[b], context.config(seed=42)) for p in POSTERIORS for b in BACKEND_NUTS]
    fits = iter(context.fit_many(cells))
    checks, params, findings = [], [], []
    for posterior in POSTERIORS:
        verdicts = {}
        for backend in BACKEND_NUTS:
            record = next(fits).record
            table = run_full_diagnostics(record).assign(posterior=posterior, backend=backend)
            checks.append(table)
            if record.ok:
                params.append(parameter_table(record).assign(posterior=posterior, backend=backend))
            verdicts[backend] = dict(zip(table["check"], table["passed"]))
            failed = [c for c, ok in verdicts[backend].items() if not ok]
            findings.append(f"{posterior}, {backend}: " + ("all checks pass" if not failed else
                                                           "FAILS " + ", ".join(failed)) + ".")
        same = len({tuple(sorted(v.items())) for v in verdicts.values()}) == 1
        findings.append(f"{posterior}: the two backends {'agree on every check' if same else 'DISAGREE on some check'}.")
    table = pd.concat(checks, ignore_index=True)[["posterior", "backend", "check", "value", "threshold", "passed",
                                                  "detail"]]
    per_parameter = pd.concat(params, ignore_index=True) if params else pd.DataFrame()
    return StudyResult(table=table, findings=findings, tables={"Per parameter": per_parameter},
                       figure_data={"per_parameter": per_parameter})
