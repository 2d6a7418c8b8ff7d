"""asv.conf.json of this checkout, rewritten for a run whose results must not touch results/asv."""
from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def side_config(results_dir: str, env_dir: str | None = None, root: Path = ROOT) -> dict:
    """The checkout's asv config with absolute paths, results in ``results_dir`` and optionally
    environments in ``env_dir`` (asv resolves relative paths against the config file's folder)."""
    conf = json.loads((root / "asv.conf.json").read_text())
    conf.update(repo=str(root), benchmark_dir=str(root / conf["benchmark_dir"]), results_dir=results_dir,
                html_dir=os.path.join(results_dir, "html"), env_dir=env_dir or str(root / conf["env_dir"]))
    return conf


def write_side_config(folder: Path, env_dir: str | None = None, root: Path = ROOT) -> Path:
    """Write ``side_config`` to ``folder/asv.conf.json`` (results in ``folder/results``); its path."""
    path = Path(folder) / "asv.conf.json"
    path.write_text(json.dumps(side_config(str(Path(folder) / "results"), env_dir, root)))
    return path
