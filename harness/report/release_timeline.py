"""The release timeline's note: how its numbers were produced, and which environments gave none."""
from __future__ import annotations


def timeline_note(commits: list[str], missing: list[str]) -> str:
    """The paragraph above the release-timeline table (``harness.report.timeline.write_timeline`` writes it)."""
    return ("Produced by `make bench-timeline` (asv.timeline.conf.json: asv-managed virtualenvs, one per "
            "release, the rest of the stack resolved by pip) and `twinbench release-timeline`. Values: asv's "
            "stored result (median over seeds 0-2 for the NUTS tracks; asv's statistics for time_gradient). "
            f"twinbench commit measured: {', '.join(sorted(commits))}."
            + ("" if not missing else "\n\nNot measured (no result: the environment did not install or its "
                                       "benchmarks failed; see the asv log): " + ", ".join(f"`{m}`" for m in missing)))
