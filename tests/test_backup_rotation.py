"""Rotating daily backups, their listing, restore, and the CLI that drives them."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from app.cli import main
from app.core import backup
from app.core.backup_restore import restore
from app.core.backup_rotation import (
    BackupFile,
    BackupKind,
    Retention,
    backup_files,
    list_backups,
    rotate,
    thinning_plan,
)
from app.core.errors import JournalDamagedError, JournalLockedError, NotAJournalError
from app.core.paths import backups_dir
from app.core.records import ContactFields
from app.core.services import contacts, trash
from app.core.store import Journal, create_journal, open_journal

UTC = dt.UTC
# Noon UTC on a Monday: whole-day steps from here never share a day in any time zone.
START = dt.datetime(2025, 1, 6, 12, 0, tzinfo=UTC)


def names(journal: Journal) -> list[str]:
    return [row.name for row in contacts.list_contacts(journal)]


def add(journal: Journal, *people: str) -> None:
    for name in people:
        contacts.add_contact(journal, ContactFields(name))


def dailies(journal_path: Path) -> list[dt.date]:
    return sorted(
        f.taken_at.astimezone(UTC).date()
        for f in backup_files(journal_path)
        if f.kind is BackupKind.DAILY
    )


# ---- rotation ---------------------------------------------------------------------------------


def test_an_empty_journal_is_not_backed_up(journal: Journal) -> None:
    rotation = rotate(journal, now=START)
    assert rotation.written is None and rotation.skipped == "the journal is empty"
    assert backup_files(journal.path) == []


def test_the_daily_backup_is_taken_at_most_once_a_day(journal: Journal) -> None:
    add(journal, "Ana")
    first = rotate(journal, now=START)
    assert first.written is not None and first.written.name.endswith("-daily.kith")
    assert stat.S_IMODE(first.written.stat().st_mode) == 0o600
    later_that_day = rotate(journal, now=START + dt.timedelta(hours=5))
    assert later_that_day.written is None
    assert later_that_day.skipped == "a backup was already taken today"
    next_day = rotate(journal, now=START + dt.timedelta(days=1))
    assert next_day.written is not None
    assert len(dailies(journal.path)) == 2


def test_other_kinds_of_backup_do_not_count_as_today_s_daily_one(journal: Journal) -> None:
    add(journal, "Ana")
    backup.backup_file(journal.path, backup.default_backup_path(journal.path, "", START))
    assert rotate(journal, now=START).written is not None


def test_a_year_of_daily_use_keeps_7_days_4_weeks_and_12_months() -> None:
    present: list[BackupFile] = []
    for day in range(400):  # one backup a day, thinned after each, as rotate() does
        taken = START + dt.timedelta(days=day)
        present.append(BackupFile(Path(f"{taken:%Y%m%d}"), taken, BackupKind.DAILY))
        present, _removed = thinning_plan(present, Retention(), tz=UTC)

    last = (START + dt.timedelta(days=399)).date()
    assert last == dt.date(2026, 2, 9)  # a Monday
    kept = sorted(f.taken_at.date() for f in present)
    last_7_days = [last - dt.timedelta(days=n) for n in range(7)]
    # The newest of each of the last 4 ISO weeks: this week's is today's; the three
    # before end on a Sunday.
    sundays = [dt.date(2026, 1, 25), dt.date(2026, 2, 1), dt.date(2026, 2, 8)]
    # The newest of each of the last 12 months: this month's is today's; the 11 before
    # are their last days.
    month_ends = [dt.date(2025, m + 1, 1) - dt.timedelta(days=1) for m in range(3, 12)]
    month_ends += [dt.date(2025, 12, 31), dt.date(2026, 1, 31)]
    assert kept == sorted(set(last_7_days + sundays + month_ends))
    assert len(kept) == 20  # 7 days, 2 more weeks, 11 more months


def test_rotation_on_disk_follows_the_plan_and_never_thins_other_kinds(journal: Journal) -> None:
    add(journal, "Ana")
    upgrade = backup.backup_file(
        journal.path, backup.default_backup_path(journal.path, "before-upgrade-from-0001", START)
    )
    manual = backup.backup_file(journal.path, backup.default_backup_path(journal.path, "", START))
    for day in range(40):
        rotate(journal, now=START + dt.timedelta(days=day), tz=UTC)
    last = (START + dt.timedelta(days=39)).date()  # Friday 2025-02-14
    expected = [last - dt.timedelta(days=n) for n in range(7)]
    expected += [dt.date(2025, 1, 26), dt.date(2025, 2, 2), dt.date(2025, 1, 31)]
    assert dailies(journal.path) == sorted(expected)
    assert upgrade.exists() and manual.exists()


def test_thinning_keeps_only_the_newest_backup_of_a_day(journal: Journal) -> None:
    add(journal, "Ana")
    rotate(journal, now=START, tz=UTC)
    extra = backup.backup_file(
        journal.path,
        backup.default_backup_path(journal.path, "daily", START + dt.timedelta(hours=3)),
    )
    files = backup_files(journal.path)
    kept, removed = thinning_plan(files, Retention(daily=7, weekly=0, monthly=0), tz=UTC)
    assert [f.path for f in kept] == [extra]
    assert len(removed) == 1


def test_a_smaller_retention_thins_more_but_keeps_the_newest(journal: Journal) -> None:
    add(journal, "Ana")
    for day in range(10):
        rotate(journal, now=START + dt.timedelta(days=day), tz=UTC)
    rotation = rotate(
        journal, Retention(daily=0, weekly=0, monthly=0), now=START + dt.timedelta(days=9)
    )
    assert len(rotation.removed) == 6  # the 7 kept by the default retention, but one
    assert dailies(journal.path) == [(START + dt.timedelta(days=9)).date()]


def test_a_failed_backup_raises_and_thins_nothing(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(journal, "Ana")
    for day in range(3):
        rotate(journal, now=START + dt.timedelta(days=day), tz=UTC)
    from app.core.errors import JournalAccessError

    def full_disk(*args: object, **kwargs: object) -> Path:
        raise JournalAccessError("The disk is full.")

    monkeypatch.setattr(backup, "backup_file", full_disk)
    with pytest.raises(JournalAccessError):
        rotate(journal, Retention(daily=1, weekly=0, monthly=0), now=START + dt.timedelta(days=5))
    assert len(dailies(journal.path)) == 3


def test_rotation_ignores_other_journals_and_stray_files(tmp_path: Path) -> None:
    folder = tmp_path / "j"
    with create_journal(folder / "a.kith") as a, create_journal(folder / "a-b.kith") as other:
        add(a, "Ana")
        add(other, "Bo")
        rotate(other, now=START)
        (backups_dir(a.path) / "notes.txt").write_text("mine")
        rotate(a, Retention(daily=0, weekly=0, monthly=0), now=START)
    assert len(backup_files(folder / "a.kith")) == 1
    assert len(backup_files(folder / "a-b.kith")) == 1
    assert (backups_dir(folder / "a.kith") / "notes.txt").exists()


# ---- listing ----------------------------------------------------------------------------------


def test_listing_gives_kind_size_and_counts_newest_first(journal: Journal) -> None:
    add(journal, "Ana")
    rotate(journal, now=START)
    add(journal, "Bo", "Cy")
    trash.move_to_trash(journal, "contact", contacts.list_contacts(journal)[0].id)
    backup.backup_file(
        journal.path, backup.default_backup_path(journal.path, "", START + dt.timedelta(days=1))
    )
    listed = list_backups(journal.path)
    assert [b.kind for b in listed] == [BackupKind.MANUAL, BackupKind.DAILY]
    assert listed[0].counts["contact"] == 2  # live people only: one is in the trash
    assert listed[1].counts["contact"] == 1
    assert listed[0].counts_text() == "people 2"  # other kinds only when there are some
    assert all(b.size > 0 and b.problem is None for b in listed)


def test_a_damaged_backup_is_listed_as_damaged(journal: Journal) -> None:
    add(journal, "Ana")
    written = rotate(journal, now=START).written
    assert written is not None
    data = written.read_bytes()
    written.write_bytes(data[: len(data) // 2])
    junk = backup.default_backup_path(journal.path, "", START + dt.timedelta(days=1))
    junk.write_bytes(b"not a database at all" * 10)
    listed = list_backups(journal.path)
    assert listed[0].problem is not None and listed[0].problem.startswith("not a Kith journal")
    assert listed[1].problem is not None and listed[1].problem.startswith("damaged")
    assert listed[1].counts_text() == listed[1].problem


def test_the_thorough_listing_finds_damage_inside_a_backup(journal: Journal) -> None:
    add(journal, "Ana", "Bo")
    written = rotate(journal, now=START).written
    assert written is not None
    data = bytearray(written.read_bytes())
    page = 4096
    data[2 * page : 3 * page] = b"\xff" * page  # a page in the middle: same size, bad content
    written.write_bytes(bytes(data))
    (thorough,) = list_backups(journal.path, check=True)
    assert thorough.problem is not None and thorough.problem.startswith("damaged")
    with pytest.raises(JournalDamagedError):
        restore(journal.path, written)


# ---- restore ----------------------------------------------------------------------------------


def test_restore_round_trip_and_undo(journal_path: Path) -> None:
    with create_journal(journal_path) as journal:
        add(journal, "Ana")
        old = rotate(journal, now=START).written
        add(journal, "Bo")
    assert old is not None

    restored = restore(journal_path, old)

    assert restored.safety_copy is not None and restored.safety_copy.exists()
    assert "-before-restore" in restored.safety_copy.name
    with open_journal(journal_path) as journal:
        assert names(journal) == ["Ana"]
    # The copy taken first undoes the restore.
    restore(journal_path, restored.safety_copy)
    with open_journal(journal_path) as journal:
        assert names(journal) == ["Ana", "Bo"]
    kinds = [b.kind for b in list_backups(journal_path)]
    assert kinds.count(BackupKind.BEFORE_RESTORE) == 2


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_a_damaged_or_foreign_backup_is_refused_and_nothing_changes(
    journal_path: Path, tmp_path: Path
) -> None:
    with create_journal(journal_path) as journal:
        add(journal, "Ana")
        good = rotate(journal, now=START).written
    assert good is not None
    damaged = tmp_path / "damaged.kith"
    data = good.read_bytes()
    damaged.write_bytes(data[: len(data) // 2])
    foreign = tmp_path / "foreign.kith"
    foreign.write_bytes(b"eggs, flour, milk\n")
    before = _snapshot(journal_path)
    folder_before = sorted(p.name for p in backups_dir(journal_path).iterdir())

    with pytest.raises(JournalDamagedError, match="nothing was restored"):
        restore(journal_path, damaged)
    with pytest.raises(NotAJournalError, match="nothing was restored"):
        restore(journal_path, foreign)
    with pytest.raises(NotAJournalError):
        restore(journal_path, tmp_path / "missing.kith")

    assert _snapshot(journal_path) == before
    assert sorted(p.name for p in backups_dir(journal_path).iterdir()) == folder_before


def test_restore_refuses_a_journal_that_is_open(journal: Journal) -> None:
    add(journal, "Ana")
    written = rotate(journal, now=START).written
    assert written is not None
    with pytest.raises(JournalLockedError):
        restore(journal.path, written)


def test_restore_repairs_a_damaged_journal_and_keeps_its_bytes(journal_path: Path) -> None:
    with create_journal(journal_path) as journal:
        add(journal, "Ana")
        good = rotate(journal, now=START).written
    assert good is not None
    data = journal_path.read_bytes()
    journal_path.write_bytes(data[: len(data) // 2])

    restored = restore(journal_path, good)

    assert restored.safety_copy is not None
    assert restored.safety_copy.read_bytes() == data[: len(data) // 2]
    with open_journal(journal_path) as journal:
        assert names(journal) == ["Ana"]
    assert stat.S_IMODE(journal_path.stat().st_mode) == 0o600


def test_restore_into_a_missing_journal_creates_it_private(journal_path: Path) -> None:
    with create_journal(journal_path) as journal:
        add(journal, "Ana")
        good = rotate(journal, now=START).written
    assert good is not None
    journal_path.unlink()
    assert restore(journal_path, good).safety_copy is None
    assert stat.S_IMODE(journal_path.stat().st_mode) == 0o600
    with open_journal(journal_path) as journal:
        assert names(journal) == ["Ana"]


# ---- the command line -------------------------------------------------------------------------


def test_cli_restore_then_undo(journal_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with create_journal(journal_path) as journal:
        add(journal, "Ana")
        old = rotate(journal, now=START).written
        add(journal, "Bo")
    assert old is not None

    assert main(["--journal", str(journal_path), "restore", str(old)]) == 0
    out = capsys.readouterr().out
    assert f"restored {old}" in out
    (safety,) = [b for b in backup_files(journal_path) if b.kind is BackupKind.BEFORE_RESTORE]
    assert str(safety.path) in out
    with open_journal(journal_path) as journal:
        assert names(journal) == ["Ana"]
    # A bare file name is looked up in the backups folder.
    assert main(["--journal", str(journal_path), "restore", safety.path.name]) == 0
    with open_journal(journal_path) as journal:
        assert names(journal) == ["Ana", "Bo"]


def test_cli_restore_refuses_while_the_journal_is_open(
    journal: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    add(journal, "Ana")
    written = rotate(journal, now=START).written
    assert written is not None
    assert main(["--journal", str(journal.path), "restore", str(written)]) == 5
    err = capsys.readouterr().err
    assert err.startswith("kith: ") and "already open" in err and len(err.splitlines()) == 1


def test_cli_restore_refuses_a_damaged_backup(
    journal_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create_journal(journal_path).close()
    bad = tmp_path / "bad.kith"
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    before = _snapshot(journal_path)
    code = main(["--journal", str(journal_path), "restore", str(bad)])
    assert code in (3, 6)
    assert "nothing was restored" in capsys.readouterr().err
    assert _snapshot(journal_path) == before


def test_cli_lists_backups(journal_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with create_journal(journal_path) as journal:
        add(journal, "Ana")
        rotate(journal, now=START)
    assert main(["--journal", str(journal_path), "backups"]) == 0
    out = capsys.readouterr().out
    assert "daily" in out and "people 1" in out and "-daily.kith" in out


def test_cli_lists_no_backups_in_a_sentence(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create_journal(journal_path).close()
    assert main(["--journal", str(journal_path), "backups"]) == 0
    assert "no backups" in capsys.readouterr().out


def test_check_reports_the_newest_backup(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with create_journal(journal_path) as journal:
        add(journal, "Ana")
        written = rotate(journal).written
    assert written is not None
    assert main(["--journal", str(journal_path), "check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"newest backup: {written} (") for line in lines)
    assert not any(line.startswith("warning:") for line in lines)
    assert lines[-1] == "integrity: ok"


def test_check_warns_when_no_backup_is_recent_but_exits_0(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with create_journal(journal_path) as journal:
        add(journal, "Ana")
        rotate(journal, now=dt.datetime.now(UTC) - dt.timedelta(days=9))
    assert main(["--journal", str(journal_path), "check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("newest backup: ") and "9 days ago" in line for line in lines)
    assert any(line.startswith("warning: no backup is newer than 8 days") for line in lines)


def test_check_warns_when_there_is_no_backup(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with create_journal(journal_path) as journal:
        add(journal, "Ana")
    assert main(["--journal", str(journal_path), "check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "newest backup: none" in lines
    assert any(line.startswith("warning: ") for line in lines)


def test_an_encrypted_journal_rotates_lists_and_restores_with_its_passphrase(
    journal_path: Path,
) -> None:
    pytest.importorskip("sqlcipher3")
    from app.core.encryption import encrypt_journal

    create_journal(journal_path).close()
    encrypt_journal(journal_path, 'a "quoted" pässphrase')
    key = 'a "quoted" pässphrase'
    with open_journal(journal_path, key=key) as journal:
        add(journal, "Secret Ana")
        written = rotate(journal, now=START).written
        add(journal, "Secret Bo")
    assert written is not None and b"Secret Ana" not in written.read_bytes()
    (listed,) = list_backups(journal_path, key=key, check=True)
    assert listed.counts_text() == "people 1"
    (unreadable,) = list_backups(journal_path)
    assert unreadable.problem is not None and "passphrase" in unreadable.problem

    restored = restore(journal_path, written, key=key)

    with open_journal(journal_path, key=key) as journal:
        assert names(journal) == ["Secret Ana"]
    assert restored.safety_copy is not None
    assert b"Secret Bo" not in restored.safety_copy.read_bytes()


def test_the_rotation_keeps_as_many_backups_as_preferences_say(journal: Journal) -> None:
    from app.core.backup_rotation import Retention, retention_of
    from app.core.services import settings

    assert retention_of(journal) == Retention()
    settings.save_retention(journal, 3, 0, 6)
    assert retention_of(journal) == Retention(daily=3, weekly=0, monthly=6)
