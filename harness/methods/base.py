"""The Method contract and the shared step that turns a sampler's output into a RunRecord."""
from __future__ import annotations

import resource
import time
from dataclasses import dataclass, field

import numpy as np

from harness.methods.chains import layout_reason
from harness.methods.precision import checked_layout, precision_reason
from harness.records.config import RunConfig
from harness.records.draws import STAT_PREFIX
from harness.records.environment import library_versions, machine_info
from harness.quality.diagnostics import draw_diagnostics, safe_ratio
from harness.records.schema import RunRecord, unsupported


@dataclass
class SamplerOutput:
    """What a method's sampler hands back: draws of the compared parameters and its own stats.

    ``draws`` maps parameter name to an array (chain, draw, *shape). ``timings`` has
    ``compile``, ``warmup``, ``sampling`` and ``total`` seconds.
    """

    draws: dict
    timings: dict
    grad_evals_warmup: int | None = None
    grad_evals_sampling: int | None = None
    divergences: int | None = None
    step_size: float | None = None
    vi: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    draw_stats: dict = field(default_factory=dict)  # per-draw sampler statistics, e.g. "diverging": (chain, draw)



def split_loop(loop: float, warmup_weight: float, sampling_weight: float) -> tuple[float, float]:
    """(warm-up, sampling) seconds of a sampler loop timed as one: ``loop`` split in proportion to each
    phase's weight (leapfrog steps, or per-draw timers); all of it sampling when both weights are 0."""
    total = warmup_weight + sampling_weight
    warmup = loop * warmup_weight / total if total else 0.0
    return warmup, loop - warmup


def peak_rss_mb() -> float:
    """Peak resident memory of this process or its largest child (worker chains), in MiB."""
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(self_kb, child_kb) / 1024.0


class Method:
    """Base of every method: ``supports`` says why not, ``sample`` runs the library, ``run`` records.

    Subclasses set ``name`` (``<backend>.<algorithm>``), ``backend`` and ``description``, and
    implement ``sample``. ``supports`` returns None when the combination can run.
    """

    name = ""
    backend = ""
    description = ""
    gradient_backend: str | None = None  # which log-density gradient it calls (see harness.compare.gradbench)
    family = "nuts"  # "nuts" (full-data NUTS), "vi", or "minibatch" (subsampling: minibatch VI, HMCECS)
    devices: tuple[str, ...] = ("cpu",)
    chain_methods: tuple[str, ...] = ()  # the --chain-method layouts it takes (chains.LAYOUTS for JAX NUTS paths)
    precisions: tuple[str, ...] = ("float64",)  # harness.methods.precision.PRECISIONS where float32 runs too

    def supports(self, posterior, config: RunConfig) -> str | None:
        """None when this method can run ``posterior`` under ``config``; else the reason."""
        if config.device not in self.devices:
            return f"{self.name} runs only on {', '.join(self.devices)}"
        return precision_reason(self, config) or layout_reason(self, config)

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Run the library's sampler the way its documentation recommends."""
        raise NotImplementedError

    def run(self, posterior, data: dict, config: RunConfig, run_id: str | None = None,
            draws_out: dict | None = None) -> RunRecord:
        """Run ``posterior`` and return a complete RunRecord (or an ``unsupported`` one).

        ``draws_out``, when given, receives the draws (parameter -> (chain, draw, *shape) array) and
        the per-draw sampler statistics, named ``STAT_PREFIX + name`` (e.g. ``stat__diverging``).
        """
        record = RunRecord(posterior=posterior.name, method=self.name, config=config.to_dict(),
                           device=config.device, started_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                           versions=library_versions())
        if run_id:
            record.run_id = run_id
        reason = self.supports(posterior, config) or posterior.unsupported_reason(self.backend)
        if reason:
            record.status = unsupported(reason)
            record.machine = machine_info()
            return record
        output = self.sample(posterior, data, config)
        output.extra.update(checked_layout(config, output.extra, output.draws))
        fill_record(record, output)
        if draws_out is not None:
            draws_out.update(output.draws)
            draws_out.update({STAT_PREFIX + name: np.asarray(values) for name, values in output.draw_stats.items()})
        return record


def fill_record(record: RunRecord, output: SamplerOutput) -> None:
    """Fill diagnostics, timings, per-time and per-gradient efficiencies from a sampler's output."""
    diagnostics = draw_diagnostics(output.draws)
    for key, value in diagnostics.items():
        setattr(record, key, value)
    record.timings = {k: float(v) for k, v in output.timings.items()}
    record.ess_per_sec = safe_ratio(record.ess_bulk_min, record.timings.get("sampling"))
    record.ess_per_sec_total = safe_ratio(record.ess_bulk_min, record.timings.get("total"))
    record.grad_evals_warmup = output.grad_evals_warmup
    record.grad_evals_sampling = output.grad_evals_sampling
    if output.grad_evals_sampling is not None and output.grad_evals_warmup is not None:
        record.grad_evals = output.grad_evals_warmup + output.grad_evals_sampling
    record.ess_per_grad = safe_ratio(record.ess_bulk_min, output.grad_evals_sampling)
    record.divergences = output.divergences
    record.step_size = output.step_size
    record.vi = output.vi
    record.peak_rss_mb = peak_rss_mb()
    record.machine = machine_info()
    record.extra.update(output.extra)
