"""The local executor: each run in its own process on this machine, one at a time (timings stay honest)."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Iterator

from harness.execution.process import RunSpec, execute
from harness.execution.executor import Executor
from harness.records.schema import RunRecord


class LocalExecutor(Executor):
    """One run at a time through ``harness.execution.process.execute``, which writes each record under ``out_dir``."""

    name = "local"

    def run(self, specs: list[RunSpec], out_dir: Path, log: Callable[[str], None],
            started: Callable[[int], None] = lambda position: None) -> Iterator[tuple[int, RunRecord, float]]:
        """Run the specs in order; yield ``(position, record, seconds)`` after each."""
        for position, spec in enumerate(specs):
            started(position)
            start = time.time()
            record = execute(spec, out_dir)
            yield position, record, time.time() - start
