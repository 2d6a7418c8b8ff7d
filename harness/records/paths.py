"""Where the repository keeps what the code reads (inputs, under ``results/inputs/``) and what it writes by
default (outputs); ``results/inputs/README.md`` says what each input is and who writes it."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "results"
INPUTS = RESULTS / "inputs"  # read by the code; written only by the explicit steps in its README
REFERENCE_DIR = INPUTS / "reference"  # input: reference posteriors (json + thinned draws), `twinbench reference`
GRADIENT_FLOORS_CSV = INPUTS / "gradient_floors.csv"  # input: seconds per gradient, per posterior x backend
GRADBENCH_CSV = RESULTS / "studies" / "gradbench.csv"  # output: `twinbench gradbench`'s table (copy it to adopt it)
