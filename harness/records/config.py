"""RunConfig: everything that defines one run besides the posterior and the method."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

DEVICES = ("cpu", "gpu")
CACHE_MODES = ("cold", "warm")  # --caches; None: the caches as the environment has them
PRIME = "prime"  # internal: a run with the warm caches that only fills them for the warm run after it


@dataclass(frozen=True)
class RunConfig:
    """Draws, warm-up, chains and seed are shared by every method of a comparison."""

    draws: int = 1000
    tune: int = 1000
    chains: int = 4
    seed: int = 0
    target_accept: float = 0.8
    device: str = "cpu"
    timeout: float = 900.0
    size: float | None = None
    options: dict = field(default_factory=dict)
    batch_size: int | None = None
    chain_method: str | None = None
    vi_steps: int = 20000
    caches: str | None = None
    precision: str | None = None  # float32, or None for float64 (records from before it share cells)

    def __post_init__(self):
        if self.precision == "float64":  # the default, stored as None so explicit and implicit float64 are one cell
            object.__setattr__(self, "precision", None)

    def validate(self) -> None:
        """Raise ValueError with a one-line message on an impossible configuration."""
        for name in ("draws", "tune", "chains"):
            value = getattr(self, name)
            minimum = 1
            if not isinstance(value, int) or value < minimum:
                raise ValueError(f"--{name} must be an integer >= {minimum}, got {value!r}")
        if not isinstance(self.seed, int) or self.seed < 0:
            raise ValueError(f"--seed must be an integer >= 0, got {self.seed!r}")
        if not 0.0 < self.target_accept < 1.0:
            raise ValueError(f"--target-accept must lie in (0, 1), got {self.target_accept!r}")
        if self.device not in DEVICES:
            raise ValueError(f"--device must be one of {', '.join(DEVICES)}, got {self.device!r}")
        if self.batch_size is not None and (not isinstance(self.batch_size, int) or self.batch_size < 1):
            raise ValueError(f"--batch-size must be a positive integer, got {self.batch_size!r}")
        if self.chain_method not in (None, "sequential", "parallel", "vectorized"):
            raise ValueError(f"--chain-method must be sequential, parallel or vectorized, got {self.chain_method!r}")
        if not isinstance(self.vi_steps, int) or self.vi_steps < 1:
            raise ValueError(f"--vi-steps must be a positive integer, got {self.vi_steps!r}")
        if self.size is not None and not self.size > 0:
            raise ValueError(f"--size must be positive, got {self.size!r}")
        if self.precision not in (None, "float64", "float32"):
            raise ValueError(f"--precision must be float64 or float32, got {self.precision!r}")
        if self.caches not in (None, *CACHE_MODES, PRIME):
            raise ValueError(f"--caches must be one of {', '.join(CACHE_MODES)}, got {self.caches!r}")
        if self.timeout <= 0:
            raise ValueError(f"--timeout must be positive, got {self.timeout!r}")

    def to_dict(self) -> dict:
        """Plain-JSON form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> "RunConfig":
        """Inverse of ``to_dict``."""
        return cls(**values)
