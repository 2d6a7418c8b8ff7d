"""The executor contract: runs specs, yields records as they finish (implemented by ``local`` and ``dask``)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:
    from harness.execution.process import RunSpec
    from harness.records.schema import RunRecord

EXECUTORS = ("local", "dask")


class ExecutorError(Exception):
    """An executor cannot work (unreachable scheduler, no worker): reported as one line."""


class Executor:
    """Runs specs and yields ``(position, record, seconds)`` as each finishes, its record already written.

    Use it as a context manager (or call ``close``) to release what it started (a cluster).
    """

    name = "executor"

    def run(self, specs: list[RunSpec], out_dir: Path, log: Callable[[str], None],
            started: Callable[[int], None] = lambda position: None) -> Iterator[tuple[int, RunRecord, float]]:
        """Run every spec; yield each one's position in ``specs``, its record and its wall seconds.

        ``started(position)`` is called when a run starts, where the executor knows it.
        """
        raise NotImplementedError

    def close(self) -> None:
        """Release what the executor started; it may be used again afterwards (it starts afresh)."""

    def __enter__(self) -> "Executor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
