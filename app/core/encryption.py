"""Encrypt, decrypt or change the passphrase of a journal file, crash-safely.

The journal must be closed (the conversion takes its lock). The new form is
written to a scratch file beside it, verified (integrity_check, application_id,
the same rows in every table), synced, and only then swapped in with one
atomic rename; until that rename the old file is the journal, untouched. The
old file's WAL is checkpointed and gone before the swap, so no plaintext page
survives in a `-wal` beside an encrypted journal.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core import cipher, store
from app.core.backup_rotation import backup_files
from app.core.errors import (
    EncryptionStateError,
    JournalAccessError,
    JournalDamagedError,
    JournalLockedError,
    ValidationError,
    access_error,
)
from app.core.lock import JournalLock
from app.core.paths import real_path
from app.core.syncing import sync_folder

Progress = Callable[[float], None]


@dataclass(frozen=True)
class Conversion:
    """What a conversion did, for the sentence that reports it."""

    path: Path
    kind: str  # "encrypt", "decrypt" or "rekey"
    # Backups that stay as they were: plaintext ones after encrypting (unless
    # purged), and, after a passphrase change, ones that open with the old one.
    plain_backups: tuple[Path, ...]
    purged: tuple[Path, ...]

    @property
    def encrypted(self) -> bool:
        """Whether the journal is encrypted now."""
        return self.kind != "decrypt"

    def lines(self) -> list[str]:
        """What the CLI prints and the window shows."""
        out = [_DONE[self.kind].format(path=self.path)]
        if self.purged:
            count = len(self.purged)
            out.append(f"Deleted {count} older unencrypted backup{'s' if count != 1 else ''}.")
        if self.plain_backups:
            count = len(self.plain_backups)
            them = "them" if count != 1 else "it"
            out.append(
                f"{count} older backup{'s' if count != 1 else ''} in "
                f"{self.plain_backups[0].parent} {'are' if count != 1 else 'is'} NOT "
                f"encrypted; delete {them} if {'they' if count != 1 else 'it'} must not be "
                "read (kith encrypt --purge-plain-backups does it for you)."
            )
        return out


_DONE = {
    "encrypt": "{path} is now encrypted; Kith will ask for its passphrase each time it opens.",
    "decrypt": "{path} is no longer encrypted. Backups taken while it was encrypted stay "
    "encrypted, with the passphrase they were made with.",
    "rekey": "{path} has a new passphrase. Older backups still open with the old passphrase only.",
}


def check_new_passphrase(passphrase: str, repeated: str | None = None) -> str:
    """Refuse an empty passphrase, or one typed differently the second time."""
    if not passphrase:
        raise ValidationError("passphrase", "An empty passphrase would not protect anything.")
    if repeated is not None and not cipher.same_passphrase(passphrase, repeated):
        raise ValidationError(
            "passphrase", "The two passphrases are not the same; nothing was changed."
        )
    return passphrase


def plain_backups(journal: Path) -> list[Path]:
    """This journal's backups that are not encrypted (anyone with the file can read them).

    Only this journal's: `journal-work.kith`'s backups share the folder and the
    start of the name. The same list as the backups the rotation knows.
    """
    return sorted(b.path for b in backup_files(journal) if not cipher.is_encrypted(b.path))


def _with_companions(backup: Path) -> list[Path]:
    """A backup and the -wal/-shm SQLite may have left beside it (a damaged journal's
    safety copy keeps them: they hold its latest entries, in plain text)."""
    return [backup, *(Path(f"{backup}{end}") for end in ("-wal", "-shm"))]


def encrypt_journal(
    path: Path,
    passphrase: str,
    *,
    purge_plain_backups: bool = False,
    progress: Progress | None = None,
) -> Conversion:
    """Encrypt a plain journal with `passphrase`."""
    return _convert(path, None, check_new_passphrase(passphrase), purge_plain_backups, progress)


def create_encrypted_journal(path: Path, passphrase: str) -> None:
    """A new, empty journal at `path`, encrypted with `passphrase` from the start.

    Made plain, then converted like any journal: the plain form holds nothing
    but the empty schema, and it is gone once the encrypted one verifies. If
    the conversion fails, the new file is removed again.
    """
    passphrase = check_new_passphrase(passphrase)
    path = real_path(path)
    store.create_journal(path).close()
    try:
        encrypt_journal(path, passphrase)
    except BaseException:
        for part in _with_companions(path):
            part.unlink(missing_ok=True)
        raise


def decrypt_journal(path: Path, passphrase: str, *, progress: Progress | None = None) -> Conversion:
    """Turn an encrypted journal back into a plain one (its passphrase is needed)."""
    return _convert(path, passphrase, None, False, progress)


def rekey_journal(
    path: Path, passphrase: str, new_passphrase: str, *, progress: Progress | None = None
) -> Conversion:
    """Give an encrypted journal a new passphrase (and a new salt)."""
    return _convert(path, passphrase, check_new_passphrase(new_passphrase), False, progress)


def _convert(
    path: Path,
    old: str | None,
    new: str | None,
    purge: bool,
    progress: Progress | None,
) -> Conversion:
    report = progress or (lambda _fraction: None)
    # The real file behind a symlink: the link would otherwise be replaced by the
    # new form and the file it named left as it was (in plain text).
    path = real_path(path)
    encrypted = store.identify(path)
    if encrypted and old is None:
        raise EncryptionStateError(
            f"{path} is already encrypted; use `kith rekey` (File > Change passphrase…) "
            "to change its passphrase."
        )
    if not encrypted and (old is not None or new is None):
        raise EncryptionStateError(f"{path} is not encrypted; nothing was changed.")
    raw_old = cipher.derive_key(old, cipher.read_salt(path)) if old is not None else None
    # The lock is held from the first read to the swap, and passes to the new file
    # with its name (see app/core/lock.py): no other Kith writes to the old one meanwhile.
    with JournalLock(path):
        # Readable, healthy, ours, and the passphrase fits: the same checks as opening.
        store._check_readable(path, raw_old)
        report(0.1)
        scratch = path.with_name(path.name + ".converting")
        _remove_leftovers(scratch)
        try:
            try:
                _write_new_form(path, raw_old, scratch, new, report)
            except sqlite3.OperationalError as error:
                raise access_error(path, error, "it was not converted") from error
            except OSError as error:
                raise JournalAccessError(
                    f"Kith could not write the converted copy of {path} ({error.strerror}), "
                    "so the journal was left as it was."
                ) from error
            with JournalLock(scratch):
                _swap(path, scratch)
        finally:
            _remove_leftovers(scratch)
    report(1.0)
    kind = "rekey" if old is not None and new is not None else "encrypt" if new else "decrypt"
    left = plain_backups(path) if kind == "encrypt" else []
    purged: list[Path] = []
    if purge and left:
        for backup in left:
            for part in _with_companions(backup):
                part.unlink(missing_ok=True)
            purged.append(backup)
        left = []
    return Conversion(path, kind, tuple(left), tuple(purged))


def _write_new_form(
    path: Path, raw_old: bytes | None, scratch: Path, new: str | None, report: Progress
) -> None:
    try:
        fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except OSError as error:
        raise JournalAccessError(f"Kith cannot write {scratch}: {error.strerror}.") from error
    salt = cipher.new_salt() if new is not None else None
    raw_new = cipher.derive_key(new, salt) if new is not None and salt is not None else None
    target_key = cipher.key_literal(raw_new, salt) if raw_new is not None else ""
    source = cipher.connect(path, raw_old)
    try:
        with cipher.as_sqlite3_errors():
            cipher.export(source, scratch, target_key)
            report(0.6)
            expected = _counts(source)
            _verify(scratch, raw_new, expected)
            report(0.8)
            # Everything in the old WAL is in the main file and in the copy; empty it
            # so that nothing of the old form stays beside the new one.
            busy = source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        source.close()
    if busy:
        raise JournalLockedError(
            f"{path} is in use by another program, so it was not converted; close it and try again."
        )


def _counts(connection: Any) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
    }


def _verify(scratch: Path, raw_new: bytes | None, expected: dict[str, int]) -> None:
    """The copy must be whole before it may replace the journal."""
    copy = cipher.connect(scratch, raw_new)
    try:
        # The journal stays in WAL mode (see store.create_journal).
        copy.execute("PRAGMA journal_mode = WAL")
        verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        app_id = copy.execute("PRAGMA application_id").fetchone()[0]
        counts = _counts(copy)
    finally:
        copy.close()
    if verdict != "ok" or app_id != store.APPLICATION_ID:
        raise JournalDamagedError(
            f"The converted copy of the journal did not verify ({verdict}), so the journal "
            "was left as it was."
        )
    if counts != expected:
        raise JournalDamagedError(
            "The converted copy of the journal does not hold the same records as the "
            "journal, so the journal was left as it was."
        )
    with open(scratch, "rb") as file:
        os.fsync(file.fileno())


def _swap(path: Path, scratch: Path) -> None:
    for stale in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        # Checkpointed and truncated above: empty, and it belongs to the old form.
        stale.unlink(missing_ok=True)
    os.chmod(scratch, 0o600)
    os.replace(scratch, path)
    sync_folder(path.parent)


def _remove_leftovers(scratch: Path) -> None:
    """A scratch file is never the journal: a crash mid-conversion leaves the journal whole."""
    for leftover in (scratch, *(Path(f"{scratch}{s}") for s in ("-wal", "-shm", "-journal"))):
        leftover.unlink(missing_ok=True)
