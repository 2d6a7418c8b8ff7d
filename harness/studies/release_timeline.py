"""The library-release timeline: the pre-submit benchmarks of one twinbench commit, run in asv
environments that differ only in one library's release (asv.timeline.conf.json).

Each environment is named by asv after its pins (``virtualenv-py3.13-numpyro0.22.0-pymc6.1.0``);
``releases_of`` reads the pins back. A *series* varies one library with the others at their
newest pins (PyMC 6.0.1 ... 6.4.0 with NumPyro 0.22.0, and so on; JAX and nutpie, pinned only in
their own environments, end at what pip resolved in the base one); ``timeline_frame`` returns one
row per environment x benchmark cell, with the series it belongs to, from the newest twinbench
commit measured in that environment (a timeline resumed with ``make bench-timeline
TIMELINE_COMMIT=...`` keeps one commit throughout).
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

MAIN_ENV = "virtualenv-py3.13-uv"
METRICS = {  # benchmark -> short label, in report order (ESS/s: the name results before December 2026 carry)
    "bench_nuts.NutsSpeed.track_seconds_per_1000_ess": "s per 1000 ESS (sampling)",
    "bench_nuts.NutsSpeed.track_ess_per_sec": "ESS/s",
    "bench_nuts.NutsSpeed.track_time_to_1000_ess": "s to 1000 ESS",
    "bench_gradients.Gradients.time_gradient": "s per gradient",
    "bench_quality.NutsQuality.track_agreement_max_z": "max |z|",
}
RESOLVED = "newest (pip)"  # an extra library's version in the base environment: pip's resolution
PIN = re.compile(r"-([a-z][a-z_]*?)(\d+(?:\.\d+)+)")


def releases_of(env_name: str) -> dict[str, str]:
    """{library: version} pinned by an asv environment name (empty for unpinned environments)."""
    pins = re.sub(r"^[a-z]+-py\d+(\.\d+)*", "", env_name)
    return dict(PIN.findall(pins))


def series_of(releases: dict[str, str], base: dict[str, str], extras: set[str]) -> dict[str, str]:
    """{series: version} an environment belongs to. ``base`` pins the libraries every environment pins
    (at their newest); ``extras`` are libraries only some pin (JAX, nutpie), left to pip elsewhere.
    An environment is on library L's series when L is its only pin off the base (or its only extra
    pin); the base environment ends every series, as the newest release of the base libraries and as
    ``RESOLVED`` (what pip chose) for the extras. Any other environment is on no series."""
    off = [lib for lib in base if releases.get(lib) != base[lib]]
    extra = [lib for lib in releases if lib not in base and lib != "jaxlib"]
    if not off and not extra:
        return {**base, **{lib: RESOLVED for lib in extras}}
    if len(off) + len(extra) == 1:
        lib = (off + extra)[0]
        return {lib: releases[lib]}
    return {}


def version_key(version: str) -> tuple:
    """Sortable release number (``RESOLVED`` after every release)."""
    return (float("inf"),) if version == RESOLVED else tuple(int(part) for part in version.split("."))


def timeline_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of the pinned environments: series, library, version, metric label, cell, value."""
    pinned = frame[frame["env_name"] != MAIN_ENV].copy()
    pinned["releases"] = pinned["env_name"].map(releases_of)
    pinned = pinned[pinned["releases"].map(bool) & pinned["benchmark"].isin(METRICS)]
    pinned = pinned[pinned["date"] == pinned.groupby("env_name")["date"].transform("max")]  # newest commit
    if pinned.empty:
        return pd.DataFrame(columns=["series", "version", "env_name", "commit", "metric", "cell", "value"])
    pins = list(pinned.drop_duplicates("env_name")["releases"])
    shared = set.intersection(*(set(r) for r in pins)) - {"jaxlib"}
    base = {lib: max((r[lib] for r in pins), key=version_key) for lib in shared}
    extras = set().union(*(set(r) for r in pins)) - shared - {"jaxlib"}
    rows = []
    for row in pinned.itertuples():
        for series, version in series_of(row.releases, base, extras).items():
            rows.append({"series": series, "version": version, "env_name": row.env_name,
                         "commit": row.commit[:8], "metric": METRICS[row.benchmark],
                         "cell": " / ".join(row.params), "value": row.value})
    out = pd.DataFrame(rows)
    out["order"] = out["version"].map(version_key)
    return out.sort_values(["series", "metric", "cell", "order"]).drop(columns="order").reset_index(drop=True)


def configured_environments(conf_path: Path | str) -> list[str]:
    """The environment names asv gives the ``include`` entries of a timeline config."""
    from asv.environment import get_env_name
    from asv.util import load_json

    conf = load_json(str(conf_path), js_comments=True)
    return [get_env_name(conf.get("environment_type", "virtualenv"), entry["python"], entry.get("req", {}), {})
            for entry in conf.get("include", [])]
