"""Study outputs: ``<name>.csv`` (the tidy table), ``<name>.md`` (question, findings, tables), ``<name>.png``
(drawn by ``harness/report/figures/<name>.py``)."""
from __future__ import annotations

from pathlib import Path

from harness.report.figures import figure
from harness.studies import StudyInfo
from harness.studies.context import StudyResult


def study_markdown(info: StudyInfo, result: StudyResult, command: str, scale: str) -> str:
    """The markdown page of one study."""
    lines = [f"# {info.name} (exercise {info.exercises})", "", info.question + ".", "",
             f"Produced by `{command}` (scale: {scale}). Table: `{info.name}.csv`; figure: `{info.name}.png`.", "",
             "## Findings", ""]
    lines += [f"- {finding}" for finding in result.findings]
    lines += ["", "## Table", "", result.table.to_markdown(index=False, floatfmt=".4g"), ""]
    for title, table in result.tables.items():
        lines += [f"## {title}", "", table.to_markdown(index=False, floatfmt=".4g"), ""]
    return "\n".join(lines)


def write_study(info: StudyInfo, result: StudyResult, out_dir: Path | str, command: str, scale: str) -> list[Path]:
    """Write the study's csv, md and (when ``harness/report/figures/`` has its figure) png under ``out_dir``;
    the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{info.name}.csv", out_dir / f"{info.name}.md"]
    result.table.to_csv(paths[0], index=False)
    paths[1].write_text(study_markdown(info, result, command, scale))
    plot = figure(info.name)
    if plot is not None:
        paths.append(out_dir / f"{info.name}.png")
        plot(result, paths[-1])
    return paths
