"""Command-line client of the core: one line on stderr and a documented exit code per trouble."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.core.errors import KithError, PassphraseNeededError, WrongPassphraseError
from app.core.paths import default_journal_path

if TYPE_CHECKING:
    from app.core.store import Journal

Command = Callable[[argparse.Namespace], int]

# For scripts only: a passphrase in the environment can be read by other programs
# of the same user. At a terminal Kith asks instead, without echo.
PASSPHRASE_VARIABLE = "KITH_PASSPHRASE"
NEW_PASSPHRASE_VARIABLE = "KITH_NEW_PASSPHRASE"
_TRIES_AT_A_TERMINAL = 3

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
    check.add_argument(
        "--repair-totals",
        action="store_true",
        help="recompute each person's running totals from their entries if they differ",
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

    from app.cli_backups import register as register_backups
    from app.cli_csv import register as register_csv
    from app.cli_prompts import register as register_prompts

    register_prompts(commands, _journal_path)
    import_sources = register_csv(commands, _journal_path)
    from app.cli_capture import register as register_capture

    register_capture(commands, import_sources, _journal_path)
    register_backups(commands, _journal_path)
    from app.cli_crypt import register as register_crypt

    register_crypt(commands, _journal_path)
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive whole number")
    return number


def _journal_path(args: argparse.Namespace) -> Path:
    return Path(args.journal).expanduser() if args.journal else default_journal_path()


def _check(args: argparse.Namespace) -> int:
    from app.core import store, totals
    from app.core.services.overview import record_counts

    path = _journal_path(args)
    with open_journal(path) as journal:
        revision = store.stored_revision(journal.path, key=journal.key)
        counts = record_counts(journal)
        verdict = store.integrity_check(journal)
        wrong = totals.mismatched(journal) if verdict == "ok" else []
        if wrong and args.repair_totals:
            totals.rebuild(journal)
    print(f"journal: {journal.path}")
    print(f"schema revision: {revision}")
    for line in counts.lines():
        print(line)
    print(f"in the trash: {counts.trashed}")
    _report_backups(journal.path, empty=not any(counts.live.values()) and not counts.trashed)
    if verdict == "ok":
        if not wrong:
            print("running totals: ok")
        elif args.repair_totals:
            print(f"running totals: recomputed for {len(wrong)} people")
        else:
            print(
                f"running totals: {len(wrong)} people differ from their entries; "
                "`kith check --repair-totals` recomputes them"
            )
    print(f"integrity: {verdict}")
    return 0 if verdict == "ok" and (not wrong or args.repair_totals) else 6


def _report_backups(path: Path, *, empty: bool) -> None:
    """The newest backup and its age; a warning line (exit code unchanged) if it is old."""
    from app.core.backup_rotation import RECENT_DAYS, age_text, newest_backup
    from app.core.clock import now_utc

    newest = newest_backup(path)
    if newest is None:
        print("newest backup: none")
    else:
        print(f"newest backup: {newest.path} ({newest.kind}, {age_text(newest.taken_at)})")
    if empty:
        return  # nothing to lose yet, and Kith skips backing up an empty journal
    if newest is None or now_utc() - newest.taken_at > dt.timedelta(days=RECENT_DAYS):
        print(
            f"warning: no backup is newer than {RECENT_DAYS} days; "
            "run `kith backup`, or open Kith, which takes one each day"
        )


def _demo(args: argparse.Namespace) -> int:
    from app.core.demo import generate_demo

    # Never the default journal: demo data must not mix with the user's own.
    path = _journal_path(args) if args.journal else default_journal_path().with_name("demo.kith")
    summary = generate_demo(path, contacts=args.contacts, events=args.events, seed=args.seed)
    print(f"wrote {summary}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from app.core import backup

    with open_journal(_journal_path(args)) as journal:
        written = backup.backup_file(journal.path, args.out, key=journal.key)
    print(f"backup written: {written}")
    return 0


def open_journal(path: Path) -> Journal:
    """Open a journal for a command, with the passphrase of an encrypted one.

    At a terminal a wrong passphrase may be typed again (three tries in all).
    """
    from app.core import store

    tries = _TRIES_AT_A_TERMINAL if sys.stdin.isatty() else 1
    for attempt in range(1, tries + 1):
        try:
            return store.open_journal(path, key=passphrase_for(path))
        except WrongPassphraseError as error:
            if attempt == tries:
                raise
            print(f"kith: {error}", file=sys.stderr)
    raise AssertionError("unreachable")  # pragma: no cover


def passphrase_for(path: Path) -> str | None:
    """The passphrase of the journal at `path`, or None if it is not encrypted."""
    from app.core import cipher

    if not cipher.is_encrypted(Path(path).expanduser()):
        return None
    return ask_passphrase(f"Passphrase for {path}: ", PASSPHRASE_VARIABLE, path)


def ask_passphrase(prompt: str, variable: str, path: Path) -> str:
    """Typed at the terminal without echo, or (no terminal) taken from `variable`."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    value = os.environ.get(variable)
    if value is None:
        raise PassphraseNeededError(
            f"{path} is encrypted: run this at a terminal to type its passphrase, or, "
            f"in a script, set {variable}."
        )
    return value


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
