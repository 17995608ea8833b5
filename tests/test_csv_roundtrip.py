"""Export, import into an empty journal, export again: the same bytes, hostile cells included."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from sqlalchemy import text

from app.core.csvio import export_journal, import_kith_csv, preview_kith_csv
from app.core.csvio import format as f
from app.core.demo import generate_demo
from app.core.records import (
    CoalitionFields,
    ContactFields,
    EntryFields,
    FavorFields,
    JointActionFields,
    MemberFields,
    MomentFields,
)
from app.core.services import coalitions, contacts, journal_entries, moments, trash
from app.core.store import Journal, create_journal, open_journal

# Cells a spreadsheet would run as formulas, cells that need quoting, and scripts.
HOSTILE = [
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "+1",
    "-1+2",
    "'quoted",
    "'=already",
    "'",
    "=",
    'say "hi", then go',
    "a,b;c",
    "line one\nline two",
    "line one\r\nline two\r\n\r\nafter a blank line",
    "Zoë Ñandú Ærøskøbing",
    "ليلى حداد",
    "張偉 ちょう",
    "😀 👩🏽‍🔬 emoji",
]
# Kept verbatim by the import, though the forms strip them: set with SQL.
LEADING_BLANKS = {"how_met": "\tTAB=1+1", "phone": "\r=carriage", "organization": " spaced "}


def build_hostile_journal(journal: Journal) -> None:
    """Every record type, every free-text column hostile, some of it in the trash."""
    people = []
    for number, cell in enumerate(HOSTILE):
        made = contacts.add_contact(
            journal,
            ContactFields(
                name=cell,
                tie="friend" if number % 2 else "kin",
                how_met=cell,
                email=f"{cell}@example.org" if number % 3 == 0 else "",
                phone=cell[:60],
                organization=cell,
                birthday=["--02-29", "1985-04-12", None][number % 3],
                keep_in_touch_days=[None, 30, 365][number % 3],
                notes=cell,
            ),
        )
        people.append(made.new_id)
    with journal.engine.begin() as connection:
        for column, value in LEADING_BLANKS.items():
            connection.execute(
                text(f"UPDATE contacts SET {column} = :v WHERE id = :id"),
                {"v": value, "id": people[0]},
            )
    day = dt.date(2024, 1, 1)
    for number, cell in enumerate(HOSTILE):
        who = (people[number], people[(number + 5) % len(people)])
        moments.log_moment(
            journal,
            MomentFields(
                day + dt.timedelta(days=number),
                who,
                kind="call",
                warmth=[None, 1, 5][number % 3],
                initiated_by=[None, "me", "them"][number % 3],
                note=cell,
            ),
        )
    given = moments.log_favor(
        journal, FavorFields(people[1], "given", day, HOSTILE[0], 3, "explicit")
    ).new_id
    moments.log_favor(
        journal,
        FavorFields(people[1], "received", day + dt.timedelta(1), HOSTILE[5], 2, "none", given),
    )
    for number, cell in enumerate(HOSTILE):
        moments.log_favor(journal, FavorFields(people[number], "received", day, cell, 5))
    group = coalitions.add_coalition(
        journal,
        CoalitionFields(
            HOSTILE[1],
            HOSTILE[2],
            HOSTILE[3],
            "formal",
            "active",
            day,
            None,
            HOSTILE[4],
            4,
            HOSTILE[11],
        ),
    ).new_id
    other = coalitions.add_coalition(journal, CoalitionFields("=SUM(1)")).new_id
    for number, person in enumerate(people[:6]):
        coalitions.add_member(
            journal,
            MemberFields(
                group,
                person,
                HOSTILE[number],
                HOSTILE[-number],
                [None, 3][number % 2],
                [None, True, False][number % 3],
                [True, None, False][number % 3],
                day,
                None,
            ),
        )
    coalitions.add_member(journal, MemberFields(other, people[2]))
    coalitions.log_joint_action(
        journal, JointActionFields(group, day, HOSTILE[6], HOSTILE[12], tuple(people[:4]))
    )
    coalitions.log_joint_action(journal, JointActionFields(group, day, "nobody came"))
    for number, cell in enumerate(HOSTILE):
        journal_entries.write_entry(
            journal,
            EntryFields(
                day,
                cell,
                people[number] if number % 2 else None,
                group if number % 3 else None,
                "=rule" if number == 4 else None,
            ),
        )
    # In the trash: a person with favors, moments and a membership; a coalition.
    trash.move_to_trash(journal, "contact", people[3])
    trash.move_to_trash(journal, "coalition", other)
    trash.move_to_trash(journal, "favor", given + 2)


def _files(folder: Path) -> dict[str, bytes]:
    return {spec.name: (folder / spec.name).read_bytes() for spec in f.EXPORTED}


def _round_trip(journal: Journal, tmp_path: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    export_journal(journal, tmp_path / "first")
    with create_journal(tmp_path / "restored.kith") as restored:
        plan = preview_kith_csv(restored, tmp_path / "first")
        assert plan.mode == "restore"
        import_kith_csv(restored, tmp_path / "first", plan=plan)
        export_journal(restored, tmp_path / "second")
    return _files(tmp_path / "first"), _files(tmp_path / "second")


def test_hostile_journal_round_trips_byte_for_byte(journal: Journal, tmp_path: Path) -> None:
    build_hostile_journal(journal)
    first, second = _round_trip(journal, tmp_path)
    for name, data in first.items():
        assert data == second[name], name
        assert data.startswith(b"\xef\xbb\xbf"), name  # UTF-8 with a BOM, for Excel
        assert data.endswith(b"\r\n"), name
    with open_journal(tmp_path / "restored.kith") as restored, restored.engine.connect() as c:
        kept = c.execute(text("SELECT how_met, phone, organization FROM contacts WHERE id = 1"))
        assert tuple(kept.one()) == tuple(LEADING_BLANKS.values())
        notes = c.execute(text("SELECT notes FROM contacts ORDER BY id")).scalars().all()
    assert [n for n in HOSTILE if n != HOSTILE[3]] == notes  # the 4th person is in the trash


def test_every_formula_start_gets_one_apostrophe_and_nothing_else(
    journal: Journal, tmp_path: Path
) -> None:
    build_hostile_journal(journal)
    export_journal(journal, tmp_path / "out")
    data = (tmp_path / "out" / "contacts.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    notes = [row["notes"] for row in rows]
    assert notes[:3] == ["'=1+1", """'=HYPERLINK("http://x","y")""", "'@SUM(A1)"]
    assert "''quoted" in notes and "''=already" in notes and "''" in notes
    assert (
        "Zoë Ñandú Ærøskøbing" in notes
        and "line one\r\nline two\r\n\r\nafter a blank line" in notes
    )
    assert rows[0]["how_met"] == "'\tTAB=1+1" and rows[0]["phone"] == "'\r=carriage"
    assert rows[0]["birthday"] == "--02-29"  # a date, never neutralised
    for row in rows:
        for column in f.CONTACTS.columns:
            cell = row[column]
            if column not in f.CONTACTS.text and cell[:1] in f.FORMULA_STARTS:
                assert column == "birthday" and cell.startswith("--"), (column, cell)


@pytest.mark.parametrize("cell", [*HOSTILE, "", "\t", "\r", "''", "'a", "x'", "\x00x"])
def test_neutralise_is_undone_exactly(cell: str) -> None:
    written = f.neutralise(cell)
    assert f.restore(written) == cell
    assert written[:1] not in ("=", "+", "-", "@", "\t", "\r", "\x00")


def test_demo_journal_round_trips_byte_for_byte(tmp_path: Path) -> None:
    generate_demo(tmp_path / "demo.kith", contacts=40, seed=1, today=dt.date(2026, 11, 24))
    with open_journal(tmp_path / "demo.kith") as demo:
        first, second = _round_trip(demo, tmp_path)
    assert first == second
    assert first["contacts.csv"].count(b"\r\n") == 41
