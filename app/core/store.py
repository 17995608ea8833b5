"""Opening a journal file safely: identify it, lock it, check it, migrate it.

A journal is refused, and left byte-for-byte untouched (mtime included), when it
is not a Kith journal, is damaged, was written by a newer Kith, or is already
open. Only then is it locked for writing and, if its schema is older, backed up
and migrated.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from app.core import backup, cipher, migrate, wal
from app.core.errors import (
    JournalAccessError,
    JournalDamagedError,
    JournalExistsError,
    JournalLockedError,
    JournalTooNewError,
    KithError,
    MigrationFailedError,
    access_error,
    not_a_journal,
)
from app.core.lock import JournalLock
from app.core.paths import JOURNAL_SUFFIX, backups_dir, make_private_folder, real_path
from app.core.syncing import sync, sync_folder
from app.core.writable import require_writable

# PRAGMA application_id: the file-format magic that says "this is a Kith journal".
APPLICATION_ID = 0x4B697468  # b"Kith"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100
_APPLICATION_ID_OFFSET = 68
# Files a conversion or a restore writes beside the journal while holding its lock;
# found at the next open, they are leftovers of an interrupted one.
SCRATCH_SUFFIXES = (".converting", ".restoring", ".restoring-new")
_SQLITE_SIDES = ("", "-wal", "-shm", "-journal")
# How long a check waits for another program's SQLite lock before calling the file busy.
_BUSY_SECONDS = 2.0


class Journal:
    """An open, locked journal. Hand it to the services; close it when done."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        lock: JournalLock,
        key: str | None = None,
        notices: tuple[str, ...] = (),
    ) -> None:
        self.path = path
        self.engine = engine
        self._lock = lock
        # Sentences the person should read once the journal is open (leftovers
        # removed, saves a damaged log could not bring back).
        self.notices = notices
        # The passphrase of an encrypted journal, held in memory only (backups need
        # it); None for a plain journal.
        self.key = key
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def name(self) -> str:
        """The journal's name as a person calls it: the file name without `.kith`."""
        return self.path.stem

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed durably on success, rolled back on error.

        A full disk, a read-only file or an I/O failure becomes a JournalAccessError
        with a sentence for the user; what was saved before stays intact.
        """
        try:
            with self._sessions() as session, session.begin():
                yield session
        except OperationalError as error:
            raise access_error(
                self.path, error, "this change was not saved", "nothing already saved was lost"
            ) from error

    def close(self) -> None:
        """Release the file: pending WAL content is checkpointed, the lock dropped."""
        self.engine.dispose()
        self._lock.release()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def create_journal(path: Path) -> Journal:
    """Create a new, empty journal at `path`, private to its owner, at the latest schema.

    Built under a temporary name and given its own only when complete, so a crash
    leaves no half-made journal to block or puzzle the next attempt.
    """
    path = real_path(path)
    if path.exists() or path.is_symlink():
        raise JournalExistsError(f"{path} already exists; Kith will not overwrite it.")
    try:
        make_private_folder(path.parent)
    except OSError as error:
        raise JournalAccessError(
            f"Kith cannot create the folder {path.parent}: {error.strerror}."
        ) from error
    draft = path.with_name(path.name + ".creating")
    lock = _create_draft(draft)
    try:
        try:
            with contextlib.closing(sqlite3.connect(draft)) as raw:
                raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            # Built with a rollback journal, so that every page is in the draft itself
            # (a log left unreplayed by a full disk would be lost with the draft's name).
            _migrate(draft)
            with contextlib.closing(sqlite3.connect(draft)) as raw:
                # WAL is a property of the file: set once here, kept for good.
                if raw.execute("PRAGMA journal_mode = WAL").fetchone() != ("wal",):
                    raise sqlite3.OperationalError("the journal could not be put in WAL mode")
                if raw.execute("PRAGMA quick_check").fetchone() != ("ok",):
                    raise sqlite3.OperationalError("the new journal did not verify")
            if Path(f"{draft}-wal").exists() and Path(f"{draft}-wal").stat().st_size:
                raise sqlite3.OperationalError("database or disk is full")
            sync(draft)
            os.link(draft, path)  # never over a file that appeared meanwhile
        except FileExistsError as error:
            raise JournalExistsError(
                f"{path} already exists; Kith will not overwrite it."
            ) from error
        except (sqlite3.Error, SQLAlchemyError) as error:
            raise _storage_refusal(path, error, _NOT_CREATED, "nothing was written") from error
        except OSError as error:
            if error.errno == errno.ENOSPC:
                raise _storage_refusal(path, error, _NOT_CREATED, "nothing was written") from error
            raise JournalAccessError(f"Kith cannot create {path}: {error.strerror}.") from error
        finally:
            _remove_sides(draft)
        sync_folder(path.parent)
        return Journal(path, _engine(path), lock)
    except BaseException:
        lock.release()
        raise


_NOT_CREATED = "the journal was not created"


# Below this much free space, SQLite's vaguer failures ("disk I/O error", even
# "malformed" from a log it could not grow) are a full disk, not damage.
_NEARLY_FULL = 1024 * 1024


def disk_nearly_full(folder: Path) -> bool:
    """Whether the file system holding `folder` has (almost) no room left."""
    try:
        return shutil.disk_usage(folder).free < _NEARLY_FULL
    except OSError:
        return False


def _storage_refusal(path: Path, error: BaseException, outcome: str, kept: str) -> KithError:
    if disk_nearly_full(path.parent):
        return access_error(path, OSError("database or disk is full"), outcome, kept)
    return access_error(path, error, outcome, kept)


def _create_draft(draft: Path) -> JournalLock:
    """The draft of a new journal, locked; a draft left by a crashed Kith is taken over."""
    for _attempt in range(2):
        try:
            fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            with contextlib.suppress(KithError):
                # Unlocked: nobody is making it any more; a locked one is being made.
                JournalLock(draft).release()
                _remove_sides(draft)
                continue
            raise JournalExistsError(
                f"{draft.with_suffix('')} is being created by another Kith; wait for it."
            ) from None
        except OSError as error:
            raise access_error(draft, error, _NOT_CREATED, "nothing was written") from error
        os.close(fd)
        return JournalLock(draft)
    raise JournalExistsError(f"{draft} is in the way; move it and try again.")


def _remove_sides(path: Path) -> None:
    for side in _SQLITE_SIDES:
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            Path(f"{path}{side}").unlink()


def open_journal(path: Path, *, create: bool = False, key: str | None = None) -> Journal:
    """Open an existing journal (or create it, if `create` and it does not exist).

    `key` is the passphrase of an encrypted journal (ignored for a plain one).
    Raises NotAJournalError, JournalDamagedError, JournalTooNewError,
    JournalLockedError, PassphraseNeededError, WrongPassphraseError or
    EncryptionUnavailableError, each with a sentence for the user, and leaves the
    file untouched when it does.
    """
    path = real_path(path)
    if create and not path.exists():
        return create_journal(path)
    encrypted = identify(path)
    require_writable(path)  # refused now, not at the first save
    raw_key: bytes | None = None
    if encrypted:
        cipher.dbapi(path)  # no SQLCipher: say how to install it, before anything else
        if key is None:
            raise cipher.passphrase_needed(path)
        raw_key = cipher.derive_key(key, cipher.read_salt(path))
    lock = JournalLock(path)
    sides = [Path(f"{path}{side}") for side in ("-wal", "-shm")]
    had = [side.exists() for side in sides]
    try:
        notices = [*remove_scratch(path), *_keep_damaged_log(path)]
        _roll_back_hot_journal(path, raw_key)
        revision = _check_readable(path, raw_key)
        if revision != migrate.head_revision():
            _backup_then_migrate(path, revision, key if encrypted else None, raw_key)
        return Journal(
            path, _engine(path, raw_key=raw_key), lock, key if encrypted else None, tuple(notices)
        )
    except BaseException:
        # A refused journal is left as it was: SQLite's empty log and shared memory,
        # made by the read-only check, go again (never a log that holds anything).
        wal_file, shm = sides
        if not had[0] and wal_file.is_file() and wal_file.stat().st_size == 0:
            wal_file.unlink()
        if not had[1] and not wal_file.exists():
            shm.unlink(missing_ok=True)
        lock.release()
        raise


def _roll_back_hot_journal(path: Path, raw_key: bytes | None) -> None:
    """A rollback journal left by a kill mid-restore: SQLite puts the file back as it
    was on its first writable read; the read-only check would otherwise fail on it."""
    if not Path(f"{path}-journal").exists():
        return
    with contextlib.suppress(sqlite3.DatabaseError, KithError):
        connection = cipher.connect(path, raw_key) if raw_key else sqlite3.connect(path)
        try:
            with cipher.as_sqlite3_errors():
                connection.execute("PRAGMA schema_version").fetchone()
        finally:
            connection.close()


def remove_scratch(path: Path) -> list[str]:
    """Remove what an interrupted conversion or restore left beside the journal.

    Call with the journal's lock held: nobody is writing them then. Returns one
    sentence per file removed (a decrypted scratch copy is plaintext).
    """
    notices = []
    for suffix in SCRATCH_SUFFIXES:
        scratch = path.with_name(path.name + suffix)
        removed = False
        for side in _SQLITE_SIDES:
            leftover = Path(f"{scratch}{side}")
            with contextlib.suppress(FileNotFoundError):
                if leftover.is_dir() and not leftover.is_symlink():
                    continue
                leftover.unlink()
                removed = True
        if removed:
            notices.append(
                f"Kith removed {scratch.name}, left beside the journal by an interrupted "
                "conversion or restore; the journal itself is as it was before it."
            )
    return notices


def _keep_damaged_log(path: Path) -> list[str]:
    """Before SQLite replays the `-wal`, keep journal and log when it would drop saves."""
    log = Path(f"{path}-wal")
    try:
        info = os.lstat(log)
    except FileNotFoundError:
        return []
    if not stat.S_ISREG(info.st_mode):
        raise JournalAccessError(
            f"{log} should be SQLite's log of the journal but is "
            f"{'a folder' if stat.S_ISDIR(info.st_mode) else 'not a regular file'}, so Kith "
            "left the journal closed and untouched. Move it away and open the journal again."
        )
    state = wal.read_state(log)
    if state is None or not state.loses_saves:
        return []
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    copy = backups_dir(path) / f"{path.stem}-{stamp}-damaged-log{JOURNAL_SUFFIX}"
    try:
        make_private_folder(copy.parent)
        for source, target in ((path, copy), (log, Path(f"{copy}-wal"))):
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out, source.open("rb") as data:
                shutil.copyfileobj(data, out)
                out.flush()
                os.fsync(out.fileno())
    except OSError as error:
        raise JournalAccessError(
            f"The log beside {path} is damaged and Kith could not keep a copy of it first "
            f"({error.strerror}), so it left the journal closed and untouched."
        ) from error
    return [
        f"The log of the journal was damaged: {state.lost_commits} of its saves could not "
        f"be brought back ({state.replayed} of {state.frames} pages were). The journal and "
        f"its log as they were are kept at {copy} (and {copy.name}-wal beside it)."
    ]


def identify(path: Path) -> bool:
    """Refuse anything but a Kith journal, reading only the file's first 100 bytes.

    Returns True for a journal Kith encrypted (see app/core/cipher.py for how it is
    recognised); its application_id is checked once it is decrypted.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise not_a_journal(path, "does not exist") from None
    except OSError as error:
        raise JournalAccessError(f"Kith cannot read {path}: {error.strerror}.") from error
    if stat.S_ISDIR(info.st_mode):
        raise not_a_journal(path, "is a folder, not a journal file")
    if not stat.S_ISREG(info.st_mode):
        # A named pipe or a device would hang or stream forever under read().
        raise not_a_journal(path, "is not a regular file (a pipe or a device)")
    try:
        with path.open("rb") as file:
            header = file.read(_HEADER_SIZE)
    except OSError as error:
        raise JournalAccessError(f"Kith cannot read {path}: {error.strerror}.") from error
    if not header:
        # An empty file is never a journal Kith made: Kith writes the header at once.
        raise not_a_journal(path, "is an empty file, not a Kith journal")
    if cipher.is_encrypted_header(header):
        size = path.stat().st_size
        if size < cipher.PAGE_SIZE or size % cipher.PAGE_SIZE:
            raise JournalDamagedError(
                f"{path} is cut short and cannot be read. Restore it from a backup in "
                "the backups folder beside it."
            )
        return True
    if not header.startswith(_SQLITE_MAGIC):
        raise not_a_journal(path, "is not a Kith journal (it is not an SQLite database)")
    if len(header) < _HEADER_SIZE:
        raise JournalDamagedError(
            f"{path} is cut short and cannot be read. Restore it from a backup in "
            "the backups folder beside it."
        )
    app_id = int.from_bytes(header[_APPLICATION_ID_OFFSET : _APPLICATION_ID_OFFSET + 4], "big")
    if app_id != APPLICATION_ID:
        raise not_a_journal(path, "is a database of another program, not a Kith journal")
    return False


def _check_readable(path: Path, raw_key: bytes | None = None) -> str:
    """Integrity and schema revision, through a read-only connection.

    With `raw_key` (an encrypted journal): the key must open the file, and the
    decrypted header must carry Kith's application_id.
    """
    damaged = JournalDamagedError(
        f"{path} is damaged and cannot be opened safely. Restore it from a backup "
        "in the backups folder beside it (see `kith check`)."
    )
    if raw_key is not None:
        row = _check_encrypted(path, raw_key, damaged)
    else:
        try:
            with contextlib.closing(
                sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=_BUSY_SECONDS)
            ) as raw:
                # Damage can put bytes that are not UTF-8 in the schema or in the
                # check's own words: read them, never crash on them.
                raw.text_factory = _lenient_text
                if raw.execute("PRAGMA quick_check").fetchone() != ("ok",):
                    raise damaged
                row = _stored_revision(raw)
                _require_tables(raw, row, path)
        except sqlite3.OperationalError as error:
            raise busy_or(error, path, damaged) from error
        except sqlite3.DatabaseError as error:
            raise busy_or(error, path, damaged) from error
        except UnicodeDecodeError as error:
            raise damaged from error
    if row is None:
        raise damaged
    if not migrate.is_known_revision(row):
        raise JournalTooNewError(
            f"{path} was written by a newer version of Kith. Update Kith to open it; "
            "the file was not changed."
        )
    return row


def _check_encrypted(path: Path, raw_key: bytes, damaged: JournalDamagedError) -> str | None:
    connection = cipher.connect(path, raw_key, read_only=True)
    try:
        cipher.check_key(connection, path)
        with cipher.as_sqlite3_errors():
            app_id = connection.execute("PRAGMA application_id").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise not_a_journal(
                    path, "is an encrypted database of another program, not a Kith journal"
                )
            if connection.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise damaged
            row = _stored_revision(connection)
            _require_tables(connection, row, path)
            return row
    except sqlite3.OperationalError as error:
        raise busy_or(error, path, damaged) from error
    except sqlite3.DatabaseError as error:
        raise busy_or(error, path, damaged) from error
    except UnicodeDecodeError as error:
        raise damaged from error
    finally:
        connection.close()


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _require_tables(raw: Any, revision: str | None, path: Path) -> None:
    """A journal at the latest revision must have every table: a missing one is damage,
    refused here with its name rather than failing in the middle of a command."""
    if revision != migrate.head_revision():
        return  # an older schema: the upgrade makes what it lacks
    from app.core.models import Base

    present = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = sorted(t for t in Base.metadata.tables if t not in present)
    if missing:
        raise JournalDamagedError(
            f"{path} is damaged: its table{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} {'are' if len(missing) > 1 else 'is'} missing. Restore it "
            "from a backup in the backups folder beside it (see `kith backups`)."
        )


def busy_or(error: BaseException, path: Path, otherwise: KithError) -> KithError:
    """Another program's SQLite lock on the file is busy, not damage: say which it is."""
    reason = str(error).lower()
    if disk_nearly_full(path.parent) and "not a database" not in reason:
        # SQLite could not make its shared-memory file or log: no room, not damage.
        return access_error(
            path, OSError("disk is full"), "Kith could not open it", "it is as it was"
        )
    if "locked" in reason or "busy" in reason:
        return JournalLockedError(
            f"{path} is in use by another program (it holds SQLite's lock on the file), "
            "so Kith left it as it was; close that program and try again."
        )
    if "full" in reason:
        return access_error(path, error, "Kith could not open the journal", "it is as it was")
    return otherwise


def _stored_revision(raw: Any) -> str | None:
    try:
        with cipher.as_sqlite3_errors():
            found = raw.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return None if found is None else str(found[0])


def _backup_then_migrate(
    path: Path, revision: str, key: str | None = None, raw_key: bytes | None = None
) -> None:
    reason = f"before-upgrade-from-{revision}"
    copy = backup.backup_file(path, reason=reason, key=key)
    try:
        _migrate(path, raw_key)
    except KithError:
        backup.restore_file(copy, path, key=key)
        _forget_earlier_attempts(path, reason, copy)
        raise
    except Exception as error:
        # DDL runs in one transaction, so a failure rolls back; restoring the copy
        # as well covers anything SQLite could not roll back.
        backup.restore_file(copy, path, key=key)
        _forget_earlier_attempts(path, reason, copy)
        raise MigrationFailedError(
            f"Kith could not upgrade {path} and put it back as it was ({error}). "
            f"A copy is kept at {copy}."
        ) from error


def _forget_earlier_attempts(path: Path, reason: str, kept: Path) -> None:
    """After a failed upgrade, only its own copy stays: a journal Kith could not upgrade
    was never opened since, so copies taken by earlier attempts hold the same content."""
    for older in backups_dir(path).glob(f"{path.stem}-*-{reason}*{JOURNAL_SUFFIX}"):
        if (
            older != kept
            and older.name.removeprefix(f"{path.stem}-")[:15].replace("-", "").isdigit()
        ):
            older.unlink(missing_ok=True)


def _migrate(path: Path, raw_key: bytes | None = None) -> None:
    engine = _engine(path, foreign_keys=False, begin="BEGIN IMMEDIATE", raw_key=raw_key)
    try:
        with engine.connect() as connection, connection.begin():
            migrate.upgrade_to_head(connection)
    finally:
        engine.dispose()


def _engine(
    path: Path, *, foreign_keys: bool = True, begin: str = "BEGIN", raw_key: bytes | None = None
) -> Engine:
    if raw_key is not None:
        # Never the sqlite+pysqlcipher URL: it pastes the passphrase into SQL. The
        # creator keys each connection; `module` makes SQLAlchemy wrap SQLCipher's
        # errors (a full disk, say) as it wraps the standard driver's.
        engine = create_engine(
            "sqlite://",
            module=cipher.dbapi(path),
            creator=lambda: cipher.connect(path, raw_key),
            poolclass=QueuePool,
        )
    else:
        # URL.create, not an f-string: a '?' or '%' in a folder name must stay part of the path.
        engine = create_engine(URL.create("sqlite", database=str(path)))

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN (below) own transactions, so that DDL is
        # transactional too (pysqlite otherwise commits before DDL).
        dbapi_connection.isolation_level = None
        # WAL + synchronous=FULL: a saved entry must survive a power cut.
        dbapi_connection.execute("PRAGMA synchronous = FULL")
        dbapi_connection.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        dbapi_connection.execute("PRAGMA busy_timeout = 5000")
        # Emptied trash really leaves the file; temporary tables never touch disk.
        dbapi_connection.execute("PRAGMA secure_delete = ON")
        dbapi_connection.execute("PRAGMA temp_store = MEMORY")

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine


def stored_revision(path: Path, *, key: str | None = None) -> str | None:
    """The schema revision written in a journal file, read without changing it.

    `key` is the passphrase of an encrypted journal.
    """
    path = real_path(path)
    with contextlib.closing(cipher.open_keyed(path, key)) as raw:
        return _stored_revision(raw)


def integrity_check(journal: Journal) -> str:
    """SQLite's full integrity check: 'ok', or the first problems it found."""
    with journal.engine.connect() as connection:
        rows = connection.execute(text("PRAGMA integrity_check")).scalars().all()
    return "; ".join(str(r) for r in rows[:5])
