"""Records of runs that shared the host are set aside (moved to ``<out>/shared/``) so a resumed sweep runs them again."""
from __future__ import annotations

from pathlib import Path

from harness.execution.process import HOST_RUNS_KEY
from harness.records.store import move_records


def set_aside_shared(out_dir: Path | str) -> int:
    """Move the records (packed or loose) of runs that shared the host with other runs into
    ``<out_dir>/shared/``; return how many moved (resume then reruns them)."""
    return move_records(out_dir, Path(out_dir) / "shared", lambda record: bool(record.extra.get(HOST_RUNS_KEY)))
