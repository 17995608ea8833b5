"""Importing a Kith CSV export: all or nothing, every refusal a sentence naming the place."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from app.cli import main
from app.core.csvio import export_journal, import_kith_csv, preview_kith_csv
from app.core.csvio import format as f
from app.core.errors import CsvImportError, JournalAccessError, OperationCancelledError
from app.core.models import Contact, Favor
from app.core.records import (
    CoalitionFields,
    ContactFields,
    EntryFields,
    FavorFields,
    JointActionFields,
    MemberFields,
    MomentFields,
)
from app.core.services import coalitions, contacts, journal_entries, moments
from app.core.store import Journal, create_journal, integrity_check, open_journal

DAY = dt.date(2024, 3, 1)
Rows = list[list[str]]


def _small_journal(journal: Journal, names: tuple[str, ...] = ("Ann Lee", "Bo", "Cy")) -> None:
    emails = {"Ann Lee": "Ann@Example.org"}
    ids = [
        contacts.add_contact(journal, ContactFields(n, email=emails.get(n, ""))).new_id
        for n in names
    ]
    ann, bo, cy = ids[0], ids[1], ids[2]
    moments.log_moment(journal, MomentFields(DAY, (ann, bo), note="coffee"))
    moments.log_moment(journal, MomentFields(DAY, (cy,), note="call"))
    lent = moments.log_favor(journal, FavorFields(ann, "given", DAY, "lent a ladder", 2)).new_id
    moments.log_favor(
        journal, FavorFields(ann, "received", DAY, "brought cake", 1, returns_favor_id=lent)
    )
    group = coalitions.add_coalition(journal, CoalitionFields("Garden group")).new_id
    coalitions.add_member(journal, MemberFields(group, ann, "chair", knows_goal=True))
    coalitions.add_member(journal, MemberFields(group, bo))
    coalitions.log_joint_action(journal, JointActionFields(group, DAY, "planted", "", (ann, bo)))
    journal_entries.write_entry(journal, EntryFields(DAY, "about Bo", bo, group))


@pytest.fixture(scope="module")
def small_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small, valid export, made once for these tests."""
    folder = tmp_path_factory.mktemp("small")
    with create_journal(folder / "source.kith") as source:
        _small_journal(source)
        export_journal(source, folder / "export")
    return folder / "export"


@pytest.fixture
def export(small_export: Path, tmp_path: Path) -> Path:
    """A copy of the small export, for a test to spoil."""
    return Path(shutil.copytree(small_export, tmp_path / "export"))


def _read(path: Path) -> Rows:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def _write(path: Path, rows: Rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)


def _edit(folder: Path, name: str, change: Callable[[Rows], None]) -> None:
    rows = _read(folder / name)
    change(rows)
    _write(folder / name, rows)


def _refusal(journal: Journal, folder: Path) -> CsvImportError:
    with pytest.raises(CsvImportError) as caught:
        import_kith_csv(journal, folder)
    with journal.session() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == 0
    return caught.value


def test_a_bad_weight_names_file_line_column_and_reason(journal: Journal, export: Path) -> None:
    _edit(export, "favors.csv", lambda rows: rows[2].__setitem__(5, "7"))
    error = _refusal(journal, export)
    assert str(error) == (
        "Nothing was imported: favors.csv line 3, column weight: "
        "the weight 7 is not between 1 and 5."
    )
    assert error.exit_code == 12


def test_every_bad_row_is_reported_up_to_fifty(journal: Journal, export: Path) -> None:
    def many(rows: Rows) -> None:
        rows += [
            [str(100 + n), "1", "given", "2024-01-01", "x", "9", "none", ""] for n in range(60)
        ]

    _edit(export, "favors.csv", many)
    error = _refusal(journal, export)
    assert len(error.problems) == 50 and error.more == 10
    assert str(error).startswith("Nothing was imported: 60 problems were found, the first: ")
    assert error.details[-1] == "... and 10 more"
    assert error.details[0] == (
        "favors.csv line 4, column weight: the weight 9 is not between 1 and 5"
    )


def test_several_bad_cells_of_one_row_are_all_named(journal: Journal, export: Path) -> None:
    _edit(export, "contacts.csv", lambda rows: rows[1].__setitem__(2, "frend"))
    _edit(export, "contacts.csv", lambda rows: rows[1].__setitem__(7, "1985-02-30"))
    error = _refusal(journal, export)
    assert [str(p) for p in error.problems] == [
        "contacts.csv line 2, column tie: 'frend' is not a valid tie; choose one of kin, "
        "friend, colleague, neighbour, community, acquaintance, other",
        "contacts.csv line 2, column birthday: '1985-02-30' is not a real date for the "
        "birthday; use YYYY-MM-DD",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda h: h.remove("weight"), "column weight is missing"),
        (lambda h: h.__setitem__(5, "wieght"), "column weight is missing; column 'wieght' is"),
        (lambda h: h.append("colour"), "column 'colour' is not one of its columns"),
        (lambda h: h.reverse(), "its columns are in another order"),
    ],
)
def test_the_header_must_match_exactly(
    journal: Journal, export: Path, change: Callable[[list[str]], None], expected: str
) -> None:
    _edit(export, "favors.csv", lambda rows: change(rows[0]))
    error = _refusal(journal, export)
    message = str(error.problems[0])
    assert message.startswith("favors.csv does not have the columns of a Kith export (")
    assert expected in message
    assert message.endswith(
        "Its first line should be: id,contact_id,direction,occurred_on,description,weight,"
        "expectation,returns_favor_id"
    )


def test_a_missing_file_is_named(journal: Journal, export: Path) -> None:
    (export / "memberships.csv").unlink()
    error = _refusal(journal, export)
    assert str(error) == "Nothing was imported: memberships.csv is missing from the folder."


def test_a_missing_folder_is_named(journal: Journal, tmp_path: Path) -> None:
    error = _refusal(journal, tmp_path / "nowhere")
    assert "nowhere does not exist; give the folder of a Kith export" in str(error)


def test_references_to_missing_ids_are_named(journal: Journal, export: Path) -> None:
    _edit(export, "favors.csv", lambda rows: rows[1].__setitem__(1, "999"))
    _edit(export, "interactions.csv", lambda rows: rows[1].__setitem__(6, "1;998"))
    _edit(export, "journal.csv", lambda rows: rows[1].__setitem__(4, "77"))
    problems = [str(p) for p in _refusal(journal, export).problems]
    assert problems == [
        "interactions.csv line 2, column contact_ids: there is no person with id 998 in "
        "contacts.csv",
        "favors.csv line 2, column contact_id: there is no person with id 999 in contacts.csv",
        "favors.csv line 3, column returns_favor_id: favor 1 is with another person",
        "journal.csv line 2, column coalition_id: there is no coalition with id 77 in "
        "coalitions.csv",
    ]


@pytest.mark.parametrize(
    ("returns", "direction", "day", "reason"),
    [
        ("5", "received", "2024-03-01", "there is no favor with id 5 in favors.csv"),
        ("2", "received", "2024-03-01", "a favor cannot repay itself"),
        ("1", "given", "2024-03-01", "favor 1 goes the same way; a favor repays one the other way"),
        (
            "1",
            "received",
            "2024-02-01",
            "favor 1 came after this one; a favor repays an earlier one",
        ),
    ],
)
def test_a_favor_repays_an_earlier_one_the_other_way_with_the_same_person(
    journal: Journal, export: Path, returns: str, direction: str, day: str, reason: str
) -> None:
    def change(rows: Rows) -> None:
        rows[2][2], rows[2][3], rows[2][7] = direction, day, returns

    _edit(export, "favors.csv", change)
    problems = _refusal(journal, export).problems
    assert [str(p) for p in problems] == [f"favors.csv line 3, column returns_favor_id: {reason}"]


def test_numbers_written_with_leading_zeros_import_as_their_values(
    journal: Journal, export: Path
) -> None:
    # A spreadsheet may keep "03" as typed: the checks accept it, so the import must store 3.
    def zeros(rows: Rows) -> None:
        rows[1][0], rows[1][5] = "01", "05"  # a favor's id and weight
        rows[2][7] = "01"  # the favor it repays

    _edit(export, "favors.csv", zeros)
    _edit(export, "interactions.csv", lambda rows: rows[1].__setitem__(3, "04"))  # warmth
    import_kith_csv(journal, export)
    with journal.session() as session:
        assert session.get(Favor, 1).weight == 5  # type: ignore[union-attr]
        assert session.get(Favor, 2).returns_favor_id == 1  # type: ignore[union-attr]
    assert moments.get_moment(journal, 1).warmth == 4


def test_a_week_date_is_refused_like_any_date_not_written_yyyy_mm_dd(
    journal: Journal, export: Path
) -> None:
    # Python 3.11's fromisoformat reads 2024-W09-5; the contract says YYYY-MM-DD.
    _edit(export, "interactions.csv", lambda rows: rows[1].__setitem__(1, "2024-W09-5"))
    (problem,) = _refusal(journal, export).problems
    assert str(problem) == (
        "interactions.csv line 2, column occurred_on: '2024-W09-5' is not a real date "
        "for the occurred on; use YYYY-MM-DD"
    )


@pytest.mark.parametrize("previewed", [False, True], ids=["at once", "after a preview"])
def test_participants_are_read_alike_with_or_without_a_preview(
    journal: Journal, export: Path, previewed: bool
) -> None:
    # The check strips each id (str.strip takes separators that int() refuses);
    # the writing pass after a preview must read the cell the same way.
    _edit(export, "interactions.csv", lambda rows: rows[1].__setitem__(6, " 1 ;\x1f2"))
    plan = preview_kith_csv(journal, export) if previewed else None
    import_kith_csv(journal, export, plan=plan)
    assert [person for person, _name in moments.get_moment(journal, 1).participants] == [1, 2]


def test_duplicate_ids_and_memberships_are_refused(journal: Journal, export: Path) -> None:
    _edit(export, "coalitions.csv", lambda rows: rows.append(rows[1][:]))
    _edit(export, "memberships.csv", lambda rows: rows.append(rows[1][:]))
    problems = [str(p) for p in _refusal(journal, export).problems]
    assert problems == [
        "coalitions.csv line 3, column id: id 1 is used by an earlier row too",
        "memberships.csv line 4, column contact_id: person 1 is already a member of "
        "coalition 1 in an earlier row",
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "is empty; a Kith export has a header row."),
        (b"\xef\xbb\xbf\r\n\r\n", "has no header row; a Kith export has a header row."),
        (
            "id,name\r\n1,Zo\xe9\r\n".encode("latin-1"),
            "is not UTF-8 text (line 2 has the byte 0xE9, perhaps Latin-1 or Windows-1252)",
        ),
        ("id,name\r\n".encode("utf-16"), "is not UTF-8 text (it looks like UTF-16)"),
        ("id,name\r\n".encode("utf-16-le"), "is not UTF-8 text (it looks like UTF-16)"),
        ("id,name\r\n".encode("utf-32"), "is not UTF-8 text (it looks like UTF-32)"),
        ("id,name\r\n".encode("utf-32-le"), "is not UTF-8 text (it looks like UTF-32)"),
        (b"id,name\r\n1,Zo\x00e\r\n", "is not UTF-8 text (it holds a NUL byte)"),
    ],
)
def test_unreadable_files_are_refused_with_a_sentence(
    journal: Journal, export: Path, data: bytes, reason: str
) -> None:
    (export / "contacts.csv").write_bytes(data)
    problems = _refusal(journal, export).problems
    assert str(problems[0]).startswith(f"contacts.csv {reason}")
    assert len(problems) == 1  # rows pointing at people say nothing more


def test_an_unclosed_quote_or_a_huge_cell_names_the_line(journal: Journal, export: Path) -> None:
    with (export / "journal.csv").open("a", encoding="utf-8", newline="") as out:
        out.write('9,2024-01-01,"never closed,,,\r\n' + "more text\r\n" * 10)
    problem = str(_refusal(journal, export).problems[0])
    assert problem == "journal.csv line 3: a quoted cell is never closed: the file ends inside it."
    with (export / "journal.csv").open("w", encoding="utf-8", newline="") as out:
        out.write("id,written_on,text,contact_id,coalition_id,prompt_rule\r\n")
        out.write("1,2024-01-01,ok,,,\r\n2,2024-01-01," + "x" * 200_000 + ",,,\r\n")
    problem = str(_refusal(journal, export).problems[0])
    assert problem.startswith("journal.csv line 3: a cell is longer than 131,072 characters")


def test_a_refused_import_leaves_the_journal_file_untouched(tmp_path: Path, export: Path) -> None:
    path = tmp_path / "kept.kith"
    with create_journal(path) as kept:
        contacts.add_contact(kept, ContactFields("Someone"))
    before = path.read_bytes(), path.stat().st_mtime_ns
    _edit(export, "favors.csv", lambda rows: rows[1].__setitem__(2, "lent"))
    with open_journal(path) as kept, pytest.raises(CsvImportError):
        import_kith_csv(kept, export)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_merge_gives_new_ids_remaps_references_and_matches_obvious_duplicates(
    journal: Journal, export: Path
) -> None:
    contacts.add_contact(journal, ContactFields("Zed"))
    ann = contacts.add_contact(journal, ContactFields("  ann lee ", email="ann@example.org")).new_id
    plan = preview_kith_csv(journal, export)
    assert plan.mode == "merge" and plan.new_people == 2
    assert [(m.name, m.existing_id) for m in plan.matches] == [("Ann Lee", ann)]
    import_kith_csv(journal, export, plan=plan)

    totals = contacts.person_totals(journal, ann)
    assert (totals.favors_given, totals.favors_received, totals.interactions) == (1, 1, 1)
    assert totals.coalitions == ("Garden group",)
    with journal.session() as session:
        cake = session.scalars(select(Favor).where(Favor.description == "brought cake")).one()
        ladder = session.get(Favor, cake.returns_favor_id)
        assert ladder is not None and ladder.description == "lent a ladder"
        assert (cake.contact_id, ladder.contact_id) == (ann, ann)
    assert {row.name for row in contacts.list_contacts(journal)} == {"Zed", "ann lee", "Bo", "Cy"}
    [entry] = journal_entries.list_entries(journal)
    assert (entry.contact_name, entry.coalition_name) == ("Bo", "Garden group")
    [group] = coalitions.list_coalitions(journal)
    detail = coalitions.get_coalition(journal, group.id)
    assert sorted(m.name for m in detail.members) == ["Bo", "ann lee"]
    assert sorted(p[1] for p in detail.actions[0].participants) == ["Bo", "ann lee"]


def test_merging_twice_matches_everyone_the_second_time(journal: Journal, export: Path) -> None:
    contacts.add_contact(journal, ContactFields("Zed"))
    import_kith_csv(journal, export)
    again = preview_kith_csv(journal, export)
    assert again.new_people == 0 and len(again.matches) == 3
    import_kith_csv(journal, export, plan=again)
    assert len(contacts.list_contacts(journal)) == 4
    # The coalition and everything else are recognised too (tests/test_csv_reimport.py).
    assert len(coalitions.list_coalitions(journal)) == 1


def test_two_people_matching_one_make_one_membership(journal: Journal, export: Path) -> None:
    contacts.add_contact(journal, ContactFields("Bo"))
    _edit(export, "contacts.csv", lambda rows: rows[1].__setitem__(1, "bo"))
    _edit(export, "contacts.csv", lambda rows: rows[1].__setitem__(4, ""))
    plan = preview_kith_csv(journal, export)
    assert len(plan.matches) == 2 and plan.merged_memberships == 1
    import_kith_csv(journal, export, plan=plan)
    [group] = coalitions.list_coalitions(journal)
    assert [m.name for m in coalitions.get_coalition(journal, group.id).members] == ["Bo"]


def test_progress_rises_to_one_and_cancel_imports_nothing(journal: Journal, export: Path) -> None:
    seen: list[float] = []
    import_kith_csv(journal, export, progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    with create_journal(journal.path.with_name("other.kith")) as other:
        with pytest.raises(OperationCancelledError):
            import_kith_csv(other, export, cancelled=lambda: True)
        assert contacts.list_contacts(other) == []


def test_a_plan_is_not_trusted_once_the_files_change(journal: Journal, export: Path) -> None:
    plan = preview_kith_csv(journal, export)
    _edit(export, "favors.csv", lambda rows: rows[1].__setitem__(5, "0"))
    with pytest.raises(CsvImportError, match=r"favors\.csv line 2, column weight"):
        import_kith_csv(journal, export, plan=plan)


def test_kith_import_csv_lists_the_problems_and_leaves_no_new_journal(
    tmp_path: Path, export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new" / "restored.kith"
    _edit(export, "favors.csv", lambda rows: rows[1].__setitem__(5, "7"))
    _edit(export, "favors.csv", lambda rows: rows[2].__setitem__(6, "maybe"))
    assert main(["--journal", str(target), "import", "csv", str(export)]) == 12
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("kith: Nothing was imported: 2 problems were found, the first: ")
    assert err[1:] == [
        "  favors.csv line 2, column weight: the weight 7 is not between 1 and 5",
        "  favors.csv line 3, column expectation: 'maybe' is not a valid expectation; "
        "choose one of none, implicit, explicit",
    ]
    assert not target.exists() and list(target.parent.iterdir()) == []


def test_kith_import_csv_restores_into_a_new_journal(
    tmp_path: Path, export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "restored.kith"
    assert main(["--journal", str(target), "import", "csv", str(export), "--dry-run"]) == 0
    assert "Full restore" in capsys.readouterr().out and not target.exists()
    assert main(["--journal", str(target), "import", "csv", str(export)]) == 0
    assert "imported" in capsys.readouterr().out
    with open_journal(target) as restored:
        assert [c.name for c in contacts.list_contacts(restored)] == ["Ann Lee", "Bo", "Cy"]


def test_a_full_disk_during_the_import_keeps_the_journal_as_it_was(
    journal: Journal, tmp_path: Path
) -> None:
    kept = contacts.add_contact(journal, ContactFields("Kept")).new_id

    @event.listens_for(journal.engine, "connect")
    def _cap(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    journal.engine.dispose()
    folder = tmp_path / "export"
    folder.mkdir()
    for spec in f.IMPORTED:
        _write(folder / spec.name, [list(spec.columns)])
    people = [
        [str(n), f"Person {n}", "friend", "", "", "", "", "", "", "x" * 500, ""]
        for n in range(2, 500)
    ]
    _write(folder / "contacts.csv", [list(f.CONTACTS.columns), *people])
    with pytest.raises(JournalAccessError, match="The disk is full, so nothing was imported"):
        import_kith_csv(journal, folder)
    assert [c.id for c in contacts.list_contacts(journal)] == [kept]
    assert integrity_check(journal) == "ok"


# --- issue 20, item 10: stored text is the text checked; ASCII digits only ------------------


def test_text_is_measured_as_it_would_be_stored_blanks_included(
    journal: Journal, export: Path
) -> None:
    # The import keeps text verbatim (a round trip is byte for byte), so the limit
    # counts what would be stored: 199 characters and 10 blanks are 209.
    _edit(export, "contacts.csv", lambda rows: rows[1].__setitem__(1, "N" * 199 + " " * 10))
    _edit(export, "contacts.csv", lambda rows: rows[1].__setitem__(4, "a" * 320 + " " * 5))
    problems = [str(p) for p in _refusal(journal, export).problems]
    assert problems == [
        "contacts.csv line 2, column name: the name is longer than 200 characters "
        "(counting the blanks around it)",
        "contacts.csv line 2, column email: the email is longer than 320 characters "
        "(counting the blanks around it)",
    ]


@pytest.mark.parametrize(
    ("column", "value"),
    [(7, "--０２-２８"), (7, "１９８５-02-28"), (10, "２０２０-01-01T00:00:00Z")],
)
def test_fullwidth_digits_are_refused_in_dates(
    journal: Journal, export: Path, column: int, value: str
) -> None:
    _edit(export, "contacts.csv", lambda rows: rows[1].__setitem__(column, value))
    (problem,) = _refusal(journal, export).problems
    assert "contacts.csv line 2" in str(problem)


def test_a_negative_number_and_long_notes_are_refused_in_plain_words(
    journal: Journal, export: Path
) -> None:
    _edit(export, "contacts.csv", lambda rows: rows[1].__setitem__(8, "-1"))
    _edit(export, "contacts.csv", lambda rows: rows[1].__setitem__(9, "x" * 100_001))
    problems = [str(p) for p in _refusal(journal, export).problems]
    assert "contacts.csv line 2, column keep_in_touch_days: -1 is below zero" in problems[0]
    assert "the notes are longer than" in problems[1]


def test_a_quote_inside_an_unquoted_cell_is_refused_as_rfc_4180_says(
    journal: Journal, export: Path
) -> None:
    path = export / "contacts.csv"
    lines = path.read_bytes().split(b"\r\n")
    cells = lines[1].split(b",")
    cells[1] = b'James "Jim" Parker'
    lines[1] = b",".join(cells)
    path.write_bytes(b"\r\n".join(lines))
    (problem,) = _refusal(journal, export).problems
    assert str(problem).startswith("contacts.csv line 2: a quote stands inside a cell")


def test_quotes_in_quoted_cells_still_import(journal: Journal, export: Path) -> None:
    _edit(export, "contacts.csv", lambda rows: rows[1].__setitem__(1, 'James "Jim" Parker'))
    import_kith_csv(journal, export)
    with journal.session() as session:
        assert session.get(Contact, 1).name == 'James "Jim" Parker'  # type: ignore[union-attr]
