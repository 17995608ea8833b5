"""Issue 20, items 1-7: one journal is one file, whatever its names; nothing left
behind in plain text; folders Kith makes are its owner's alone."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.core import backup, cipher, encryption
from app.core.backup_restore import restore
from app.core.backup_rotation import (
    BackupKind,
    Retention,
    backed_up_today,
    list_backups,
    newest_backup,
    rotate,
)
from app.core.errors import JournalLinkedError, JournalLockedError
from app.core.lock import lock_path_for
from app.core.models import Contact
from app.core.paths import backups_dir
from app.core.store import Journal, create_journal, open_journal

REPO = Path(__file__).resolve().parents[1]
PASSPHRASE = "correct horse"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links and modes")


@pytest.fixture(autouse=True)
def quick_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cipher, "KDF_ITERATIONS", 2_000)


def _add(journal: Journal, name: str) -> None:
    import datetime as dt

    from app.core.enums import Tie

    with journal.session() as session:
        session.add(Contact(name=name, tie=Tie.FRIEND, created_at=dt.datetime.now(dt.UTC)))


def _names(journal: Journal) -> list[str]:
    with journal.session() as session:
        return sorted(c.name for c in session.query(Contact))


def _kith(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def closed(journal_path: Path) -> Path:
    with create_journal(journal_path) as journal:
        _add(journal, "Ada")
    return journal_path


# --- 1. two names for one journal --------------------------------------------------------------


def test_a_journal_with_a_second_hard_link_is_refused_by_either_name(closed: Path) -> None:
    twin = closed.with_name("twin.kith")
    os.link(closed, twin)
    before = closed.read_bytes()
    for name in (closed, twin):
        with pytest.raises(JournalLinkedError, match="hard links") as refused:
            open_journal(name)
        assert len(str(refused.value).splitlines()) == 1
    assert closed.read_bytes() == before
    assert JournalLinkedError.exit_code == 21


def test_a_symlink_to_an_open_journal_meets_its_lock_and_names_the_real_file(
    closed: Path, tmp_path: Path
) -> None:
    link = tmp_path / "elsewhere.kith"
    link.symlink_to(closed)
    with open_journal(closed), pytest.raises(JournalLockedError):
        open_journal(link)
    with open_journal(link) as journal:
        assert journal.path == closed  # SQLite's -wal goes beside the real file
        _add(journal, "Through the link")
    assert not Path(f"{link}-wal").exists()
    with open_journal(closed) as journal:
        assert _names(journal) == ["Ada", "Through the link"]


def test_deleting_the_lock_file_does_not_let_a_second_kith_in(closed: Path) -> None:
    with open_journal(closed):
        lock_path_for(closed).unlink(missing_ok=True)  # the old way of breaking in
        with pytest.raises(JournalLockedError):
            open_journal(closed)


# --- 2. conversions hold the lock from start to swap ------------------------------------------


def test_no_kith_opens_the_journal_while_it_is_being_encrypted(closed: Path) -> None:
    refused: list[float] = []

    def meanwhile(fraction: float) -> None:
        if fraction < 1.0:
            with pytest.raises(JournalLockedError):
                open_journal(closed)
            refused.append(fraction)

    encryption.encrypt_journal(closed, PASSPHRASE, progress=meanwhile)
    assert refused == [0.1, 0.6, 0.8]
    with open_journal(closed, key=PASSPHRASE) as journal:
        assert _names(journal) == ["Ada"]


def test_encrypting_a_journal_open_elsewhere_is_refused(closed: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.kith"
    link.symlink_to(closed)
    with open_journal(closed) as journal:
        with pytest.raises(JournalLockedError):
            encryption.encrypt_journal(link, PASSPHRASE)
        _add(journal, "Saved while refused")
    with open_journal(closed) as journal:
        assert _names(journal) == ["Ada", "Saved while refused"]


def test_a_restore_holds_the_lock(closed: Path) -> None:
    copy = backup.backup_file(closed)
    with open_journal(closed), pytest.raises(JournalLockedError):
        restore(closed, copy)


# --- 3. a backup cut short never counts as good --------------------------------------------


def _cut(path: Path, keep: int) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:keep])


def test_a_backup_cut_short_is_not_todays_backup_nor_the_newest_nor_kept(closed: Path) -> None:
    import datetime as dt

    day = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)
    with open_journal(closed) as journal:
        good = rotate(journal, now=day - dt.timedelta(days=1), tz=dt.UTC).written
        cut = rotate(journal, now=day, tz=dt.UTC).written
        assert good is not None and cut is not None
        _cut(cut, 4096)  # as a crash of an older Kith left it
        assert not backed_up_today(closed, day, dt.UTC)
        assert newest_backup(closed) is not None
        assert newest_backup(closed).path == good  # type: ignore[union-attr]
        again = rotate(journal, Retention(daily=1, weekly=0, monthly=0), now=day, tz=dt.UTC)
    assert again.written is not None  # today's backup is taken after all
    assert cut.exists() and cut not in again.removed  # kept, and named as damaged:
    (listed,) = [b for b in list_backups(closed) if b.path == cut]
    assert listed.problem is not None and "cut short" in listed.problem
    assert listed.kind is BackupKind.DAILY


def test_a_backup_is_written_under_a_temporary_name_and_none_is_left_on_failure(
    closed: Path,
) -> None:
    import sqlite3

    with sqlite3.connect(closed) as raw:  # a row its CHECK refuses, as damage would leave
        raw.execute("PRAGMA ignore_check_constraints = ON")
        raw.execute("UPDATE contacts SET tie = 'stranger'")
    with pytest.raises(Exception, match="failed its check"):
        backup.backup_file(closed)
    assert list(backups_dir(closed).iterdir()) == []


# --- 4. a lock file that is a symlink ------------------------------------------------------------


def test_a_symlinked_lock_file_is_never_written_through(closed: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    lock_path_for(closed).symlink_to(victim)
    result = _kith("--journal", str(closed), "check")
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "precious"


# --- 5. encrypting through a link ------------------------------------------------------------


def test_encrypt_through_a_symlink_encrypts_the_real_file(closed: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.kith"
    link.symlink_to(closed)
    done = encryption.encrypt_journal(link, PASSPHRASE)
    assert link.is_symlink()
    assert cipher.is_encrypted(closed)
    assert done.path == closed
    assert b"Ada" not in closed.read_bytes()


# --- 6. an interrupted decrypt's plaintext is removed at the next open -------------------


def test_a_leftover_scratch_copy_is_removed_at_open_and_the_open_says_so(closed: Path) -> None:
    scratch = closed.with_name(closed.name + ".converting")
    scratch.write_bytes(closed.read_bytes())  # plaintext, as a killed decrypt leaves it
    result = _kith("--journal", str(closed), "check")
    assert result.returncode == 0, result.stderr
    assert not scratch.exists()
    assert "removed test.kith.converting" in result.stderr
    assert "Traceback" not in result.stderr


# --- 7. folders Kith makes are owner-only ------------------------------------------------------


def test_folders_made_for_exports_backups_and_restores_are_owner_only(
    closed: Path, tmp_path: Path
) -> None:
    old = os.umask(0)
    try:
        exported = _kith("--journal", str(closed), "export", "--out", str(tmp_path / "a/b/exp"))
        assert exported.returncode == 0, exported.stderr
        written = _kith("--journal", str(closed), "backup", "--out", str(tmp_path / "c/d/b.kith"))
        assert written.returncode == 0, written.stderr
        restore(tmp_path / "e/f/new.kith", tmp_path / "c/d/b.kith")
    finally:
        os.umask(old)
    for folder in ("a", "a/b", "a/b/exp", "c", "c/d", "e", "e/f"):
        assert stat.S_IMODE((tmp_path / folder).stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((tmp_path / "e/f/new.kith").stat().st_mode) == 0o600
