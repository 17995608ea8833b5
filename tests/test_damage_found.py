"""Issue 20, items 8, 9, 13-17: damage is found and named, busy is not damaged, and
no damaged file makes Kith crash or hang."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.core import backup, wal
from app.core.backup_restore import restore
from app.core.demo import generate_demo
from app.core.errors import JournalDamagedError, JournalLockedError, NotAJournalError
from app.core.models import UNREADABLE_MOMENT, Contact
from app.core.paths import backups_dir
from app.core.store import open_journal

REPO = Path(__file__).resolve().parents[1]


def _kith(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def demo(journal_path: Path) -> Path:
    generate_demo(journal_path, contacts=6, events=60, seed=3)
    return journal_path


def _damage(path: Path, *statements: str) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute("PRAGMA ignore_check_constraints = ON")
        for statement in statements:
            raw.execute(statement)
    raw.close()


# --- 8. the full checks -----------------------------------------------------------------------


def test_check_names_a_check_constraint_a_dangling_key_and_a_garbage_date(demo: Path) -> None:
    _damage(
        demo,
        "UPDATE contacts SET tie = 'stranger' WHERE id = 1",
        "DELETE FROM contacts WHERE id = (SELECT max(contact_id) FROM favors)",
        "UPDATE contacts SET created_at = 'garbage' WHERE id = 2",
    )
    result = _kith("--journal", str(demo), "check")
    assert result.returncode == 6, result.stdout + result.stderr
    out = result.stdout
    assert "CHECK constraint failed in contacts" in out
    assert "of favors" in out and "missing row" in out
    assert "contacts row 2: created_at 'garbage' is not a date and time" in out
    assert "Traceback" not in result.stderr


def test_a_backup_of_a_journal_failing_its_checks_is_refused(demo: Path) -> None:
    _damage(demo, "DELETE FROM contacts WHERE id = (SELECT contact_id FROM favors LIMIT 1)")
    with open_journal(demo) as journal, pytest.raises(JournalDamagedError, match="missing row"):
        backup.backup_file(journal.path)
    assert list(backups_dir(demo).iterdir()) == []


def test_a_garbage_timestamp_reads_as_unreadable_instead_of_crashing(demo: Path) -> None:
    _damage(demo, "UPDATE contacts SET created_at = '2026-02-30 99:00:00' WHERE id = 2")
    with open_journal(demo) as journal, journal.session() as session:
        stamps = {c.id: c.created_at for c in session.query(Contact)}
    assert stamps[2] == UNREADABLE_MOMENT


def test_a_missing_table_is_refused_at_open_with_its_name_by_every_command(demo: Path) -> None:
    _damage(demo, "DROP TABLE prompts")
    for command in (["check"], ["prompts"], ["export", "--out", str(demo.parent / "x")]):
        result = _kith("--journal", str(demo), *command)
        assert result.returncode == 6, (command, result.stderr)
        assert "table prompts is missing" in result.stderr
        assert len(result.stderr.splitlines()) == 1


# --- 9. a damaged -wal ------------------------------------------------------------------------

_SAVE_THEN_DIE = textwrap.dedent(
    """
    import datetime as dt, os, signal, sys
    from app.core.enums import Tie
    from app.core.models import Contact
    from app.core.store import open_journal

    journal = open_journal(sys.argv[1])
    for n in range(3):
        with journal.session() as session:
            session.add(Contact(name=f"Only in the log {n}", tie=Tie.FRIEND,
                                created_at=dt.datetime.now(dt.UTC)))
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def _crash_with_a_log(path: Path) -> Path:
    died = subprocess.run(
        [sys.executable, "-c", _SAVE_THEN_DIE, str(path)], cwd=REPO, timeout=60, check=False
    )
    assert died.returncode == -signal.SIGKILL
    log = Path(f"{path}-wal")
    assert log.stat().st_size > 32
    return log


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_whole_log_replays_without_a_word(demo: Path) -> None:
    log = _crash_with_a_log(demo)
    state = wal.read_state(log)
    assert state is not None and not state.loses_saves and state.replayed == state.frames
    with open_journal(demo) as journal:
        assert journal.notices == ()
        with journal.session() as session:
            assert session.query(Contact).filter(Contact.name.like("Only in the log%")).count() == 3


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_damaged_log_is_kept_and_the_lost_saves_are_told(demo: Path) -> None:
    log = _crash_with_a_log(demo)
    data = bytearray(log.read_bytes())
    data[32 + 24 + 100] ^= 0xFF  # a byte of the first frame's page
    log.write_bytes(bytes(data))
    state = wal.read_state(log)
    assert state is not None and state.loses_saves
    with open_journal(demo) as journal:
        (notice,) = journal.notices
    assert "could not be brought back" in notice
    kept = [p.name for p in backups_dir(demo).iterdir()]
    assert any(name.endswith("-damaged-log.kith") for name in kept)
    assert any(name.endswith("-damaged-log.kith-wal") for name in kept)
    (copy_log,) = [p for p in backups_dir(demo).iterdir() if p.name.endswith("-wal")]
    assert copy_log.read_bytes() == bytes(data)


# --- 16, 17. pipes hang nothing; busy is not damaged -----------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes are POSIX")
def test_a_named_pipe_at_the_journal_path_is_refused_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.kith"
    os.mkfifo(pipe)
    with pytest.raises(NotAJournalError, match="not a regular file"):
        open_journal(pipe)
    result = _kith("--journal", str(pipe), "check")
    assert result.returncode == NotAJournalError.exit_code
    assert len(result.stderr.splitlines()) == 1


def test_a_journal_locked_by_another_program_is_busy_not_damaged(demo: Path) -> None:
    holder = sqlite3.connect(demo, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    copy = demo.with_name("copy.kith")
    try:
        with pytest.raises(JournalLockedError, match="in use by another program"):
            open_journal(demo)
        generate_demo(copy, contacts=2, events=4, seed=1)
        with pytest.raises(JournalLockedError, match="in use by another program"):
            restore(demo, copy)
    finally:
        holder.close()
    assert not backups_dir(demo).exists() or not any(backups_dir(demo).iterdir())


@pytest.mark.parametrize("kind", ["folder", "symlink"])
def test_a_log_that_is_a_folder_or_a_link_is_named_not_called_damage(demo: Path, kind: str) -> None:
    log = Path(f"{demo}-wal")
    if kind == "folder":
        log.mkdir()
    else:
        log.symlink_to(demo.parent / "elsewhere")
    result = _kith("--journal", str(demo), "check")
    assert result.returncode == 10, result.stderr
    assert "should be SQLite's log of the journal" in result.stderr
    assert "damaged" not in result.stderr


# --- 13, 18. text that is not UTF-8; a backup with another page size ----------------------


def test_text_that_is_not_utf8_is_named_by_check_and_refused_clearly_by_export(
    demo: Path,
) -> None:
    _damage(demo, "UPDATE contacts SET name = CAST(x'416461ff' AS TEXT) WHERE id = 2")
    checked = _kith("--journal", str(demo), "check")
    assert checked.returncode == 6
    assert "contacts row 2: name holds text that is not UTF-8" in checked.stdout
    exported = _kith("--journal", str(demo), "export", "--out", str(demo.parent / "out"))
    assert exported.returncode == 6
    assert exported.stderr.startswith("kith: Some text in the journal is not readable")
    assert "anon_1" not in exported.stderr and "json_group_array" not in exported.stderr
    assert len(exported.stderr.splitlines()) == 1


def test_a_schema_that_is_not_utf8_is_damage_and_restore_still_works(demo: Path) -> None:
    good = backup.backup_file(demo, demo.parent / "good.kith")
    with sqlite3.connect(demo) as raw:
        raw.execute("PRAGMA writable_schema = ON")
        raw.execute(
            "UPDATE sqlite_master SET sql = CAST(sql || x'ff' AS TEXT) WHERE name = 'prompts'"
        )
    raw.close()
    for command in (["check"], ["prompts"]):
        result = _kith("--journal", str(demo), *command)
        assert result.returncode == 6, result.stderr
        assert "Traceback" not in result.stderr
    restored = _kith("--journal", str(demo), "restore", str(good))
    assert restored.returncode == 0, restored.stderr
    assert _kith("--journal", str(demo), "check").returncode == 0


def test_a_backup_with_another_page_size_restores(demo: Path, tmp_path: Path) -> None:
    other = tmp_path / "big-pages.kith"
    generate_demo(other, contacts=3, events=10, seed=2)
    with sqlite3.connect(other, isolation_level=None) as raw:
        raw.execute("PRAGMA journal_mode = DELETE")
        raw.execute("PRAGMA page_size = 8192")
        raw.execute("VACUUM")
    raw.close()
    result = _kith("--journal", str(demo), "restore", str(other))
    assert result.returncode == 0, result.stderr
    assert _kith("--journal", str(demo), "check").returncode == 0
