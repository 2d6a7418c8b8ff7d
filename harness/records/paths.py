"""Where the repository keeps what the code reads (inputs) and what it writes by default (outputs)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "results"
REFERENCE_DIR = RESULTS / "reference"  # input: reference posteriors (json + thinned draws)
GRADIENT_FLOORS_CSV = RESULTS / "studies" / "gradbench.csv"  # input: seconds per gradient, per posterior x backend
