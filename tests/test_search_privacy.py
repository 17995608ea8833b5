"""Text emptied from the trash leaves no trace: not in the file, its WAL, nor the search index.

SQLite 3.40's FTS5 keeps a deleted row's words in its index segments until they
are merged (its `secure-delete` option needs 3.42), so emptying the trash merges
them (search.forget_deleted); these canaries prove it, plain and encrypted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.core import cipher, encryption
from app.core.enums import Direction, Tie
from app.core.records import ContactFields, EntryFields, FavorFields, MomentFields
from app.core.services import contacts, journal_entries, moments, search, trash
from app.core.store import Journal, create_journal, open_journal

D = dt.date
# Folded to lower case in the index; "xcanary" would be the tail a leaf page keeps
# of a prefix-compressed term.
CANARY = "zqvortexcanary"
TAILS = (CANARY, "vortexcanary", "xcanary")
PASSPHRASE = "Zoë's canary key"


def _on_disk(path: Path) -> bytes:
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        data += wal.read_bytes()
    return data.lower()


def _write_canaries(journal: Journal) -> list[tuple[str, int]]:
    keeper = contacts.add_contact(journal, ContactFields("Keeper", Tie.FRIEND)).new_id
    gone = contacts.add_contact(
        journal, ContactFields("Gone Person", Tie.FRIEND, notes=f"{CANARY} in notes")
    ).new_id
    assert keeper is not None and gone is not None
    moment = moments.log_moment(
        journal, MomentFields(D(2026, 1, 1), (keeper,), note=f"We spoke of {CANARY} at length")
    ).new_id
    favor = moments.log_favor(
        journal, FavorFields(keeper, Direction.GIVEN, D(2026, 1, 2), f"{CANARY.upper()} help", 2)
    ).new_id
    entry = journal_entries.write_entry(
        journal, EntryFields(D(2026, 1, 3), f"Private: {CANARY}", keeper)
    ).new_id
    # Enough other words that the index has several segments and pages.
    for i in range(200):
        moments.log_moment(journal, MomentFields(D(2025, 1, 1), (keeper,), note=f"walk {i}"))
    assert moment is not None and favor is not None and entry is not None
    return [
        ("contact", gone),
        ("interaction", moment),
        ("favor", favor),
        ("journal_entry", entry),
    ]


def _index_bytes(journal: Journal) -> bytes:
    """The raw segments of every search index (the words of deleted rows included,
    until the segments are merged), read through the journal's own connection."""
    blocks: list[bytes] = []
    with journal.engine.connect() as connection:
        for (index,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name GLOB 'search_*_data'"
        ):
            blocks.extend(
                bytes(row[0] or b"")
                for row in connection.exec_driver_sql(f"SELECT block FROM {index}")
            )
    return b"".join(blocks)


def _in_index(journal: Journal) -> bool:
    data = _index_bytes(journal)
    return any(tail.encode() in data for tail in TAILS)


def _trash_and_empty(journal: Journal, records: list[tuple[str, int]]) -> None:
    for kind, record_id in records:
        trash.move_to_trash(journal, kind, record_id)
    assert search.search(journal, CANARY[:6]) == []
    trash.empty_trash(journal)


def test_emptied_trash_leaves_no_canary_in_file_wal_or_index(journal_path: Path) -> None:
    journal = create_journal(journal_path)
    try:
        records = _write_canaries(journal)
        assert len(search.search(journal, CANARY)) == 4
        # The test can see the canary: trashed, it is still in the file, and the
        # index still holds the word (FTS5 only marks it deleted).
        for kind, record_id in records:
            trash.move_to_trash(journal, kind, record_id)
        assert CANARY.encode() in _on_disk(journal_path)
        assert _in_index(journal)
        for kind, record_id in records:
            trash.restore(journal, kind, record_id)

        _trash_and_empty(journal, records)

        assert not _in_index(journal)
        data = _on_disk(journal_path)
        assert not any(tail.encode() in data for tail in TAILS)
        assert search.search(journal, "walk")  # the rest of the index still works
    finally:
        journal.close()
    data = _on_disk(journal_path)
    assert not any(tail.encode() in data for tail in TAILS)


def test_one_record_deleted_for_good_leaves_no_canary_either(journal: Journal) -> None:
    records = _write_canaries(journal)
    for kind, record_id in records:
        trash.move_to_trash(journal, kind, record_id)
        trash.delete_forever(journal, kind, record_id)
    assert not _in_index(journal)
    assert not any(tail.encode() in _on_disk(journal.path) for tail in TAILS)


def test_an_encrypted_journal_is_searchable_and_forgets_emptied_text(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3")
    monkeypatch.setattr(cipher, "KDF_ITERATIONS", 2_000)
    create_journal(journal_path).close()
    encryption.encrypt_journal(journal_path, PASSPHRASE)
    with open_journal(journal_path, key=PASSPHRASE) as journal:
        records = _write_canaries(journal)
        assert [hit.kind for hit in search.search(journal, "zqvort")] == [
            "person",
            "moment",
            "favor",
            "reflection",
        ]
        assert _in_index(journal)
        _trash_and_empty(journal, records)
        assert not _in_index(journal)
        # No plaintext index (or anything else) outside the encrypted file.
        assert not any(tail.encode() in _on_disk(journal_path) for tail in TAILS)
        assert b"walk" not in _on_disk(journal_path)
    siblings = {p.name for p in journal_path.parent.iterdir()}
    assert not any(name.endswith(("-journal", ".tmp")) for name in siblings), siblings
