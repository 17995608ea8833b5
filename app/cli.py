"""Command-line client of the core: one line on stderr and a documented exit code per trouble."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from app import __version__
from app.core.errors import KithError
from app.core.paths import default_journal_path

Command = Callable[[argparse.Namespace], int]

# When this process started doing Kith's work (for --exit-when-ready).
STARTED = time.perf_counter()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kith",
        description="Kith, a private journal of your relationships. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"kith {__version__}")
    parser.add_argument(
        "--journal",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"the journal file to use (default: {default_journal_path()})",
    )
    parser.add_argument(
        "--exit-when-ready",
        action="store_true",
        help="open the window, print how long it took to become usable, and quit "
        "(a smoke test for packagers; used by the benchmark)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check", help="print the journal's path, schema, record counts and integrity"
    )
    check.set_defaults(run=_check)

    demo = commands.add_parser("demo", help="write a synthetic demo journal to a new file")
    demo.add_argument("--contacts", type=_positive, default=40, metavar="N", help="people (40)")
    demo.add_argument(
        "--events",
        type=_positive,
        default=None,
        metavar="M",
        help="moments, favors and other entries (about 30 per person)",
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (1)")
    demo.set_defaults(run=_demo)

    backup = commands.add_parser("backup", help="write a consistent copy of the journal")
    backup.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="where to write it (default: backups/ beside the journal, timestamped)",
    )
    backup.set_defaults(run=_backup)

    from app.cli_csv import register as register_csv
    from app.cli_prompts import register as register_prompts

    register_prompts(commands, _journal_path)
    register_csv(commands, _journal_path)
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive whole number")
    return number


def _journal_path(args: argparse.Namespace) -> Path:
    return Path(args.journal).expanduser() if args.journal else default_journal_path()


def _check(args: argparse.Namespace) -> int:
    from app.core import store
    from app.core.services.overview import record_counts

    path = _journal_path(args)
    with store.open_journal(path) as journal:
        revision = store.stored_revision(journal.path)
        counts = record_counts(journal)
        verdict = store.integrity_check(journal)
    print(f"journal: {journal.path}")
    print(f"schema revision: {revision}")
    for line in counts.lines():
        print(line)
    print(f"in the trash: {counts.trashed}")
    print(f"integrity: {verdict}")
    return 0 if verdict == "ok" else 6


def _demo(args: argparse.Namespace) -> int:
    from app.core.demo import generate_demo

    # Never the default journal: demo data must not mix with the user's own.
    path = _journal_path(args) if args.journal else default_journal_path().with_name("demo.kith")
    summary = generate_demo(path, contacts=args.contacts, events=args.events, seed=args.seed)
    print(f"wrote {summary}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from app.core import backup, store

    with store.open_journal(_journal_path(args)) as journal:
        written = backup.backup_file(journal.path, args.out)
    print(f"backup written: {written}")
    return 0


def _window(args: argparse.Namespace) -> int:
    from app.ui.main import run_app

    return run_app(
        _journal_path(args),
        explicit=args.journal is not None,
        ready=_report_ready if args.exit_when_ready else None,
    )


def _report_ready() -> None:
    print(f"ready in {time.perf_counter() - STARTED:.3f} s", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Command = getattr(args, "run", _window)
    try:
        return run(args)
    except KithError as error:
        print(f"kith: {error}", file=sys.stderr)
        for detail in error.details:  # e.g. every bad row of a refused import
            print(f"  {detail}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("kith: interrupted; nothing was saved half-way.", file=sys.stderr)
        return 130
