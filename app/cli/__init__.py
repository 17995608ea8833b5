"""The `kith` command, a thin client of the core: its parser, and one line on
stderr with a documented exit code per trouble.

Each group of subcommands lives in a module of its own (`backups`, `crypt`,
`csv`, `prompts`) that adds itself to the parser through `register`; opening a
journal for a command (and asking for its passphrase) is `journal`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from app import __version__
from app.cli.journal import journal_path, open_journal
from app.cli.progress import terminal_progress
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
    parser.add_argument(
        "--reflections",
        action="store_true",
        help="open the window on Reflections (what clicking the daily notification does)",
    )
    parser.add_argument(
        "--quick-log",
        action="store_true",
        help="open the window with the quick log ready for a line (the launcher's Quick Log)",
    )
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop",
        action="store_true",
        help="put Kith in your desktop's menu: its launcher, icons and metainfo "
        "under ~/.local/share (your XDG data folder)",
    )
    desktop.add_argument(
        "--uninstall-desktop",
        action="store_true",
        help="take out of the menu what --install-desktop put there (journals stay)",
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

    from app.cli.backups import register as register_backups
    from app.cli.csv import register as register_csv
    from app.cli.prompts import register as register_prompts

    register_prompts(commands, journal_path)
    export, import_sources = register_csv(commands, journal_path)
    from app.cli.capture import register as register_capture

    register_capture(commands, import_sources, journal_path)
    from app.cli.exports import register as register_exports

    register_exports(commands, export, import_sources, journal_path)
    register_backups(commands, journal_path)
    from app.cli.crypt import register as register_crypt

    register_crypt(commands, journal_path)
    from app.cli.search import register as register_search

    register_search(commands, journal_path)
    _journal_option_everywhere(parser)
    return parser


def _journal_option_everywhere(parser: argparse.ArgumentParser) -> None:
    """Let `--journal PATH` stand after the command too (`kith demo --journal J`).

    Every subcommand gets the option with a suppressed default, so that naming it
    before the command still counts and naming it after wins.
    """
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                sub.add_argument(
                    "--journal",
                    type=Path,
                    default=argparse.SUPPRESS,
                    metavar="PATH",
                    help="the journal file to use (may also stand before the command)",
                )
                _journal_option_everywhere(sub)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive whole number")
    return number


def _check(args: argparse.Namespace) -> int:
    from app.core.check import check_journal

    with open_journal(journal_path(args)) as journal:
        report = check_journal(journal, repair_totals=args.repair_totals)
    print("\n".join(report.lines()))
    return report.exit_code


def _demo(args: argparse.Namespace) -> int:
    from app.core.demo import generate_demo

    # Never the default journal: demo data must not mix with the user's own.
    path = journal_path(args) if args.journal else default_journal_path().with_name("demo.kith")
    summary = generate_demo(
        path,
        contacts=args.contacts,
        events=args.events,
        seed=args.seed,
        progress=terminal_progress(f"writing {path.name}"),
    )
    print(f"wrote {summary}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from app.core import backup

    with open_journal(journal_path(args)) as journal:
        written = backup.backup_file(journal.path, args.out, key=journal.key)
    print(f"backup written: {written}")
    return 0


def _window(args: argparse.Namespace) -> int:
    # Before Qt is imported: a missing system library would abort it with a paragraph.
    from app.ui.shell.display import check_display

    check_display(os.environ)
    from app.ui.shell.app import run_app

    return run_app(
        journal_path(args),
        explicit=args.journal is not None,
        ready=_report_ready if args.exit_when_ready else None,
        reflections=args.reflections,
        quick_log=args.quick_log,
    )


def _desktop(args: argparse.Namespace) -> int:
    from app.cli.desktop import install_desktop, uninstall_desktop

    return install_desktop() if args.install_desktop else uninstall_desktop()


def _report_ready() -> None:
    print(f"ready in {time.perf_counter() - STARTED:.3f} s", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Command = getattr(args, "run", _window)
    if args.install_desktop or args.uninstall_desktop:
        if args.command:
            parser.error("--install-desktop and --uninstall-desktop take no command")
        run = _desktop
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
    except Exception as error:
        from app.core.errors import storage_error

        known = storage_error(error, journal_path(args).expanduser().absolute().parent)
        if known is None:
            raise
        print(f"kith: {known}", file=sys.stderr)
        return known.exit_code
