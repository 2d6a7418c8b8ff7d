"""``twinbench release-timeline``: tables and a plot of the pre-submit benchmarks across library releases,
from asv's results."""
from __future__ import annotations

from harness.cli.options import UsageError, add_studies_dir_argument, readable_file, readable_folder, writable_folder


def add_parser(sub):
    """Register ``release-timeline`` on the subcommand set ``sub``."""
    p = sub.add_parser("release-timeline", help="benchmarks across library releases (asv results) -> tables, PNG",
                       description="Reads the results that `make bench-timeline` stored in results/asv and "
                                   "writes results/studies/release_timeline.{csv,md,png}.")
    p.add_argument("--results", default="results/asv", help="asv results folder to read (default results/asv)")
    p.add_argument("--config", default="asv.timeline.conf.json", help="the timeline's asv config")
    add_studies_dir_argument(p, "release_timeline.*")
    return p


def cmd(args) -> int:
    """Tables and a plot of the pre-submit benchmarks across library releases, from asv's results."""
    readable_folder(args.results, "--results", missing=f"no asv results folder {args.results}")
    readable_file(args.config, "--config")
    writable_folder(args.studies_dir, "--studies-dir")
    from harness.report.timeline import timeline_note, write_timeline
    from harness.studies.asv_results import asv_frame
    from harness.studies.release_timeline import configured_environments, timeline_frame

    frame = timeline_frame(asv_frame(args.results))
    if frame.empty:
        raise UsageError(f"no release-timeline results in {args.results}; run `make bench-timeline` first")
    missing = [env for env in configured_environments(args.config) if env not in set(frame["env_name"])]
    paths = write_timeline(frame, timeline_note(list(frame["commit"].unique()), missing), args.studies_dir)
    print(frame.pivot_table(index=["series", "version"], columns=["metric"], values="value", aggfunc="median")
          .to_string(float_format=lambda v: f"{v:.4g}"))
    if missing:
        print("not measured: " + ", ".join(missing))
    print("written: " + ", ".join(map(str, paths)))
    return 0
