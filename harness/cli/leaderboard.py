"""``twinbench leaderboard``: the standard suite plus the A/A test's second seed set, one sweep; writes
leaderboard.* and aa_test.*, with the throughput verdicts beside the cold and warm time-to-result ones
(read from ``--time-to-result``'s ``cold/`` and ``warm/`` folders: ``scripts/time-to-result-sweep``).

The schedule (``harness.execution.schedule``) interleaves the two seed sets, so one
``leaderboard --resume`` completes ``twinbench aa-test`` too.
"""
from __future__ import annotations

import sys
from pathlib import Path

from harness.cli.options import (AA_METHODS, LEADERBOARD_OUT, TIME_TO_RESULT_OUT, UsageError, add_run_arguments,
                                 add_studies_dir_argument, executor_from_args, readable_folder, records_of,
                                 resolve_names, specs_from, split_names, writable_folder)
from harness.execution.schedule import interleaved_schedule, second_seed_set

__all__ = ["add_parser", "cmd", "interleaved_schedule", "second_seed_set"]


def add_parser(sub):
    """Register ``leaderboard`` on the subcommand set ``sub``."""
    p = sub.add_parser("leaderboard", help="every posterior x NUTS-family and beyond-NUTS method x 5 seeds: verdicts, "
                                           "CSV/MD/PNGs",
                       description="Runs the suite's posteriors x the NUTS family and the beyond-NUTS methods "
                                   "(MAMS, MCLMC, ChEES, MEADS, low-rank and Pathfinder-initialised NUTS, nutpie's flow "
                                   "adaptation, Pathfinder, DADVI, SMC; or -p/-m subsets) one run at a time, plus the A/A "
                                   "test's second seed set of --aa-methods, interleaved; with --resume it "
                                   "completes an interrupted sweep. Writes results/studies/leaderboard."
                                   "{csv,md,png} and aa_test.{csv,md} from whatever records exist; cells not "
                                   "run are shown as missing.")
    add_run_arguments(p, out=LEADERBOARD_OUT, seeds_default="5, the standard suite's")
    p.add_argument("--aa-methods", default=AA_METHODS, metavar="METHODS",
                   help="methods whose seeds N..2N-1 also run, for the A/A test of the verdict rule "
                        f"(default {AA_METHODS}; 'none' skips them)")
    p.add_argument("--report-only", action="store_true", help="write the tables and plots from existing records")
    p.add_argument("--time-to-result", default=TIME_TO_RESULT_OUT, metavar="DIR",
                   help="folder whose cold/ and warm/ hold the time-to-result runs (twinbench run --caches cold|warm; "
                        f"scripts/time-to-result-sweep) read for the cold and warm verdicts (default "
                        f"{TIME_TO_RESULT_OUT}; cells without runs there are shown missing)")
    p.add_argument("--suite", choices=tuple(SUITE_FILES), default="standard",
                   help="standard: the exercise posteriors (leaderboard.*, with the A/A test); posteriordb: "
                        "posteriordb's reference posteriors, judged against posteriordb's draws "
                        f"(leaderboard_posteriordb.*, runs in {SUITE_OUT['posteriordb']} unless --out; no A/A seeds)")
    add_studies_dir_argument(p, "the leaderboard and A/A files")
    return p


SUITE_FILES = {"standard": "leaderboard", "posteriordb": "leaderboard_posteriordb"}  # suite -> file name stem
SUITE_OUT = {"standard": LEADERBOARD_OUT, "posteriordb": "results/runs/leaderboard_posteriordb"}


def _aa_method_names(text: str) -> set[str]:
    """The --aa-methods names ('none': no A/A runs); UsageError on an unknown name."""
    from harness import methods

    if text.strip().lower() == "none":
        return set()
    names = split_names(text)
    if not names:
        raise UsageError("--aa-methods needs method names, or 'none'")
    return set(resolve_names(names, methods.names(), "method"))


def time_to_result_records(specs, folder) -> dict:
    """The settled cold and warm time-to-result runs of ``specs`` under ``folder``/cold and /warm (none: [])."""
    from dataclasses import replace

    from harness.execution.process import RunSpec
    from harness.execution.sweep import settled_records

    timed = {}
    for kind in ("cold", "warm"):
        kind_specs = [RunSpec(s.posterior, s.method, replace(s.config, caches=kind)) for s in specs]
        folder_of_kind = Path(folder) / kind
        timed[kind] = settled_records(kind_specs, folder_of_kind) if folder_of_kind.is_dir() else []
    return timed


def configuration_of(posteriors: list[str]):
    """The chain-layout / precision / GPU column per posterior, from the chains-precision records (if any)."""
    from harness.cli.chains_precision import RUNS_OUT
    from harness.execution.sweep import records_by_run
    from harness.studies.chains_precision import configuration_by_posterior, runs_frame

    cpu, gpu = (runs_frame(records_by_run(RUNS_OUT[device])) for device in ("cpu", "gpu"))
    return configuration_by_posterior(posteriors, cpu, gpu)


def cmd(args) -> int:
    """Run (or with --resume complete) the standard suite plus the A/A seeds; write leaderboard.* and aa_test.*."""
    from harness.compare.gradbench import floors_platforms, load_floors
    from harness.execution.sweep import run_sweep, settled_records
    from harness.report.aa_test import write_aa_test
    from harness.report.comparison import posteriors_on_several_machines, several_machines_note
    from harness.report.leaderboard import write_leaderboard, write_suites
    from harness.report.leaderboard import summary_markdown, verdict_line
    from harness.studies.leaderboard import crossover_draws, leaderboard_frames, limit_summary, observation_count
    from models import catalog

    if args.out == LEADERBOARD_OUT:  # the default: each suite's own folder
        args.out = SUITE_OUT[args.suite]
    aa_methods = _aa_method_names(args.aa_methods) if args.suite == "standard" else set()
    executor = executor_from_args(args)
    writable_folder(args.studies_dir, "--studies-dir")
    if args.time_to_result != TIME_TO_RESULT_OUT or Path(args.time_to_result).exists():  # the default may be absent
        readable_folder(args.time_to_result, "--time-to-result")
    if not args.method:  # the leaderboards compare the NUTS family and the beyond-NUTS methods
        from harness import methods

        args.method = ",".join(methods.leaderboard_names())
    specs = specs_from(args, [], [], seed_sets=2 if aa_methods else 1, read_only=args.report_only)
    half = args.seeds
    aa_extra = second_seed_set(specs, aa_methods, half)
    if not args.report_only:
        if aa_extra:
            print(f"twinbench: + {len(aa_extra)} A/A run(s): seeds {args.seed + half}..{args.seed + 2 * half - 1} of "
                  f"{', '.join(sorted(aa_methods))}, interleaved with the leaderboard's", file=sys.stderr, flush=True)
        with executor:
            run_sweep(interleaved_schedule(specs + aa_extra, args.seed, half), args.out, resume=args.resume,
                      executor=executor)
    records = records_of(specs, args.out)
    timed = time_to_result_records(specs, args.time_to_result)
    posteriors = list(dict.fromkeys(s.posterior for s in specs))
    method_names = list(dict.fromkeys(s.method for s in specs))
    cells, verdict_frame, summary = leaderboard_frames(records, posteriors, method_names, args.equivalence,
                                                       load_floors(), timed)
    crossover = crossover_draws(timed["cold"], verdict_frame)
    limits = limit_summary(cells, {p: observation_count(catalog.get(p).load_data()) for p in posteriors})
    statuses = [r.status.split(":")[0] for r in records]
    complete = int((cells["seeds"] >= args.seeds).sum())
    progress = (f"{len(records)} of {len(specs)} runs recorded ({statuses.count('ok')} ok, "
                f"{statuses.count('timeout')} timed out and censored, {statuses.count('failed')} failed); "
                f"{complete} of {len(cells)} cells have all {args.seeds} seeds, "
                f"{int((cells['status'] == 'missing').sum())} have none (shown as missing). Time to result: "
                + "; ".join(f"{kind} {len(timed[kind])} of {len(specs)} runs, {int((cells[f'seeds_{kind}'] >= args.seeds).sum())}"
                            f" cells with all seeds" for kind in timed) + ".")
    mixed = posteriors_on_several_machines(records)
    if mixed:
        progress += (f" Posteriors whose runs span machines ({len(mixed)}; their ratios compare machines too, rerun "
                     f"them on one): {', '.join(mixed)}.")
    floors_from, runs_on = floors_platforms(), {r.machine.get("platform") for r in records}
    if floors_from and not floors_from & runs_on:
        progress += (f" The limit ratios divide these runs' steps by gradients timed on another machine "
                     f"({', '.join(sorted(floors_from))}): rerun `twinbench gradbench` here.")
    progress = "\n\n".join([progress, *several_machines_note(r.machine.get("platform") for r in records)]).strip()
    paths = write_leaderboard(cells, verdict_frame, summary, progress, args.studies_dir, limits, crossover,
                              stem=SUITE_FILES[args.suite], configuration=configuration_of(posteriors))
    for posterior in posteriors:
        print(verdict_line(posterior, verdict_frame, crossover))
    print(summary_markdown(summary).to_string(index=False))
    print(progress)
    if aa_extra:
        aa_specs = [s for s in specs if s.method in aa_methods] + aa_extra
        try:
            aa_paths, aa_summary = write_aa_test(settled_records(aa_specs, args.out), args.seed, half,
                                                 args.equivalence, args.out, args.studies_dir)
        except ValueError as error:
            print(f"twinbench: A/A test not written: {error}", file=sys.stderr)
        else:
            print(aa_summary.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
            paths += aa_paths
    suite_paths, suite_table = write_suites(args.studies_dir)
    if suite_paths:
        print(suite_table)
    print("written: " + ", ".join(map(str, paths + suite_paths)))
    return 0
