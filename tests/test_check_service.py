"""`kith check` as a core service: the same report for the command line and anyone else."""

from __future__ import annotations

from app.core.check import DAMAGED, check_journal
from app.core.records import ContactFields
from app.core.services import contacts
from app.core.store import Journal


def test_a_whole_journal_reports_ok_with_its_counts_and_no_backup_yet(journal: Journal) -> None:
    contacts.add_contact(journal, ContactFields("Maya"))
    report = check_journal(journal)
    assert report.whole and report.exit_code == 0
    lines = report.lines()
    assert lines[0] == f"journal: {journal.path}"
    assert "people: 1" in lines
    assert "integrity: ok" in lines and "running totals: ok" in lines
    assert "newest backup: none" in lines
    assert any(line.startswith("warning: no backup is newer than") for line in lines)


def test_totals_that_differ_are_reported_then_repaired_when_asked(journal: Journal) -> None:
    who = contacts.add_contact(journal, ContactFields("Maya")).new_id
    with journal.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE person_totals SET favors_given = 7 WHERE contact_id = ?", (who,)
        )
    found = check_journal(journal)
    assert found.wrong_totals == 1 and found.exit_code == DAMAGED
    repaired = check_journal(journal, repair_totals=True)
    assert repaired.repaired and repaired.exit_code == 0
    assert check_journal(journal).wrong_totals == 0
