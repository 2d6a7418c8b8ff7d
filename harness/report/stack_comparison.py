"""Stack-comparison outputs: ``stack_comparison.csv`` and ``.md`` (``scripts/compare-stacks`` calls
``python -m harness.report.stack_comparison OLD_RUNS NEW_RUNS``)."""
from __future__ import annotations

import sys
from pathlib import Path

from harness.studies.stack_comparison import compare, stack_label

STUDIES_DIR = Path("results/studies")


def write_stack_comparison(old: Path | str, new: Path | str, out_dir: Path | str = STUDIES_DIR):
    """Write the comparison of two record folders as CSV and markdown; the table."""
    table = compare(old, new)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    table.to_csv(out_dir / "stack_comparison.csv", index=False)
    header = (f"# Library stacks compared\n\nold: {stack_label(old)}  \nnew: {stack_label(new)}\n\n"
              "Medians over interleaved repeats (same seed, 4 chains x 1000 + 1000); ESS/s range = min..max "
              "over repeats. The repeats of one stack draw the same samples (same seed), so their spread is timing "
              "noise; between stacks the draws differ, so ESS/s mixes speed with one seed's luck: us/grad (sampling "
              "seconds per leapfrog step of one chain) is the implementation's speed alone. Produced by "
              "`scripts/compare-stacks`.\n\n")
    (out_dir / "stack_comparison.md").write_text(header + table.to_markdown(index=False, floatfmt=".3g") + "\n")
    return table


def main(argv: list[str]) -> int:
    """``OLD_RUNS NEW_RUNS``: write the comparison and print it."""
    old, new = argv
    table = write_stack_comparison(old, new)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
