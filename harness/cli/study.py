"""``twinbench study``: list the exercise studies, or run one and write results/studies/<name>.{csv,md,png}."""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

from harness.cli.options import (MAX_WORKERS, UsageError, add_executor_arguments, add_out_argument,
                                 add_studies_dir_argument, check_count, executor_from_args, writable_folder)

STUDY_RUNS_OUT = "results/runs/studies"
# studies that need an optional extra: the module they import, and the program it needs on PATH
EXTRAS = {"glmm": ("rpy2", "R", "R, lme4 and rpy2 (the optional `r` extra): run `make r-extra` "
                                "(R and lme4 come from the system's packages, as root or via sudo)")}


def missing_extra(name: str) -> str | None:
    """Why study ``name`` cannot run here (an optional extra it needs is not installed); None when it can."""
    if name not in EXTRAS:
        return None
    module, program, what = EXTRAS[name]
    if importlib.util.find_spec(module) is None or shutil.which(program) is None:
        return f"study {name} needs {what}"
    return None


def add_parser(sub):
    """Register ``study`` on the subcommand set ``sub``."""
    p = sub.add_parser("study", help="the exercises' questions: run one study (or --list them)",
                       description="Each study fits through the harness (records under "
                                   "results/runs/studies/<name>, resumable) and writes "
                                   "results/studies/<name>.{csv,md,png}.")
    p.add_argument("name", nargs="?", help="the study to run (see --list)")
    p.add_argument("--list", action="store_true", help="list every study with its exercises")
    p.add_argument("--scale", choices=["full", "tiny"], default="full",
                   help="full: the committed result; tiny: a few draws (what make test runs)")
    p.add_argument("--fresh", action="store_true", help="run every fit again instead of resuming")
    add_out_argument(p, STUDY_RUNS_OUT,
                     help=f"folder of the fits' run records, one subfolder per study (default {STUDY_RUNS_OUT})")
    add_studies_dir_argument(p, "<name>.{csv,md,png}")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="processes for a study's in-process work (sbc's chunks of simulations; default 1). "
                        "Untimed work only: its seconds per simulation then include the sharing")
    add_executor_arguments(p)
    return p


def cmd(args) -> int:
    """List the exercise studies, or run one and write results/studies/<name>.{csv,md,png}."""
    from harness import studies

    if args.list or not args.name:
        width = max(map(len, studies.STUDIES))
        for info in studies.STUDIES.values():
            state = "" if info.built else "  (not built yet)"
            print(f"{info.name:<{width}}  {info.exercises:<22} {info.question}{state}")
        print("\nThe harness's own studies (each run by its command):")
        width = max(map(len, studies.HARNESS_STUDIES))
        for study in studies.HARNESS_STUDIES.values():
            print(f"{study.name:<{width}}  {study.command:<46} {study.question}")
        return 0
    from harness.report.study import write_study
    from harness.studies.context import SCALES, StudyContext

    try:
        info = studies.get(args.name)
        module = info.module()
    except KeyError as error:
        raise UsageError(str(error).strip('"')) from None
    if (reason := missing_extra(info.name)) is not None:
        raise UsageError(reason)
    check_count(args.jobs, "--jobs", MAX_WORKERS)
    executor = executor_from_args(args)
    writable_folder(Path(args.out) / info.name, "--out")
    writable_folder(args.studies_dir, "--studies-dir")
    context = StudyContext(info.name, SCALES[args.scale], Path(args.out) / info.name, resume=not args.fresh,
                           log=lambda line: print(line, file=sys.stderr, flush=True), executor=executor,
                           jobs=args.jobs)
    print(f"twinbench study {info.name} (exercise {info.exercises}), scale {args.scale}; records -> "
          f"{context.runs_dir}", file=sys.stderr, flush=True)
    with executor:
        result = module.run(context)
    command = f"twinbench study {info.name}" + ("" if args.scale == "full" else f" --scale {args.scale}")
    paths = write_study(info, result, args.studies_dir, command, args.scale)
    print(result.table.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    print()
    print("\n".join(result.findings))
    print("written: " + ", ".join(map(str, paths)))
    return 0
