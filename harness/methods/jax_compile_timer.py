"""Wall time JAX spends compiling (tracing, lowering, XLA compile), from its monitoring events."""
from __future__ import annotations

import time
from typing import Any, Callable

import jax
import jax.monitoring

COMPILE_EVENTS = (
    "/jax/core/compile/jaxpr_trace_duration",
    "/jax/core/compile/jaxpr_to_mlir_module_duration",
    "/jax/core/compile/backend_compile_duration",
)


def _union_length(spans: list[tuple[float, float]]) -> float:
    total, end = 0.0, float("-inf")
    for start, stop in sorted(spans):
        if stop <= end:
            continue
        total += stop - max(start, end)
        end = stop
    return total


class CompileTimer:
    """Collects compile time spans; ``seconds_between(t0, t1)`` gives compile wall time in a window.

    Nested events (a jit traced inside another) overlap; their union is counted once.
    """

    def __init__(self) -> None:
        self.spans: list[tuple[float, float]] = []
        jax.monitoring.register_event_time_span_listener(self._on_span)

    def _on_span(self, event: str, start: float, end: float, **kwargs) -> None:
        if event in COMPILE_EVENTS:
            self.spans.append((start, end))

    def seconds_between(self, start: float, end: float) -> float:
        """Compile wall time (union of spans) clipped to the window [start, end] of time.time()."""
        clipped = [(max(s, start), min(e, end)) for s, e in self.spans if e > start and s < end]
        return _union_length(clipped)

    def two_phases(self, warmup: Callable[[], Any], sample: Callable[[Any], Any]) -> tuple[Any, Any, dict]:
        """Run ``warmup()`` then ``sample(its output)``, each waited for; return both outputs and
        ``{"warmup", "sampling", "compile"}`` seconds, the JAX compile time in each phase taken out of it."""
        warm_start = time.time()
        warm = jax.block_until_ready(warmup())
        warm_end = time.time()
        drawn = jax.block_until_ready(sample(warm))
        end = time.time()
        compile_warm, compile_sample = self.seconds_between(warm_start, warm_end), self.seconds_between(warm_end, end)
        return warm, drawn, {"warmup": warm_end - warm_start - compile_warm, "sampling": end - warm_end - compile_sample,
                             "compile": compile_warm + compile_sample}

    def close(self) -> None:
        """Stop listening."""
        jax.monitoring.unregister_event_time_span_listener(self._on_span)
