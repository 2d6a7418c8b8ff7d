"""Fixed RK4 meshes of the posteriordb ODE twins (Stan's adaptive solvers replaced by one fixed-step RK4 in both
twins, so the two define the same density); numpy in, numpy out."""
import numpy as np


def graded_mesh(t0: float, times, first: int, grading: float, substeps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start times and sizes of the steps, and the index of the step ending at each measurement time: ``first``
    steps from ``t0`` to the first time, growing as (j / first)^grading (small where the solution starts), then
    ``substeps`` equal steps per later interval."""
    times = np.asarray(times, dtype=np.float64)
    start = t0 + (times[0] - t0) * (np.arange(first + 1) / first) ** grading
    later = [a + (b - a) * np.arange(1, substeps + 1) / substeps for a, b in zip(times[:-1], times[1:])]
    grid = np.concatenate([start, *later])
    return grid[:-1], np.diff(grid), first - 1 + substeps * np.arange(len(times))


def uniform_steps(ts, per_unit: int) -> tuple[np.ndarray, np.ndarray]:
    """Step sizes from t = 0 through the measurement times ``ts``, at least ``per_unit`` equal steps per unit of
    time in each interval, and the index of the step ending at each time."""
    edges = np.concatenate([[0.0], np.asarray(ts, dtype=np.float64)])
    counts = np.maximum(1, np.ceil(np.diff(edges) * per_unit - 1e-9).astype(int))
    return np.repeat(np.diff(edges) / counts, counts), np.cumsum(counts) - 1
