"""A/A test outputs: ``aa_test.csv`` (one row per method x posterior), ``aa_test_summary.csv`` and ``aa_test.md``."""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def aa_test_markdown(verdict_rows: pd.DataFrame, summary: pd.DataFrame, first: range, second: range,
                     equivalence: float, out_label: str, machines: list[str]) -> str:
    """The page: what was compared, how, from which records; the summary, then the verdict per posterior."""
    return (f"# A/A test of the verdict rule\n\nEach method against itself: seeds {first.start}-{first.stop - 1} vs "
            f"{second.start}-{second.stop - 1}, equivalence band {1 / equivalence:.2f}..{equivalence:.2f}. Power: set "
            "B's ESS/s divided by a planted slowdown r (see harness/studies/aa_test.py). Produced by `twinbench "
            f"aa-test` (or `twinbench leaderboard`, which runs the same seeds) from the records in `{out_label}` (one "
            "per run: the latest of any repeats). The two sets run interleaved: per posterior, seed r of every "
            "method, then seed N+r of the A/A methods, r = 0..N-1, so drift of the machine falls on both.\n\n"
            + "\n".join(machines)
            + summary.to_markdown(index=False, floatfmt=".2f") + "\n\n## Per posterior\n\n"
            + verdict_rows.to_markdown(index=False, floatfmt=".3f") + "\n")


def write_aa_test(records: list, first_seed: int, half: int, equivalence: float, out_label: str,
                  studies_dir: str | Path) -> tuple[list[Path], pd.DataFrame]:
    """Judge seeds first_seed.. (``half`` of them) against the next ``half`` of each method; write
    aa_test.{csv,md} and the summary csv; return the paths and the summary.

    ValueError when no method x posterior has runs of both sets."""
    from harness.report.comparison import several_machines_note
    from harness.studies.aa_test import aa_study

    first, second = range(first_seed, first_seed + half), range(first_seed + half, first_seed + 2 * half)
    verdict_rows, summary = aa_study(records, set(first), set(second), equivalence)
    out = Path(studies_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "aa_test.csv", out / "aa_test_summary.csv", out / "aa_test.md"]
    verdict_rows.to_csv(paths[0], index=False)
    summary.to_csv(paths[1], index=False)
    machines = several_machines_note(r.machine.get("platform") for r in records)
    paths[2].write_text(aa_test_markdown(verdict_rows, summary, first, second, equivalence, out_label, machines))
    return paths, summary
