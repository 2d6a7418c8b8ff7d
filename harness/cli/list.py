"""``twinbench list``: the posteriors (suite, exercise, options) and the methods; with --versions, the library versions."""
from __future__ import annotations


def add_parser(sub):
    """Register ``list`` on the subcommand set ``sub``."""
    p = sub.add_parser("list", help="list posteriors (with exercise numbers) and methods")
    p.add_argument("--suite", choices=("exercises", "posteriordb", "other"),
                   help="only the posteriors of one set: the chapter's exercises, posteriordb's, or other")
    p.add_argument("--versions", action="store_true",
                   help="print the installed versions of Python and the inference libraries instead")
    return p


def cmd(args) -> int:
    """Print the posteriors (exercise, options) and the methods; with --versions, the library versions."""
    from harness import methods
    from models import catalog

    if args.versions:
        from harness.records.environment import library_versions

        for name, version in library_versions().items():
            print(f"{name:<10} {version or 'not installed'}")
        return 0

    entries = [e for e in catalog.POSTERIORS.values() if args.suite in (None, e.suite)]
    print(f"posteriors ({len(entries)}; suite, exercise or source, description):")
    width = max(map(len, catalog.names()))
    for entry in entries:
        options = "; ".join(f"{k}={'|'.join(map(str, v))}" for k, v in entry.options.items())
        extra = f"  [options: {options}]" if options else ""
        print(f"  {entry.name:<{width}}  {entry.suite:<11} {entry.exercise:<18} {entry.description}{extra}")
    print("methods:")
    for method in methods.METHODS.values():
        print(f"  {method.name:<21} {method.description} (devices: {', '.join(method.devices)})")
    return 0
