"""Restoring a backup over a journal, after keeping the journal as it was.

The backup is checked first (a Kith journal, `integrity_check` ok, a schema this
Kith knows); a refused backup changes nothing. Then the journal's current state is
backed up with the reason `before-restore`, so that restoring that copy undoes the
restore, and only then is the backup's content copied in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.core import backup, cipher, migrate
from app.core.backup_rotation import BEFORE_RESTORE, backup_problem, database_problem
from app.core.encryption import encrypt_journal
from app.core.errors import (
    JournalAccessError,
    JournalDamagedError,
    JournalTooNewError,
    KithError,
    NotAJournalError,
    ValidationError,
)
from app.core.lock import JournalLock
from app.core.paths import make_private_folder, real_path
from app.core.store import busy_or, identify, remove_scratch
from app.core.syncing import sync, sync_folder


@dataclass(frozen=True)
class Restored:
    """A finished restore; `safety_copy` is the journal as it was just before (or None)."""

    backup: Path
    journal: Path
    safety_copy: Path | None


def verify_backup(path: Path, *, key: str | None = None) -> None:
    """Refuse, with a sentence, a backup that is missing, foreign, damaged or too new."""
    path = Path(path).expanduser().absolute()
    if not path.is_file():
        raise NotAJournalError(f"{path} does not exist or is not a file; nothing was restored.")
    try:
        # Writable (nothing is written): SQLite checks CHECK constraints only then.
        with contextlib.closing(cipher.open_keyed(path, key, read_only=False)) as raw:
            problem = backup_problem(raw, "integrity_check")
            revision = None if problem else _revision(raw)
    except sqlite3.DatabaseError as error:
        problem, revision = database_problem(error), None
    if problem is not None and problem.startswith("not a"):
        raise NotAJournalError(f"{path} is {problem}; nothing was restored.")
    if problem is not None or revision is None:
        raise JournalDamagedError(
            f"The backup {path} is {problem or 'damaged (it has no schema revision)'}; "
            "nothing was restored. Choose another backup."
        )
    if not migrate.is_known_revision(revision):
        raise JournalTooNewError(
            f"The backup {path} was written by a newer version of Kith; nothing was "
            "restored. Update Kith to restore it."
        )


def _revision(raw: sqlite3.Connection) -> str | None:
    try:
        row = raw.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None else str(row[0])


def restore(
    journal_path: Path,
    backup_path: Path,
    *,
    key: str | None = None,
    now: dt.datetime | None = None,
    backup_key: str | None = None,
) -> Restored:
    """Put a backup's content in place of the journal, keeping the journal as it was first.

    The backup is checked before anything is touched. The journal must not be open
    (JournalLockedError otherwise); its current state is first backed up with the
    reason `before-restore`, so that restoring that copy undoes this restore. A
    damaged journal is kept byte for byte instead. A journal with an older schema
    is upgraded when it is next opened. `backup_key` opens the backup when its
    passphrase is not the journal's (one taken before `kith rekey`).
    """
    # The real files behind symlinks: a restore acts on the journal, not on a link to it.
    journal_path = real_path(journal_path)
    backup_path = real_path(backup_path)
    if journal_path.exists() and backup_path.exists() and journal_path.samefile(backup_path):
        raise ValidationError("backup", f"{backup_path} is the journal itself, not a backup of it.")
    verify_backup(backup_path, key=backup_key or key)
    has_content = journal_path.is_file() and journal_path.stat().st_size > 0
    was_encrypted = has_content and cipher.is_encrypted(journal_path)
    if has_content:
        with contextlib.suppress(JournalDamagedError):  # damaged: that is why we restore
            identify(journal_path)  # never write a journal over another program's file
    try:
        make_private_folder(journal_path.parent)
    except OSError as error:
        raise JournalAccessError(
            f"Kith cannot create the folder {journal_path.parent}: {error.strerror}."
        ) from error
    # The same lock as an open journal, from the safety copy to the last write.
    with JournalLock(journal_path) if journal_path.exists() else contextlib.nullcontext():
        if journal_path.exists():
            remove_scratch(journal_path)
            _refuse_busy(journal_path)
        safety, damaged = _safety_copy(journal_path, key, now) if has_content else (None, False)
        if damaged or not journal_path.exists():
            # SQLite cannot write over a file it cannot read: the backup's content goes
            # into a new file, locked before it takes the journal's name.
            _restore_into_new_file(backup_path, journal_path, key, backup_key)
        else:
            backup.restore_file(backup_path, journal_path, key=key, backup_key=backup_key)
    if was_encrypted and key is not None and not cipher.is_encrypted(journal_path):
        # A damaged encrypted journal was replaced by a plain backup's content: it
        # is encrypted again before anyone opens it, as the user chose.
        encrypt_journal(journal_path, key)
    return Restored(backup_path, journal_path, safety)


def _refuse_busy(journal_path: Path) -> None:
    """Another program holding SQLite's lock on the journal makes it busy, not damaged."""
    try:
        with contextlib.closing(
            sqlite3.connect(f"{journal_path.as_uri()}?mode=ro", uri=True, timeout=1.0)
        ) as raw:
            raw.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as error:
        problem = busy_or(error, journal_path, JournalDamagedError(""))
        if not isinstance(problem, JournalDamagedError):
            raise problem from error


def _restore_into_new_file(
    backup_path: Path, journal_path: Path, key: str | None, backup_key: str | None
) -> None:
    scratch = journal_path.with_name(journal_path.name + ".restoring-new")
    for leftover in (scratch, *_companions(scratch)):
        leftover.unlink(missing_ok=True)
    try:
        # Created owner-only here: SQLite would create it with the default mode.
        os.close(os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as error:
        raise JournalAccessError(
            f"Kith cannot write {scratch}: {error.strerror}; nothing was restored."
        ) from error
    try:
        with JournalLock(scratch):
            backup.restore_file(backup_path, scratch, key=key, backup_key=backup_key)
            sync(scratch)
            for leftover in _companions(journal_path):
                # The damaged journal's log and shared memory: kept in the safety copy.
                leftover.unlink(missing_ok=True)
            os.replace(scratch, journal_path)
            sync_folder(journal_path.parent)
    finally:
        for leftover in (scratch, *_companions(scratch)):
            leftover.unlink(missing_ok=True)


def _safety_copy(journal_path: Path, key: str | None, now: dt.datetime | None) -> tuple[Path, bool]:
    """The journal as it is, in the backups folder; True when it had to be copied raw."""
    out = backup.default_backup_path(journal_path, BEFORE_RESTORE, now)
    try:
        return backup.backup_file(journal_path, out, key=key), False
    except (KithError, sqlite3.DatabaseError, UnicodeDecodeError, ValueError, MemoryError):
        # Damaged, unreadable with this passphrase (a restore after a rekey), or
        # anything else SQLite refuses: the bytes are kept as they are instead. A
        # full disk fails the byte copy too, and that refusal is reported.
        pass
    # A damaged journal cannot be copied through SQLite: keep its bytes as they are.
    raw = backup.default_backup_path(journal_path, f"{BEFORE_RESTORE}-damaged", now)
    pairs = [(journal_path, raw)] + [
        (companion, Path(f"{raw}{companion.name.removeprefix(journal_path.name)}"))
        for companion in _companions(journal_path)
        if companion.exists()
    ]
    try:
        for source, target in pairs:
            _copy_bytes(source, target)
    except OSError as error:
        for _source, target in pairs:
            target.unlink(missing_ok=True)
        raise JournalAccessError(
            f"Kith could not keep a copy of the journal before restoring ({error.strerror}); "
            "nothing was restored."
        ) from error
    return raw, True


def _companions(journal_path: Path) -> list[Path]:
    """SQLite's files beside a journal: its write-ahead log and shared memory."""
    return [Path(f"{journal_path}-wal"), Path(f"{journal_path}-shm")]


def _copy_bytes(source: Path, target: Path) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as data:
        shutil.copyfileobj(data, out)
        out.flush()
        os.fsync(out.fileno())
