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

from app.core.errors import JournalAccessError, JournalDamagedError, JournalExistsError
from app.core.paths import JOURNAL_SUFFIX, backups_dir


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
    journal = Path(journal).absolute()
    destination = (
        Path(out).expanduser().absolute()
        if out is not None
        else default_backup_path(journal, reason)
    )
    if destination.exists():
        raise JournalExistsError(f"{destination} already exists; Kith will not overwrite it.")
    try:
        destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except OSError as error:
        raise JournalAccessError(
            f"Kith cannot write the backup {destination}: {error.strerror}."
        ) from error
    try:
        _copy(journal, destination, journal_mode="DELETE")
        verdict = _integrity(destination)
        if verdict != "ok":
            raise JournalDamagedError(
                f"The backup {destination} failed its integrity check ({verdict}); "
                "the journal itself may be damaged."
            )
    except BaseException:
        destination.unlink(missing_ok=True)
        raise
    return destination


def restore_file(backup: Path, journal: Path, *, key: str | None = None) -> None:
    """Copy a backup's content back over a journal (the caller holds its lock)."""
    verdict = _integrity(backup)
    if verdict != "ok":
        raise JournalDamagedError(f"The backup {backup} is damaged ({verdict}); nothing restored.")
    _copy(backup, journal, journal_mode="WAL")


def _copy(source: Path, destination: Path, journal_mode: str) -> None:
    with (
        contextlib.closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as src,
        contextlib.closing(sqlite3.connect(destination)) as dst,
    ):
        src.backup(dst)
        # A backup is a single file (DELETE): no WAL beside it to lose or leave
        # behind. A restored journal goes back to WAL.
        dst.execute(f"PRAGMA journal_mode = {journal_mode}")


def _integrity(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as raw:
        rows = raw.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(r[0]) for r in rows[:5])


@contextlib.contextmanager
def read_only_connection(path: Path, *, key: str | None = None) -> Iterator[sqlite3.Connection]:
    """A DB-API connection that can only read `path` (a journal or one of its backups)."""
    connection = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()
