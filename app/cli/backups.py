"""`kith backups` (the list) and `kith restore BACKUP`: a journal's backups from the shell."""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.paths import backups_dir

JournalPath = Callable[[argparse.Namespace], Path]


def register(commands: Any, journal_path: JournalPath) -> None:
    """Add the `backups` and `restore` subcommands to the `kith` parser."""
    listing = commands.add_parser(
        "backups",
        help="list the journal's backups, newest first, with kind, size and record counts",
    )
    listing.add_argument(
        "--check",
        action="store_true",
        help="also run SQLite's integrity_check and foreign_key_check on each backup "
        "(slower on a big journal)",
    )
    listing.set_defaults(run=lambda args: _list(args, journal_path(args)))

    restore = commands.add_parser(
        "restore",
        help="put a backup in place of the journal (a copy of the journal is kept first)",
        description="Checks the backup, copies the journal as it is now into backups/ "
        "(restore that copy to undo), then puts the backup's content in its place. "
        "Refuses while the journal is open in a Kith window.",
    )
    restore.add_argument(
        "backup",
        type=Path,
        metavar="BACKUP",
        help="a backup file, or the name of one in the journal's backups folder",
    )
    restore.set_defaults(run=lambda args: _restore(args, journal_path(args)))


def _key(*paths: Path) -> str | None:
    """The passphrase of the first of `paths` that is encrypted (asked at the terminal,
    or KITH_PASSPHRASE); None when none is. A backup is encrypted like its journal."""
    from app.cli.journal import passphrase_for

    for path in paths:
        key = passphrase_for(path)
        if key is not None:
            return key
    return None


# A backup taken before `kith rekey` opens with the old passphrase only.
BACKUP_PASSPHRASE_VARIABLE = "KITH_BACKUP_PASSPHRASE"


def _backup_key(backup: Path, key: str | None) -> str | None:
    """The backup's own passphrase, asked for only when the journal's does not open it."""
    from app.cli.journal import ask_passphrase
    from app.core import cipher
    from app.core.errors import WrongPassphraseError

    if key is None or not cipher.is_encrypted(backup):
        return None
    try:
        cipher.open_keyed(backup, key).close()
    except WrongPassphraseError:
        return ask_passphrase(
            f"Passphrase for the backup {backup.name} (the journal's does not open it): ",
            BACKUP_PASSPHRASE_VARIABLE,
            backup,
        )
    except sqlite3.DatabaseError:
        pass  # damaged: the restore's own check says so
    return None


def _list(args: argparse.Namespace, path: Path) -> int:
    from app.core import cipher
    from app.core.backup_rotation import list_backups, size_text
    from app.core.store import identify

    path = path.expanduser().absolute()
    identify(path)  # a one-line refusal for a file that is no journal
    key = _key(path)
    if key is not None:  # a wrong passphrase is refused (exit 15), not listed against
        # A damaged journal still lists its backups: that is when they are needed.
        with contextlib.suppress(sqlite3.DatabaseError):
            cipher.open_keyed(path, key).close()
    backups = list_backups(path, key=key, check=args.check)
    if not backups:
        print(f"{path} has no backups yet in {backups_dir(path)}.")
        return 0
    print(f"backups of {path}, newest first:")
    for info in backups:
        when = info.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(
            f"{when}  {info.kind:<14}  {size_text(info.size):>8}  {info.counts_text()}  "
            f"{info.path.name}"
        )
    print(f"folder: {backups_dir(path)}")
    return 0


def _restore(args: argparse.Namespace, path: Path) -> int:
    from app.core.backup_restore import restore

    path = path.expanduser().absolute()
    chosen = Path(args.backup).expanduser()
    if not chosen.exists() and chosen.parent == Path("."):
        chosen = backups_dir(path) / chosen.name  # a bare name from `kith backups`
    key = _key(path, chosen)
    restored = restore(path, chosen, key=key, backup_key=_backup_key(chosen, key))
    print(f"restored {restored.backup} into {restored.journal}")
    if restored.safety_copy is not None:
        print(f"the journal as it was is kept at {restored.safety_copy}")
        print(f"to undo: kith --journal {restored.journal} restore {restored.safety_copy}")
    return 0
