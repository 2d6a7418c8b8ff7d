"""PyMC's own NUTS runs with the main process's BLAS limited as ``blas_cores="auto"`` means (see pymc_nuts)."""
import numpy  # noqa: F401  (loads NumPy's BLAS, so there is a library to limit)
from threadpoolctl import threadpool_info

from harness.methods.pymc_nuts import MAIN_PROCESS_BLAS_THREADS, main_process_blas_limit


def blas_threads() -> list[int]:
    """Threads of every BLAS library loaded in this process."""
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_the_main_process_blas_limit_holds_inside_the_block_and_is_lifted_after_it():
    before = blas_threads()
    assert before, "no BLAS library loaded"
    with main_process_blas_limit():
        assert blas_threads() == [MAIN_PROCESS_BLAS_THREADS] * len(before)
    assert blas_threads() == before
