"""`kith export` and `kith import csv|vcard|google-csv`: CSV, and people from elsewhere.

Each import prints what it will do (the preview), then does it; `--dry-run`
stops after the preview. Importing into a journal file that does not exist
yet creates it, and removes it again if the import is refused.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.store import Journal

JournalPath = Callable[[argparse.Namespace], Path]
_TIES = ("kin", "friend", "colleague", "neighbour", "community", "acquaintance", "other")


def register(commands: Any, journal_path: JournalPath) -> Any:
    """Add the `export` and `import` subcommands to the `kith` parser; returns the
    `import` command's sources, so other modules can add their own."""
    export = commands.add_parser(
        "export",
        help="write the journal as CSV files (DATA-MODEL.md) into a new folder",
        description="Writes contacts.csv, interactions.csv, favors.csv, coalitions.csv, "
        "memberships.csv, joint_actions.csv, journal.csv and summary.csv into a new folder. "
        "Never overwrites anything.",
    )
    export.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="the new folder (default: <journal>-export-YYYY-MM-DD here, "
        "or -2, -3... if that is taken)",
    )
    export.set_defaults(run=lambda args: _export(args, journal_path(args)))

    kinds = commands.add_parser("import", help="import a Kith CSV export, or people")
    sources = kinds.add_subparsers(dest="source", metavar="SOURCE", required=True)
    kith = sources.add_parser(
        "csv",
        help="a folder written by `kith export`: a full restore into an empty journal, or a merge",
    )
    kith.add_argument("folder", type=Path, metavar="DIR")
    vcard = sources.add_parser("vcard", help="people from a vCard file (2.1, 3.0, 4.0)")
    vcard.add_argument("file", type=Path, metavar="FILE.vcf")
    google = sources.add_parser(
        "google-csv", help="people from a Google Contacts (or Outlook) CSV export"
    )
    google.add_argument("file", type=Path, metavar="FILE.csv")
    for parser in (kith, vcard, google):
        parser.add_argument(
            "--dry-run", action="store_true", help="only say what would be imported"
        )
    for parser in (vcard, google):
        parser.add_argument(
            "--tie",
            choices=_TIES,
            default="other",
            help="the tie given to the people added (other)",
        )
    kith.set_defaults(run=lambda args: _import_kith(args, journal_path(args)))
    vcard.set_defaults(run=lambda args: _import_people(args, journal_path(args), "vcard"))
    google.set_defaults(run=lambda args: _import_people(args, journal_path(args), "csv"))
    return sources


def _export(args: argparse.Namespace, path: Path) -> int:
    from app.cli import open_journal
    from app.core.csvio import default_export_folder, export_journal

    with open_journal(path) as journal:
        folder = args.out or default_export_folder(journal.name, Path.cwd())
        summary = export_journal(journal, folder)
    print(summary)
    return 0


@contextlib.contextmanager
def _journal_for_import(path: Path, dry_run: bool) -> Iterator[Journal | None]:
    """The journal to import into: None for a dry run into a journal not made yet.

    A journal created here is removed again if the import fails.
    """
    from app.cli import open_journal
    from app.core import store
    from app.core.lock import lock_path_for

    path = path.expanduser().absolute()
    if path.exists():
        with open_journal(path) as journal:
            yield journal
        return
    if dry_run:
        yield None
        return
    journal = store.create_journal(path)
    try:
        yield journal
    except BaseException:
        journal.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), lock_path_for(path)):
            leftover.unlink(missing_ok=True)
        raise
    journal.close()


def _import_kith(args: argparse.Namespace, path: Path) -> int:
    from app.core.csvio import import_kith_csv, preview_kith_csv

    with _journal_for_import(path, args.dry_run) as journal:
        plan = preview_kith_csv(journal, args.folder)
        for line in plan.lines():
            print(line)
        for match in plan.matches[:50]:
            print(
                f"  contacts.csv line {match.line}: {match.name} is already in the journal "
                f"as {match.existing_name} (id {match.existing_id})"
            )
        if len(plan.matches) > 50:
            print(f"  ... and {len(plan.matches) - 50} more")
        if args.dry_run or journal is None:
            print("dry run: nothing was imported")
            return 0
        summary = import_kith_csv(journal, args.folder, plan=plan)
    print(summary)
    return 0


def _import_people(args: argparse.Namespace, path: Path, kind: str) -> int:
    from app.core.csvio import import_people, preview_people

    with _journal_for_import(path, args.dry_run) as journal:
        preview = preview_people(journal, args.file, kind)
        for line in preview.lines():
            print(line)
        if args.dry_run or journal is None:
            print("dry run: nobody was added")
            return 0
        summary = import_people(journal, preview, tie=args.tie)
    print(summary)
    return 0
