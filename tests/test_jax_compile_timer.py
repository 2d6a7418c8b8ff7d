"""JAX compile time is seen on the first call of a new function and not on a cached one."""
import time

import jax
import jax.numpy as jnp

from harness.methods.jax_compile_timer import CompileTimer, _union_length


def test_union_counts_overlaps_once():
    assert _union_length([(0, 2), (1, 3), (5, 6)]) == 4
    assert _union_length([(0, 5), (1, 2)]) == 5


def test_first_call_compiles_and_second_does_not():
    timer = CompileTimer()
    try:
        f = jax.jit(lambda x: jnp.sin(x) @ jnp.cos(x).T + 1.0)
        x = jnp.ones((50, 50))
        t0 = time.time()
        f(x).block_until_ready()
        t1 = time.time()
        f(x).block_until_ready()
        t2 = time.time()
    finally:
        timer.close()
    assert 0 < timer.seconds_between(t0, t1) <= t1 - t0 + 1e-6
    assert timer.seconds_between(t1, t2) == 0
