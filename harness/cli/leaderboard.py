"""``twinbench leaderboard`` and ``twinbench aa-test``: one sweep of the standard suite serves both.

The leaderboard runs seeds 0..N-1 of every method; the A/A test needs seeds N..2N-1 as well of a
few methods. Both commands run the same schedule into the same records folder: per posterior,
round r runs seed r of every method and then seed N+r of the A/A methods, so the two seed sets
of a method are interleaved in time (a slow spell of the machine falls on both) and one
``leaderboard --resume`` completes the A/A test too. ``cli.py`` registers the parsers with
``add_leaderboard_parsers``.
"""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

AA_METHODS = "numpyro.nuts,pymc.default"
LEADERBOARD_OUT = "results/runs/leaderboard"


def interleaved_schedule(specs: list, first_seed: int, half: int) -> list:
    """``specs`` ordered posterior by posterior (catalog order kept), then round by round: seed
    first_seed + r of every method, then seed first_seed + half + r, methods in their given order."""
    posterior_order = {name: i for i, name in enumerate(dict.fromkeys(s.posterior for s in specs))}
    method_order = {name: i for i, name in enumerate(dict.fromkeys(s.method for s in specs))}

    def key(spec):
        offset = spec.config.seed - first_seed
        return posterior_order[spec.posterior], offset % half, offset // half, method_order[spec.method]

    return sorted(specs, key=key)


def second_seed_set(specs: list, methods: set[str], half: int) -> list:
    """For each spec of ``methods``, the same run ``half`` seeds later (the A/A test's set B)."""
    return [dataclasses.replace(s, config=dataclasses.replace(s.config, seed=s.config.seed + half))
            for s in specs if s.method in methods]


def write_aa_test(records: list, first_seed: int, half: int, equivalence: float, out_label: str,
                  studies_dir: str) -> list[Path]:
    """Judge seeds first_seed.. (``half`` of them) against the next ``half`` of each method; write
    aa_test.{csv,md} and the summary csv.

    ValueError when no method x posterior has runs of both sets."""
    from harness.studies.aa_test import aa_study

    first, second = range(first_seed, first_seed + half), range(first_seed + half, first_seed + 2 * half)
    verdict_rows, summary = aa_study(records, set(first), set(second), equivalence)
    out = Path(studies_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "aa_test.csv", out / "aa_test_summary.csv", out / "aa_test.md"]
    verdict_rows.to_csv(paths[0], index=False)
    summary.to_csv(paths[1], index=False)
    from harness.report.comparison import several_machines_note

    machines = several_machines_note(r.machine.get("platform") for r in records)
    text = (f"# A/A test of the verdict rule\n\nEach method against itself: seeds {first.start}-{first.stop - 1} vs "
            f"{second.start}-{second.stop - 1}, equivalence band {1 / equivalence:.2f}..{equivalence:.2f}. Power: set "
            "B's ESS/s divided by a planted slowdown r (see harness/studies/aa_test.py). Produced by `twinbench "
            f"aa-test` (or `twinbench leaderboard`, which runs the same seeds) from the records in `{out_label}` (one "
            "per run: the latest of any repeats). The two sets run interleaved: per posterior, seed r of every "
            "method, then seed N+r of the A/A methods, r = 0..N-1, so drift of the machine falls on both.\n\n"
            + "\n".join(machines)
            + summary.to_markdown(index=False, floatfmt=".2f") + "\n\n## Per posterior\n\n"
            + verdict_rows.to_markdown(index=False, floatfmt=".3f") + "\n")
    paths[2].write_text(text)
    print(summary.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    return paths


def _aa_method_names(text: str) -> set[str]:
    """The --aa-methods names ('none': no A/A runs); UsageError on an unknown name."""
    from harness import methods
    from harness.cli.main import _resolve_names, _split

    if text.strip().lower() == "none":
        return set()
    return set(_resolve_names(_split(text), methods.names(), "method"))


def cmd_leaderboard(args) -> int:
    """Run (or with --resume complete) the standard suite plus the A/A seeds; write leaderboard.* and aa_test.*."""
    from harness.cli.main import _records_of, _specs_from, executor_from_args
    from harness.compare.gradbench import floors_platforms, load_floors
    from harness.report.comparison import posteriors_on_several_machines, several_machines_note
    from harness.report.leaderboard import write_leaderboard
    from harness.studies.leaderboard import leaderboard_frames, limit_summary, observation_count
    from harness.execution.sweep import run_sweep, settled_records
    from models import catalog

    args.suite = "standard"
    executor = executor_from_args(args)
    specs = _specs_from(args, [], [])
    half = args.seeds
    aa_methods = _aa_method_names(args.aa_methods)
    aa_extra = second_seed_set(specs, aa_methods, half)
    if not args.report_only:
        if aa_extra:
            print(f"twinbench: + {len(aa_extra)} A/A run(s): seeds {args.seed + half}..{args.seed + 2 * half - 1} of "
                  f"{', '.join(sorted(aa_methods))}, interleaved with the leaderboard's", file=sys.stderr, flush=True)
        with executor:
            run_sweep(interleaved_schedule(specs + aa_extra, args.seed, half), args.out, resume=args.resume,
                      executor=executor)
    records = _records_of(specs, args.out)
    posteriors = list(dict.fromkeys(s.posterior for s in specs))
    method_names = list(dict.fromkeys(s.method for s in specs))
    cells, verdict_frame, summary = leaderboard_frames(records, posteriors, method_names, args.equivalence,
                                                       load_floors())
    limits = limit_summary(cells, {p: observation_count(catalog.get(p).load_data()) for p in posteriors})
    statuses = [r.status.split(":")[0] for r in records]
    complete = int((cells["seeds"] >= args.seeds).sum())
    progress = (f"{len(records)} of {len(specs)} runs recorded ({statuses.count('ok')} ok, "
                f"{statuses.count('timeout')} timed out and censored, {statuses.count('failed')} failed); "
                f"{complete} of {len(cells)} cells have all {args.seeds} seeds, "
                f"{int((cells['status'] == 'missing').sum())} have none (shown as missing).")
    mixed = posteriors_on_several_machines(records)
    if mixed:
        progress += (f" Posteriors whose runs span machines ({len(mixed)}; their ratios compare machines too, rerun "
                     f"them on one): {', '.join(mixed)}.")
    floors_from, runs_on = floors_platforms(), {r.machine.get("platform") for r in records}
    if floors_from and not floors_from & runs_on:
        progress += (f" The limit ratios divide these runs' steps by gradients timed on another machine "
                     f"({', '.join(sorted(floors_from))}): rerun `twinbench gradbench` here.")
    progress = "\n\n".join([progress, *several_machines_note(r.machine.get("platform") for r in records)]).strip()
    paths = write_leaderboard(cells, verdict_frame, summary, progress, args.studies_dir, limits)
    print(summary.to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    print(progress)
    if aa_extra:
        aa_specs = [s for s in specs if s.method in aa_methods] + aa_extra
        try:
            paths += write_aa_test(settled_records(aa_specs, args.out), args.seed, half, args.equivalence, args.out,
                                   args.studies_dir)
        except ValueError as error:
            print(f"twinbench: A/A test not written: {error}", file=sys.stderr)
    print("written: " + ", ".join(map(str, paths)))
    return 0


def cmd_aa_test(args) -> int:
    """Compare each method with itself (seeds 0..N-1 vs N..2N-1) on every posterior; write aa_test.{csv,md}."""
    from harness.cli.main import UsageError, _records_of, _specs_from, executor_from_args
    from harness.execution.sweep import run_sweep

    half = args.seeds
    first_seed = args.seed
    args.seeds = 2 * half
    args.suite = "standard"
    executor = executor_from_args(args)
    specs = interleaved_schedule(_specs_from(args, [], []), first_seed, half)
    if not args.report_only:
        with executor:
            run_sweep(specs, args.out, resume=True, executor=executor)
    records = _records_of(specs, args.out)
    try:
        paths = write_aa_test(records, first_seed, half, args.equivalence, args.out, args.studies_dir)
    except ValueError as error:
        raise UsageError(f"{error} in {args.out}; run without --report-only first") from None
    print("written: " + ", ".join(map(str, paths)))
    return 0


def add_leaderboard_parsers(sub) -> None:
    """Register ``leaderboard`` and ``aa-test`` on the subcommand set ``sub``."""
    from harness.cli.main import _add_run_arguments

    p_board = sub.add_parser("leaderboard", help="every posterior x NUTS-family method x 5 seeds: verdicts, CSV/MD/PNGs",
                             description="Runs the standard suite (or -p/-m subsets) one run at a time, plus the A/A "
                                         "test's second seed set of --aa-methods, interleaved; with --resume it "
                                         "completes an interrupted sweep. Writes results/studies/leaderboard."
                                         "{csv,md,png} and aa_test.{csv,md} from whatever records exist; cells not "
                                         "run are shown as missing.")
    _add_run_arguments(p_board, out=LEADERBOARD_OUT)
    p_board.add_argument("--aa-methods", default=AA_METHODS, metavar="METHODS",
                         help="methods whose seeds N..2N-1 also run, for the A/A test of the verdict rule "
                              f"(default {AA_METHODS}; 'none' skips them)")
    p_board.add_argument("--report-only", action="store_true", help="write the tables and plots from existing records")
    p_board.add_argument("--studies-dir", default="results/studies", help="where to write the leaderboard files")
    p_board.set_defaults(func=cmd_leaderboard)

    p_aa = sub.add_parser("aa-test", help="the verdict rule on a method against itself (two disjoint seed sets)",
                          description="Runs (with resume) seeds 0..2N-1 of each method on each posterior in the "
                                      "leaderboard's schedule (per posterior, seed r then seed N+r), into the "
                                      "leaderboard's records folder, whose sweep runs the same seeds; then judges "
                                      "seeds 0..N-1 against N..2N-1.")
    _add_run_arguments(p_aa, out=LEADERBOARD_OUT)
    p_aa.add_argument("--report-only", action="store_true", help="judge existing records only")
    p_aa.add_argument("--studies-dir", default="results/studies", help="where to write aa_test.*")
    p_aa.set_defaults(func=cmd_aa_test, method=AA_METHODS, seeds=5)
