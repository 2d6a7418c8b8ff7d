"""Harness overhead: ESS/sec through the harness vs the same library call written by hand.

Both sides run in fresh processes with the same seed, so they draw the same samples; what is
compared is ESS per second of the library calls' wall time (``ess_per_sec_total`` on the harness
side: compile + warm-up + sampling + the harness's bookkeeping inside the timed span). Pairs are
interleaved, and the order within a pair alternates (even repeats: harness then hand; odd repeats:
hand then harness) so that neither side always inherits a warmer machine or disk cache from the
other; each repeat gives one paired ratio (harness ÷ hand, run back to back so slow drifts of the
machine cancel), and the table reports the median ratio over ``repeats`` with its bootstrap 95%
interval (``harness.compare.cells.median_interval``). Repeats go round all requested pairs before the
next repeat starts, so a drift of the machine over the study touches every method alike.

Every finished pair is appended to a pairs csv at once, so an interrupted study keeps what it
measured; with ``resume`` the pairs already there (same posterior, method, config and repeat) are
kept and only the missing ones run.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from harness.compare.cells import median_interval
from harness.records.config import RunConfig
from harness.execution.process import RunSpec, execute


class OverheadPairFailed(RuntimeError):
    """A pair's harness run or hand-written run failed; the message says which and where the kept pairs are."""


KEY = ["posterior", "method", "draws", "tune", "chains", "seed", "repeat"]
PAIR_COLUMNS = [*KEY, "harness_ess_per_sec", "hand_ess_per_sec"]


def handwritten_run(method: str, posterior: str, config: RunConfig) -> dict:
    """Run ``harness.studies.handwritten`` in a fresh process; its JSON result."""
    out = subprocess.run([sys.executable, "-m", "harness.studies.handwritten", method, posterior,
                          str(config.draws), str(config.tune), str(config.chains), str(config.seed)],
                         capture_output=True, text=True, check=True, timeout=config.timeout).stdout
    return json.loads(out.strip().splitlines()[-1])


def load_pairs(path: Path) -> pd.DataFrame:
    """The measured pairs stored at ``path`` (an empty table when there is none)."""
    return pd.read_csv(path).reindex(columns=PAIR_COLUMNS) if path.exists() else pd.DataFrame(columns=PAIR_COLUMNS)


def _pair_key(posterior: str, method: str, config: RunConfig, repeat: int) -> tuple:
    return (posterior, method, config.draws, config.tune, config.chains, config.seed, repeat)


def measure_overhead(pairs: list[tuple[str, str]], config: RunConfig, runs_dir: Path, pairs_file: Path,
                     repeats: int = 5, resume: bool = False, log=print) -> pd.DataFrame:
    """Run the missing interleaved pairs (all requested ones unless ``resume``), appending each to ``pairs_file``
    as it finishes; return the overhead table over the requested pairs."""
    stored = load_pairs(pairs_file)
    if not resume:  # measure the requested pairs afresh; pairs of other posteriors, methods or configs stay
        requested = {_pair_key(p, m, config, 0)[:-1] for p, m in pairs}
        stored = stored.loc[[tuple(row)[:-1] not in requested for row in stored[KEY].itertuples(index=False)]]
    pairs_file.parent.mkdir(parents=True, exist_ok=True)
    stored[PAIR_COLUMNS].to_csv(pairs_file, index=False)
    have = {tuple(row) for row in stored[KEY].itertuples(index=False)}
    todo = [(p, m, r) for r in range(repeats) for p, m in pairs if _pair_key(p, m, config, r) not in have]
    log(f"overhead: {len(pairs) * repeats - len(todo)} of {len(pairs) * repeats} pairs already measured "
        f"({pairs_file}); {len(todo)} to run")
    for done, (posterior, method, repeat) in enumerate(todo, 1):
        try:
            record, hand = _measure_pair(posterior, method, config, runs_dir, hand_first=repeat % 2 == 1)
        except (RuntimeError, subprocess.SubprocessError) as error:
            raise OverheadPairFailed(f"{posterior} x {method} [{repeat + 1}/{repeats}]: {error}; the pairs measured "
                                     f"so far are in {pairs_file} (--resume continues from them)") from error
        row = dict(zip(KEY, _pair_key(posterior, method, config, repeat)),
                   harness_ess_per_sec=record.ess_per_sec_total, hand_ess_per_sec=hand["ess_bulk_min"] / hand["seconds"])
        pd.DataFrame([row], columns=PAIR_COLUMNS).to_csv(pairs_file, mode="a", header=False, index=False)
        log(f"[{done}/{len(todo)}] {posterior} x {method} [{repeat + 1}/{repeats}]: harness "
            f"{row['harness_ess_per_sec']:.1f} ESS/s, by hand {row['hand_ess_per_sec']:.1f} ESS/s")
    return overhead_table(load_pairs(pairs_file), pairs, config, repeats)


def _measure_pair(posterior: str, method: str, config: RunConfig, runs_dir: Path, hand_first: bool):
    """(harness record, hand-written result) of one pair, the hand-written call first when ``hand_first``."""
    if hand_first:
        hand = handwritten_run(method, posterior, config)
    record = execute(RunSpec(posterior, method, config), runs_dir)
    if not record.ok:
        raise RuntimeError(f"the harness run ended {record.status}")
    if not hand_first:
        hand = handwritten_run(method, posterior, config)
    return record, hand


def overhead_table(stored: pd.DataFrame, pairs: list[tuple[str, str]], config: RunConfig,
                   repeats: int) -> pd.DataFrame:
    """One row per (posterior, method): median ESS/s by harness and by hand, median paired ratio with interval."""
    rows = []
    for posterior, method in pairs:
        keys = {_pair_key(posterior, method, config, r) for r in range(repeats)}
        mine = stored.loc[[tuple(row) in keys for row in stored[KEY].itertuples(index=False)]]
        harness_rates, hand_rates = mine["harness_ess_per_sec"].tolist(), mine["hand_ess_per_sec"].tolist()
        ratio, low, high = median_interval([a / b for a, b in zip(harness_rates, hand_rates)])
        rows.append({"posterior": posterior, "method": method,
                     "harness_ess_per_sec": median_interval(harness_rates)[0],
                     "hand_ess_per_sec": median_interval(hand_rates)[0],
                     "ratio": ratio, "ratio_lo": low, "ratio_hi": high, "repeats": len(mine)})
    return pd.DataFrame(rows)
