"""Opening, refusing, locking and backing up a journal file, as a user meets them."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import exc, select

from app.core import backup, migrate, store
from app.core.enums import Direction, Expectation, Tie
from app.core.errors import (
    JournalDamagedError,
    JournalExistsError,
    JournalLockedError,
    JournalTooNewError,
    KithError,
    NotAJournalError,
)
from app.core.lock import JournalLock, lock_path_for
from app.core.models import Contact, Favor
from app.core.store import Journal, create_journal, open_journal

REPO = Path(__file__).resolve().parents[1]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _snapshot(path: Path) -> tuple[bytes, int]:
    """What a user would call 'my file': its bytes and its modification time."""
    return path.read_bytes(), path.stat().st_mtime_ns


def _add_people(journal: Journal) -> None:
    now = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)
    with journal.session() as session:
        ada = Contact(name="Ada Lovelace", tie=Tie.FRIEND, created_at=now, notes="chess")
        zoe = Contact(name="Zoë Ørsted", tie=Tie.KIN, created_at=now)
        session.add_all([ada, zoe])
        session.flush()
        session.add(
            Favor(
                contact_id=ada.id,
                direction=Direction.GIVEN,
                occurred_on=dt.date(2024, 4, 30),
                description="lent a book",
                weight=2,
                expectation=Expectation.IMPLICIT,
            )
        )


def _names(journal: Journal) -> list[str]:
    with journal.session() as session:
        return list(session.scalars(select(Contact.name).order_by(Contact.id)))


@pytest.fixture
def closed_journal(journal_path: Path) -> Path:
    """A real journal with a few rows, closed, as it sits on disk between sessions."""
    with create_journal(journal_path) as journal:
        _add_people(journal)
    return journal_path


# --- a new journal -------------------------------------------------------------------------


def test_new_journal_and_the_folder_kith_made_for_it_are_private(
    tmp_path: Path, journal: Journal
) -> None:
    assert journal.path == tmp_path / "journals" / "test.kith"
    assert _mode(journal.path) == 0o600
    assert _mode(journal.path.parent) == 0o700


def test_new_journal_is_marked_as_a_kith_journal_in_wal_mode(journal: Journal) -> None:
    with journal.engine.connect() as connection:
        app_id = connection.exec_driver_sql("PRAGMA application_id").scalar()
        journal_mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    assert app_id == store.APPLICATION_ID
    assert journal.path.read_bytes()[68:72] == b"Kith"
    assert journal_mode == "wal"


def test_new_journal_is_at_the_latest_schema(journal: Journal) -> None:
    assert store.stored_revision(journal.path) == migrate.head_revision()


def test_every_pooled_connection_enforces_references_and_syncs_each_commit(
    journal: Journal,
) -> None:
    with journal.engine.connect() as first, journal.engine.connect() as second:
        assert first.connection.dbapi_connection is not second.connection.dbapi_connection
        for connection in (first, second):
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
            assert pragma("PRAGMA busy_timeout").scalar() > 0


def test_a_favor_for_nobody_is_refused_by_the_journal(journal: Journal) -> None:
    with pytest.raises(exc.IntegrityError), journal.session() as session:
        session.add(
            Favor(
                contact_id=999,
                direction=Direction.RECEIVED,
                occurred_on=dt.date(2024, 1, 1),
                weight=1,
                expectation=Expectation.NONE,
            )
        )


# --- refusals -----------------------------------------------------------------------------


def _random_bytes(folder: Path, real: Path) -> Path:
    path = folder / "noise.kith"
    path.write_bytes(random.Random(7).randbytes(8192))
    return path


def _cut_to_half(folder: Path, real: Path) -> Path:
    path = folder / "half.kith"
    data = real.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _cut_inside_header(folder: Path, real: Path) -> Path:
    path = folder / "stub.kith"
    path.write_bytes(real.read_bytes()[:64])
    return path


def _other_programs_database(folder: Path, real: Path) -> Path:
    path = folder / "recipes.db"
    with contextlib.closing(sqlite3.connect(path)) as raw:
        raw.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
        raw.execute("INSERT INTO recipes (title) VALUES ('bread')")
        raw.commit()
    return path


def _empty_file(folder: Path, real: Path) -> Path:
    path = folder / "empty.kith"
    path.touch()
    return path


def _from_a_newer_kith(folder: Path, real: Path) -> Path:
    path = folder / "newer.kith"
    path.write_bytes(real.read_bytes())
    with contextlib.closing(sqlite3.connect(path)) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
        raw.commit()
    return path


Refused = Callable[[Path, Path], Path]

REFUSALS: list[tuple[Refused, type[KithError], str, bool]] = [
    # (how the file is made, the error, words the user reads, refused before locking?)
    (_random_bytes, NotAJournalError, "is not a Kith journal", True),
    (_cut_to_half, JournalDamagedError, "is damaged and cannot be opened safely", False),
    (_cut_inside_header, JournalDamagedError, "is cut short", True),
    (_other_programs_database, NotAJournalError, "database of another program", True),
    (_empty_file, NotAJournalError, "is an empty file", True),
    (_from_a_newer_kith, JournalTooNewError, "written by a newer version of Kith", False),
]


@pytest.mark.parametrize(
    ("make", "error", "words", "before_lock"),
    REFUSALS,
    ids=[make.__name__.strip("_") for make, *_ in REFUSALS],
)
def test_a_file_kith_cannot_use_is_refused_and_left_untouched(
    tmp_path: Path,
    closed_journal: Path,
    make: Refused,
    error: type[KithError],
    words: str,
    before_lock: bool,
) -> None:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    path = make(folder, closed_journal)
    before = _snapshot(path)

    with pytest.raises(error) as refused:
        open_journal(path)

    message = str(refused.value)
    assert words in message
    assert str(path) in message
    assert "Traceback" not in message
    assert _snapshot(path) == before
    if before_lock:
        assert not lock_path_for(path).exists()
    else:
        # Refused after locking: the lock was let go, so nothing stays "open".
        JournalLock(path).release()


def test_damaged_and_too_new_journals_point_the_user_somewhere(
    tmp_path: Path, closed_journal: Path
) -> None:
    with pytest.raises(JournalDamagedError, match="Restore it from a backup"):
        open_journal(_cut_to_half(tmp_path, closed_journal))
    with pytest.raises(JournalTooNewError, match="Update Kith to open it"):
        open_journal(_from_a_newer_kith(tmp_path, closed_journal))


def test_a_missing_journal_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "journal.kith"
    with pytest.raises(NotAJournalError, match="does not exist"):
        open_journal(path)
    assert not path.exists()
    assert not path.parent.exists()


def test_a_folder_is_refused_as_a_journal(tmp_path: Path) -> None:
    folder = tmp_path / "journal.kith"
    folder.mkdir()
    (folder / "inside.txt").write_text("mine")
    mtime = folder.stat().st_mtime_ns

    with pytest.raises(NotAJournalError, match="is a folder"):
        open_journal(folder)

    assert sorted(p.name for p in folder.iterdir()) == ["inside.txt"]
    assert folder.stat().st_mtime_ns == mtime
    assert not lock_path_for(folder).exists()


# --- one Kith at a time ---------------------------------------------------------------------


def test_a_journal_open_in_one_window_is_refused_in_another_until_closed(
    journal: Journal,
) -> None:
    with pytest.raises(JournalLockedError, match="already open in another Kith window"):
        open_journal(journal.path)

    journal.close()
    with open_journal(journal.path) as again:
        assert again.path == journal.path


_CRASHING_KITH = textwrap.dedent(
    """
    import datetime as dt, os, signal, sys
    from app.core.enums import Tie
    from app.core.models import Contact
    from app.core.store import open_journal

    journal = open_journal(sys.argv[1])
    with journal.session() as session:
        session.add(Contact(name="Saved before the crash", tie=Tie.FRIEND,
                            created_at=dt.datetime.now(dt.UTC)))
    print("holding the journal", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_journal_left_by_a_crashed_kith_opens_with_what_it_saved(closed_journal: Path) -> None:
    crashed = subprocess.run(
        [sys.executable, "-c", _CRASHING_KITH, str(closed_journal)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    assert "holding the journal" in crashed.stdout
    assert not lock_path_for(closed_journal).exists()  # the lock is on the file: nothing left

    with open_journal(closed_journal) as journal:
        assert _names(journal) == ["Ada Lovelace", "Zoë Ørsted", "Saved before the crash"]
        assert store.integrity_check(journal) == "ok"


# --- never overwrite ----------------------------------------------------------------------


def test_creating_a_journal_over_an_existing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "letters.kith"
    path.write_text("Dear diary, please do not overwrite me.\n")
    before = _snapshot(path)

    with pytest.raises(JournalExistsError, match="already exists; Kith will not overwrite it"):
        create_journal(path)
    with pytest.raises(NotAJournalError):
        open_journal(path, create=True)

    assert _snapshot(path) == before


def test_creating_a_journal_over_an_existing_journal_keeps_its_rows(closed_journal: Path) -> None:
    before = _snapshot(closed_journal)
    with pytest.raises(JournalExistsError, match="will not overwrite"):
        create_journal(closed_journal)
    assert _snapshot(closed_journal) == before
    with open_journal(closed_journal) as journal:
        assert _names(journal) == ["Ada Lovelace", "Zoë Ørsted"]


# --- backups ------------------------------------------------------------------------------


def test_backup_of_an_open_journal_is_private_beside_it_and_holds_the_same_rows(
    journal: Journal,
) -> None:
    _add_people(journal)

    copy = backup.backup_file(journal.path)

    assert copy.parent == journal.path.parent / "backups"
    assert copy.suffix == ".kith"
    assert _mode(copy) == 0o600
    assert _mode(copy.parent) == 0o700
    with open_journal(copy) as restored:
        assert _names(restored) == ["Ada Lovelace", "Zoë Ørsted"]
        with restored.session() as session:
            assert session.scalars(select(Favor.description)).all() == ["lent a book"]
        assert store.integrity_check(restored) == "ok"


def test_two_backups_in_a_row_do_not_overwrite_each_other(journal: Journal) -> None:
    first = backup.backup_file(journal.path)
    second = backup.backup_file(journal.path)
    assert first != second
    assert first.exists()
    assert second.exists()


def test_backup_refuses_to_overwrite_an_existing_file(tmp_path: Path, journal: Journal) -> None:
    out = tmp_path / "keep-me.kith"
    out.write_bytes(b"an older backup the user cares about")
    before = _snapshot(out)

    with pytest.raises(JournalExistsError, match="already exists; Kith will not overwrite it"):
        backup.backup_file(journal.path, out)

    assert _snapshot(out) == before


def test_backup_written_where_the_user_asked_opens_as_a_journal(
    tmp_path: Path, journal: Journal
) -> None:
    _add_people(journal)
    out = tmp_path / "usb-stick" / "copy.kith"

    written = backup.backup_file(journal.path, out)

    assert written == out
    assert _mode(out) == 0o600
    assert not Path(f"{out}-wal").exists()  # a single, self-contained file
    with open_journal(out) as copy:
        assert _names(copy) == ["Ada Lovelace", "Zoë Ørsted"]


@pytest.mark.parametrize("folder", ["what?", "100% sure", "a%20b", "Zoë's #1 journal"])
def test_a_journal_in_a_folder_with_odd_characters_keeps_its_rows_in_that_file(
    tmp_path: Path, folder: str
) -> None:
    path = tmp_path / folder / "journal.kith"
    with create_journal(path) as journal:
        _add_people(journal)
        backup.backup_file(journal.path)

    with open_journal(path) as journal:
        assert _names(journal) == ["Ada Lovelace", "Zoë Ørsted"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "backups",
        "journal.kith",
    ]


def test_backup_to_a_relative_path_lands_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, journal: Journal
) -> None:
    _add_people(journal)
    monkeypatch.chdir(tmp_path)

    written = backup.backup_file(journal.path, Path("copy.kith"))

    assert written == tmp_path / "copy.kith"
    assert store.stored_revision(Path("copy.kith")) == migrate.head_revision()
    with open_journal(written) as copy:
        assert _names(copy) == ["Ada Lovelace", "Zoë Ørsted"]
