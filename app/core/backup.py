"""Consistent copies of a journal through SQLite's online backup API.

Copying an open SQLite file byte by byte can catch it mid-transaction; the
backup API cannot. Every copy is checked with `integrity_check` before it is
trusted, and is readable by its owner alone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from app.core import cipher
from app.core.errors import (
    JournalAccessError,
    JournalDamagedError,
    JournalExistsError,
    access_error,
)
from app.core.paths import JOURNAL_SUFFIX, backups_dir, make_private_folder, real_path
from app.core.syncing import sync, sync_folder

# A backup being written; never listed, and removed if a crash left it.
PARTIAL_SUFFIX = ".partial"


def default_backup_path(journal: Path, reason: str = "", now: dt.datetime | None = None) -> Path:
    """`backups/<journal>-<UTC timestamp>[-reason].kith`, beside the journal."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%d-%H%M%S")
    suffix = f"-{reason}" if reason else ""
    candidate = backups_dir(journal) / f"{journal.stem}-{stamp}{suffix}{JOURNAL_SUFFIX}"
    counter = 2
    while candidate.exists():
        candidate = candidate.with_name(f"{journal.stem}-{stamp}{suffix}-{counter}{JOURNAL_SUFFIX}")
        counter += 1
    return candidate


def backup_file(
    journal: Path, out: Path | None = None, reason: str = "", *, key: str | None = None
) -> Path:
    """Write a verified copy of `journal` to `out` (default: the backups folder).

    `key` is the passphrase of an encrypted journal; its backup is encrypted too.
    """
    # Absolute paths: the copy is read back through a file: URI, which must be absolute.
    journal = real_path(journal)
    destination = (
        Path(out).expanduser().absolute()
        if out is not None
        else default_backup_path(journal, reason)
    )
    if destination.exists() or destination.is_symlink():
        raise JournalExistsError(f"{destination} already exists; Kith will not overwrite it.")
    # Written under a temporary name, synced and verified, and only then given its
    # name: a backup cut short by a crash never looks like a backup.
    partial = destination.with_name(destination.name + PARTIAL_SUFFIX)
    try:
        make_private_folder(destination.parent)
        for side in ("", "-journal", "-wal", "-shm"):
            Path(f"{partial}{side}").unlink(missing_ok=True)  # an earlier crash's
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        os.close(fd)
    except OSError as error:
        raise JournalAccessError(
            f"Kith cannot write the backup {destination}: {error.strerror}."
        ) from error
    try:
        with _refusals_as_sentences(destination, "the backup was not written"):
            _copy(journal, partial, journal_mode="DELETE", key=key)
            verdict = verdict_of(partial, key)
        if verdict != "ok":
            raise JournalDamagedError(
                f"The backup {destination} failed its check ({verdict}), so it was not "
                "kept; the journal itself may be damaged (see `kith check`)."
            )
        try:
            with contextlib.suppress(OSError):  # best effort, as before the link
                sync(partial)
            os.link(partial, destination)  # never over a file that appeared meanwhile
        except FileExistsError as error:
            raise JournalExistsError(
                f"{destination} already exists; Kith will not overwrite it."
            ) from error
        except OSError as error:
            raise JournalAccessError(
                f"Kith cannot write the backup {destination}: {error.strerror}."
            ) from error
        sync_folder(destination.parent)
    finally:
        for side in ("", "-journal", "-wal", "-shm"):
            Path(f"{partial}{side}").unlink(missing_ok=True)
    return destination


@contextlib.contextmanager
def _refusals_as_sentences(path: Path, outcome: str) -> Iterator[None]:
    """SQLite's (or SQLCipher's) refusal to write, a full disk above all, as one
    sentence (JournalAccessError) instead of a driver error."""
    try:
        with cipher.as_sqlite3_errors():
            yield
    except sqlite3.OperationalError as error:
        if "malformed" in str(error) or "not a database" in str(error):
            raise _damaged(error, outcome) from error
        raise access_error(path, error, outcome, "the journal itself is as it was") from error
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        raise _damaged(error, outcome) from error


def _damaged(error: Exception, outcome: str) -> JournalDamagedError:
    return JournalDamagedError(
        f"SQLite cannot read all of the journal ({error}), so {outcome}; it is damaged: "
        "restore it from a backup (`kith backups`, `kith restore BACKUP`)."
    )


def restore_file(
    backup: Path, journal: Path, *, key: str | None = None, backup_key: str | None = None
) -> None:
    """Copy a backup's content back over a journal (the caller holds its lock).

    `key` is the passphrase of an encrypted journal or backup; `backup_key` the
    backup's, when it differs (a backup taken before `kith rekey`). The journal keeps
    its own form: a plain backup restored into an encrypted journal is encrypted.
    """
    backup, journal = Path(backup).absolute(), Path(journal).absolute()
    with _refusals_as_sentences(journal, "nothing was restored"):
        verdict = verdict_of(backup, backup_key or key)
        if verdict != "ok":
            raise JournalDamagedError(
                f"The backup {backup} is damaged ({verdict}); nothing restored."
            )
        _copy(backup, journal, journal_mode="WAL", key=key, source_key=backup_key)


def _copy(
    source: Path,
    destination: Path,
    journal_mode: str,
    key: str | None = None,
    source_key: str | None = None,
) -> None:
    """Copy `source` onto `destination`; `source_key` opens the source when it is not `key`."""
    encrypted = cipher.is_encrypted(source)
    new_file = not destination.exists() or destination.stat().st_size == 0
    if new_file or encrypted == cipher.is_encrypted(destination):
        if encrypted:
            _copy_encrypted(source, destination, journal_mode, key, new_file, source_key)
            return
        with (
            contextlib.closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as src,
            contextlib.closing(sqlite3.connect(destination)) as dst,
        ):
            # Out of WAL first: in WAL mode SQLite cannot take on the page size of a
            # backup made with another one (it calls the journal read-only then).
            dst.execute("PRAGMA journal_mode = DELETE")
            src.backup(dst)
            # A backup is a single file (DELETE): no WAL beside it to lose or leave
            # behind. A restored journal goes back to WAL.
            dst.execute(f"PRAGMA journal_mode = {journal_mode}")
        return
    _copy_across(source, destination, journal_mode, key, source_key)


def _copy_encrypted(
    source: Path,
    destination: Path,
    journal_mode: str,
    key: str | None,
    new_file: bool,
    source_key: str | None = None,
) -> None:
    """Encrypted to encrypted, with the backup API. A new copy takes the source's salt,
    so one key derivation serves both and the copy opens with the same passphrase."""
    key = key or source_key
    if key is None:
        raise cipher.passphrase_needed(source)
    salt = cipher.read_salt(source)
    raw = cipher.derive_key(source_key or key, salt)
    target_salt = salt if new_file else cipher.read_salt(destination)
    same = target_salt == salt and source_key in (None, key)
    target_raw = raw if same else cipher.derive_key(key, target_salt)
    src = cipher.connect(source, raw, read_only=True)
    try:
        cipher.check_key(src, source)
        dst = cipher.connect(destination, target_raw, salt=target_salt if new_file else None)
        try:
            if not new_file:
                cipher.check_key(dst, destination)
            src.backup(dst)
            dst.execute(f"PRAGMA journal_mode = {journal_mode}")
        finally:
            dst.close()
    finally:
        src.close()


def _copy_across(
    source: Path,
    destination: Path,
    journal_mode: str,
    key: str | None,
    source_key: str | None = None,
) -> None:
    """A plain backup into an encrypted journal, or the other way round: SQLCipher's
    export into a scratch file of the journal's form, then the backup API from it."""
    scratch = destination.with_name(destination.name + ".restoring")
    scratch.unlink(missing_ok=True)
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        if cipher.is_encrypted(source):
            if (source_key or key) is None:
                raise cipher.passphrase_needed(source)
            src = cipher.connect(
                source,
                cipher.derive_key(str(source_key or key), cipher.read_salt(source)),
                read_only=True,
            )
            target_key = ""
        else:
            if key is None:
                raise cipher.passphrase_needed(destination)
            src = cipher.connect(source, None, read_only=True)
            salt = cipher.read_salt(destination)
            target_key = cipher.key_literal(cipher.derive_key(key, salt), salt)
        try:
            cipher.check_key(src, source)
            cipher.export(src, scratch, target_key)
        finally:
            src.close()
        _copy(scratch, destination, journal_mode, key)
    finally:
        scratch.unlink(missing_ok=True)


def verdict_of(path: Path, key: str | None = None) -> str:
    """'ok', or the first problems SQLite's full checks find in the file at `path`:
    `integrity_check` (pages, indexes, CHECK and NOT NULL) and `foreign_key_check`.

    Through a writable connection, which writes nothing: on a read-only one SQLite
    skips the CHECK constraints.
    """
    with contextlib.closing(cipher.open_keyed(path, key, read_only=False)) as raw:
        return verdict_of_connection(raw)


def verdict_of_connection(raw: sqlite3.Connection) -> str:
    """`verdict_of` on an open connection (a writable one, or CHECK goes unchecked).

    A file too damaged to be checked at all is a verdict too ("SQLite cannot read…").
    """
    lenient = isinstance(raw, sqlite3.Connection)
    before = raw.text_factory if lenient else None
    if lenient:
        # Damage may leave bytes that are not UTF-8 in what the check reports.
        raw.text_factory = lambda data: data.decode("utf-8", "replace")
    try:
        return _verdict(raw)
    except sqlite3.DatabaseError as error:
        return f"SQLite cannot read all of it ({error})"
    finally:
        if lenient:
            raw.text_factory = before


def _verdict(raw: sqlite3.Connection) -> str:
    rows = raw.execute("PRAGMA integrity_check").fetchmany(5)
    found = [str(r[0]) for r in rows if str(r[0]) != "ok"]
    dangling: dict[tuple[str, str], list[int]] = {}
    for table, rowid, parent, _fk in raw.execute("PRAGMA foreign_key_check").fetchmany(1000):
        dangling.setdefault((str(table), str(parent)), []).append(int(rowid))
    for (table, parent), rows in dangling.items():
        shown = ", ".join(str(r) for r in rows[:5]) + (", …" if len(rows) > 5 else "")
        found.append(
            f"row {shown} of {table} points to a missing row of {parent}"
            if len(rows) == 1
            else f"{len(rows)} rows of {table} ({shown}) point to missing rows of {parent}"
        )
    return "; ".join(found[:10]) or "ok"


@contextlib.contextmanager
def read_only_connection(path: Path, *, key: str | None = None) -> Iterator[sqlite3.Connection]:
    """A DB-API connection that can only read `path` (a journal or one of its backups).

    An encrypted file needs `key`, its passphrase (PassphraseNeededError without
    it, WrongPassphraseError if it does not fit); a plain one ignores it. Errors
    raised through the connection are the standard `sqlite3` ones either way.
    """
    connection = cipher.open_keyed(path, key)
    try:
        yield connection
    finally:
        connection.close()
