"""RunRecord: the one versioned, JSON-serialisable result of a run."""
from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, fields

SCHEMA_VERSION = 1

STATUS_OK = "ok"
STATUS_TIMEOUT = "timeout"


def unsupported(reason: str) -> str:
    """Status text for a combination a method cannot run."""
    return f"unsupported: {reason}"


def failed(error: str) -> str:
    """Status text for a run that raised or crashed."""
    return f"failed: {error}"


@dataclass
class RunRecord:
    """One method on one posterior with one config.

    Timings are seconds: ``compile`` (model build, graph compilation, JIT), ``warmup``,
    ``sampling`` and ``total`` (the whole run, wall clock). ``ess_per_sec`` uses sampling time
    only, ``ess_per_sec_total`` the total. ``grad_evals`` counts leapfrog steps (gradient
    evaluations) of warm-up and sampling; ``ess_per_grad`` divides by the sampling ones.
    ``summary`` holds mean, sd, quantiles and MCSE per parameter element, for agreement.
    ``vi`` holds what variational methods record instead of sampler statistics: ``steps``,
    ``final_elbo`` (and ``elbo_trace`` thinned), ``kl`` to the reference draws where computed.
    """

    posterior: str
    method: str
    config: dict
    status: str = STATUS_OK
    device: str = "cpu"
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    schema_version: int = SCHEMA_VERSION
    started_at: str | None = None
    versions: dict = field(default_factory=dict)
    machine: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    ess_bulk_min: float | None = None
    ess_tail_min: float | None = None
    ess_bulk: dict = field(default_factory=dict)
    ess_tail: dict = field(default_factory=dict)
    ess_per_sec: float | None = None
    ess_per_sec_total: float | None = None
    grad_evals: int | None = None
    grad_evals_warmup: int | None = None
    grad_evals_sampling: int | None = None
    ess_per_grad: float | None = None
    divergences: int | None = None
    rhat_max: float | None = None
    rhat: dict = field(default_factory=dict)
    step_size: float | None = None
    peak_rss_mb: float | None = None
    summary: dict = field(default_factory=dict)
    vi: dict = field(default_factory=dict)
    agreement: dict | None = None
    extra: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the run finished and produced draws."""
        return self.status == STATUS_OK

    def to_dict(self) -> dict:
        """Plain-JSON form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> "RunRecord":
        """Inverse of ``to_dict``; keys of other schema versions that this one lacks are kept in ``extra``."""
        known = {f.name for f in fields(cls)}
        record = cls(**{k: v for k, v in values.items() if k in known})
        record.extra.update({k: v for k, v in values.items() if k not in known})
        return record
