"""The library-release timeline: the pre-submit benchmarks of one twinbench commit, run in asv
environments that differ only in one library's release (asv.timeline.conf.json).

Each environment is named by asv after its pins (``virtualenv-py3.13-numpyro0.22.0-pymc6.1.0``);
``releases_of`` reads the pins back. A *series* varies one library with the others at their
newest pins (PyMC 6.0.1 ... 6.4.0 with NumPyro 0.22.0, and so on); ``timeline_frame`` returns one
row per environment x benchmark cell, with the series it belongs to, from the newest twinbench
commit measured in that environment (a timeline resumed with ``make bench-timeline
TIMELINE_COMMIT=...`` keeps one commit throughout).
"""
from __future__ import annotations

import re

import pandas as pd

MAIN_ENV = "virtualenv-py3.13-uv"
METRICS = {  # benchmark -> short label, in report order
    "bench_nuts.NutsSpeed.track_ess_per_sec": "ESS/s",
    "bench_nuts.NutsSpeed.track_time_to_1000_ess": "s to 1000 ESS",
    "bench_gradients.Gradients.time_gradient": "s per gradient",
    "bench_quality.NutsQuality.track_agreement_max_z": "max |z|",
}
PIN = re.compile(r"-([a-z][a-z_]*?)(\d+(?:\.\d+)+)")


def releases_of(env_name: str) -> dict[str, str]:
    """{library: version} pinned by an asv environment name (empty for unpinned environments)."""
    pins = re.sub(r"^[a-z]+-py\d+(\.\d+)*", "", env_name)
    return dict(PIN.findall(pins))


def series_of(releases: dict[str, str], newest: dict[str, str]) -> list[str]:
    """The series an environment belongs to: each library whose pin is the only one off its newest."""
    off = [lib for lib, version in releases.items() if version != newest.get(lib) and lib != "jaxlib"]
    if not off:
        return [lib for lib in releases if lib != "jaxlib"]  # the newest of everything: every series' end
    return off if len(off) == 1 else []


def version_key(version: str) -> tuple:
    """Sortable release number."""
    return tuple(int(part) for part in version.split("."))


def timeline_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of the pinned environments: series, library, version, metric label, cell, value."""
    pinned = frame[frame["env_name"] != MAIN_ENV].copy()
    pinned["releases"] = pinned["env_name"].map(releases_of)
    pinned = pinned[pinned["releases"].map(bool) & pinned["benchmark"].isin(METRICS)]
    pinned = pinned[pinned["date"] == pinned.groupby("env_name")["date"].transform("max")]  # newest commit
    if pinned.empty:
        return pd.DataFrame(columns=["series", "version", "env_name", "commit", "metric", "cell", "value"])
    newest = {}
    for releases in pinned["releases"]:
        for lib, version in releases.items():
            if lib not in newest or version_key(version) > version_key(newest[lib]):
                newest[lib] = version
    rows = []
    for row in pinned.itertuples():
        for series in series_of(row.releases, newest):
            rows.append({"series": series, "version": row.releases[series], "env_name": row.env_name,
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
