"""Harness overhead: ESS/sec through the harness vs the same library call written by hand.

Both sides run in fresh processes with the same seed, so they draw the same samples; what is
compared is ESS per second of the library calls' wall time (``ess_per_sec_total`` on the harness
side: compile + warm-up + sampling + the harness's bookkeeping inside the timed span). Pairs are
interleaved (harness, hand, harness, hand, ...); each repeat gives one paired ratio (harness ÷
hand, run back to back so slow drifts of the machine cancel), and the table reports the median
ratio over ``repeats`` with its bootstrap 95% interval (``harness.compare.median_interval``).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from harness.compare import median_interval
from harness.config import RunConfig
from harness.executor import RunSpec, execute


def handwritten_run(method: str, posterior: str, config: RunConfig) -> dict:
    """Run ``harness.studies.handwritten`` in a fresh process; its JSON result."""
    out = subprocess.run([sys.executable, "-m", "harness.studies.handwritten", method, posterior,
                          str(config.draws), str(config.tune), str(config.chains), str(config.seed)],
                         capture_output=True, text=True, check=True, timeout=config.timeout).stdout
    return json.loads(out.strip().splitlines()[-1])


def measure_overhead(pairs: list[tuple[str, str]], config: RunConfig, runs_dir: Path, repeats: int = 3,
                     log=print) -> pd.DataFrame:
    """One row per (posterior, method): median ESS/s by harness and by hand, median paired ratio with interval."""
    rows = []
    for posterior, method in pairs:
        harness_rates, hand_rates = [], []
        for repeat in range(repeats):
            record = execute(RunSpec(posterior, method, config), runs_dir)
            if not record.ok:
                raise RuntimeError(f"{posterior} x {method}: {record.status}")
            harness_rates.append(record.ess_per_sec_total)
            hand = handwritten_run(method, posterior, config)
            hand_rates.append(hand["ess_bulk_min"] / hand["seconds"])
            log(f"{posterior} x {method} [{repeat + 1}/{repeats}]: harness {harness_rates[-1]:.1f} ESS/s, "
                f"by hand {hand_rates[-1]:.1f} ESS/s")
        ratio, low, high = median_interval([a / b for a, b in zip(harness_rates, hand_rates)])
        rows.append({"posterior": posterior, "method": method,
                     "harness_ess_per_sec": median_interval(harness_rates)[0],
                     "hand_ess_per_sec": median_interval(hand_rates)[0],
                     "ratio": ratio, "ratio_lo": low, "ratio_hi": high, "repeats": repeats})
    return pd.DataFrame(rows)
