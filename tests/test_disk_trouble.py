"""A full disk or a read-only journal gets a sentence, and nothing saved is lost."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from app.core.errors import JournalAccessError
from app.core.records import ContactFields, EntryFields
from app.core.services import contacts, journal_entries
from app.core.store import Journal, integrity_check


def _cap_file_size(journal: Journal) -> None:
    """Let SQLite grow the file no further, as if the disk had filled up."""

    @event.listens_for(journal.engine, "connect")
    def _cap(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    journal.engine.dispose()


def test_a_full_disk_refuses_the_save_with_a_sentence_and_keeps_what_was_saved(
    journal: Journal,
) -> None:
    kept = contacts.add_contact(journal, ContactFields("Ana")).new_id
    _cap_file_size(journal)
    with pytest.raises(JournalAccessError) as caught:
        journal_entries.write_entry(journal, EntryFields("2026-01-01", "word " * 19_000))
    assert "disk is full" in str(caught.value)
    assert "nothing already saved was lost" in str(caught.value)
    assert [c.id for c in contacts.list_contacts(journal)] == [kept]
    assert integrity_check(journal) == "ok"


def test_a_read_only_journal_refuses_the_save_with_a_sentence(journal: Journal) -> None:
    contacts.add_contact(journal, ContactFields("Ana"))

    # query_only makes SQLite refuse writes exactly as for a read-only file, even as root.
    @event.listens_for(journal.engine, "connect")
    def _read_only(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    journal.engine.dispose()
    with pytest.raises(JournalAccessError, match="can only be read"):
        contacts.add_contact(journal, ContactFields("Ben"))
    assert [c.name for c in contacts.list_contacts(journal)] == ["Ana"]


def test_an_entry_about_a_trashed_person_can_still_be_edited(journal: Journal) -> None:
    from app.core.services import trash

    ana = contacts.add_contact(journal, ContactFields("Ana")).new_id or 0
    entry = journal_entries.write_entry(journal, EntryFields("2026-01-01", "a", contact_id=ana))
    trash.move_to_trash(journal, "contact", ana)
    journal_entries.update_entry(
        journal, entry.new_id or 0, EntryFields("2026-01-01", "a, edited", contact_id=ana)
    )
    assert journal_entries.get_entry(journal, entry.new_id or 0).text == "a, edited"


def test_a_backup_on_a_full_disk_is_one_sentence_and_leaves_no_half_copy(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from app.core import backup
    from app.core.paths import backups_dir

    def full(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup, "_copy", full)
    with pytest.raises(JournalAccessError) as caught:
        backup.backup_file(journal.path, reason="daily")
    assert "disk is full" in str(caught.value) and "backup was not written" in str(caught.value)
    assert list(backups_dir(journal.path).glob("*.kith")) == []
