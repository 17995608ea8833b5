"""Export: the files of DATA-MODEL.md, in a new folder, without the trash, streamed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import stat
from pathlib import Path

import pytest

from app.cli import main
from app.core.csvio import default_export_folder, export_journal, import_kith_csv
from app.core.csvio import format as f
from app.core.errors import JournalExistsError, OperationCancelledError
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
from app.core.store import Journal, create_journal

DAY = dt.date(2024, 5, 1)


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    data = (folder / name).read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(data, newline="")))


def test_the_eight_files_have_the_contract_columns(journal: Journal, tmp_path: Path) -> None:
    summary = export_journal(journal, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        spec.name for spec in f.EXPORTED
    )
    header = {
        "contacts.csv": "id,name,tie,how_met,email,phone,organization,birthday,"
        "keep_in_touch_days,notes,created_at",
        "interactions.csv": "id,occurred_on,kind,warmth,initiated_by,note,contact_ids",
        "favors.csv": "id,contact_id,direction,occurred_on,description,weight,expectation,"
        "returns_favor_id",
        "coalitions.csv": "id,name,issue,desired_outcome,formality,status,started_on,ended_on,"
        "my_interest,my_commitment,differences",
        "memberships.csv": "coalition_id,contact_id,role,interest,commitment,knows_goal,"
        "agrees_outcome,joined_on,left_on",
        "joint_actions.csv": "id,coalition_id,occurred_on,description,outcome,contact_ids",
        "journal.csv": "id,written_on,text,contact_id,coalition_id,prompt_rule",
        "summary.csv": "contact_id,name,tie,interactions,favors_given,favors_received,"
        "weight_given,weight_received,last_interaction_on,transactional_index,coalitions",
    }
    for name, columns in header.items():
        assert (tmp_path / "out" / name).read_bytes() == f"\ufeff{columns}\r\n".encode()
    assert set(summary.rows.values()) == {0}
    mode = (tmp_path / "out").stat().st_mode
    assert stat.S_IMODE(mode) == 0o700  # a journal is private; so is its export


def test_values_are_spelled_as_the_contract_says(journal: Journal, tmp_path: Path) -> None:
    ann = contacts.add_contact(
        journal, ContactFields("Ann", "colleague", birthday="--02-29", keep_in_touch_days=30)
    ).new_id
    bo = contacts.add_contact(journal, ContactFields("Bo", birthday="1990-01-31")).new_id
    moments.log_moment(journal, MomentFields(DAY, (bo, ann), "meeting", 4, "mutual", "x"))
    group = coalitions.add_coalition(journal, CoalitionFields("Team", started_on=DAY)).new_id
    coalitions.add_member(journal, MemberFields(group, ann, knows_goal=True, agrees_outcome=False))
    coalitions.add_member(journal, MemberFields(group, bo))
    export_journal(journal, tmp_path / "out")
    people = _rows(tmp_path / "out", "contacts.csv")
    assert [p["birthday"] for p in people] == ["--02-29", "1990-01-31"]
    assert people[0]["keep_in_touch_days"] == "30" and people[1]["keep_in_touch_days"] == ""
    assert all(len(p["created_at"]) == 20 and p["created_at"].endswith("Z") for p in people)
    [moment] = _rows(tmp_path / "out", "interactions.csv")
    assert moment == {
        "id": "1",
        "occurred_on": "2024-05-01",
        "kind": "meeting",
        "warmth": "4",
        "initiated_by": "mutual",
        "note": "x",
        "contact_ids": f"{ann};{bo}",
    }
    members = _rows(tmp_path / "out", "memberships.csv")
    assert [(m["knows_goal"], m["agrees_outcome"]) for m in members] == [("yes", "no"), ("", "")]


def test_summary_agrees_with_the_person_page(journal: Journal, tmp_path: Path) -> None:
    ann = contacts.add_contact(journal, ContactFields("Ann")).new_id
    bo = contacts.add_contact(journal, ContactFields("Bo")).new_id
    moments.log_moment(journal, MomentFields(DAY, (ann, bo)))
    moments.log_moment(journal, MomentFields(DAY + dt.timedelta(3), (ann,)))
    moments.log_favor(journal, FavorFields(ann, "given", DAY, "help", 4))
    moments.log_favor(journal, FavorFields(ann, "received", DAY, "cake", 2))
    for name in ("Zeta", "=alpha"):
        group = coalitions.add_coalition(journal, CoalitionFields(name)).new_id
        coalitions.add_member(journal, MemberFields(group, ann))
    export_journal(journal, tmp_path / "out")
    row = _rows(tmp_path / "out", "summary.csv")[0]
    totals = contacts.person_totals(journal, ann)
    assert row == {
        "contact_id": str(ann),
        "name": "Ann",
        "tie": "friend",
        "interactions": str(totals.interactions),
        "favors_given": "1",
        "favors_received": "1",
        "weight_given": "4",
        "weight_received": "2",
        "last_interaction_on": "2024-05-04",
        "transactional_index": "0",  # two favors and two moments: nothing stands out
        "coalitions": "'=alpha;Zeta",
    }


def test_the_trash_and_what_hangs_on_it_stay_out(journal: Journal, tmp_path: Path) -> None:
    ann, bo, cy = (contacts.add_contact(journal, ContactFields(n)).new_id for n in "ABC")
    moments.log_moment(journal, MomentFields(DAY, (ann, bo), note="both"))
    moments.log_moment(journal, MomentFields(DAY, (bo,), note="only Bo"))
    lent = moments.log_favor(journal, FavorFields(ann, "given", DAY, "lent", 2)).new_id
    moments.log_favor(journal, FavorFields(ann, "received", DAY, "back", 2, returns_favor_id=lent))
    moments.log_favor(journal, FavorFields(bo, "given", DAY, "Bo's", 2))
    kept = coalitions.add_coalition(journal, CoalitionFields("Kept")).new_id
    gone = coalitions.add_coalition(journal, CoalitionFields("Gone")).new_id
    for group in (kept, gone):
        coalitions.add_member(journal, MemberFields(group, bo))
        coalitions.add_member(journal, MemberFields(group, cy))
        coalitions.log_joint_action(journal, JointActionFields(group, DAY, "did", "", (bo, cy)))
    journal_entries.write_entry(journal, EntryFields(DAY, "about Bo", bo, gone))
    trash.move_to_trash(journal, "contact", bo)
    trash.move_to_trash(journal, "coalition", gone)
    trash.move_to_trash(journal, "favor", lent)

    export_journal(journal, tmp_path / "out")
    out = tmp_path / "out"
    assert [r["name"] for r in _rows(out, "contacts.csv")] == ["A", "C"]
    assert [(r["note"], r["contact_ids"]) for r in _rows(out, "interactions.csv")] == [
        ("both", str(ann))
    ]
    assert [(r["description"], r["returns_favor_id"]) for r in _rows(out, "favors.csv")] == [
        ("back", "")
    ]
    assert [r["name"] for r in _rows(out, "coalitions.csv")] == ["Kept"]
    assert [r["contact_id"] for r in _rows(out, "memberships.csv")] == [str(cy)]
    assert [r["contact_ids"] for r in _rows(out, "joint_actions.csv")] == [str(cy)]
    assert [(r["contact_id"], r["coalition_id"]) for r in _rows(out, "journal.csv")] == [("", "")]
    with create_journal(tmp_path / "again.kith") as again:
        import_kith_csv(again, out)  # what an export leaves out never breaks its import


def test_an_existing_folder_is_never_overwritten(journal: Journal, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("keep")
    with pytest.raises(JournalExistsError, match="already exists; Kith will not overwrite it"):
        export_journal(journal, tmp_path / "out")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["mine.txt"]


def test_the_default_folder_is_named_for_the_journal_and_day(tmp_path: Path) -> None:
    day = dt.date(2026, 11, 24)
    first = default_export_folder("journal", tmp_path, day)
    assert first.name == "journal-export-2026-11-24"
    first.mkdir()
    second = default_export_folder("journal", tmp_path, day)
    assert second.name == "journal-export-2026-11-24-2"
    second.mkdir()
    assert default_export_folder("journal", tmp_path, day).name == "journal-export-2026-11-24-3"


def test_kith_export_picks_a_fresh_folder_each_time(
    journal_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    create_journal(journal_path).close()
    monkeypatch.chdir(tmp_path)
    assert main(["--journal", str(journal_path), "export"]) == 0
    assert main(["--journal", str(journal_path), "export"]) == 0
    made = sorted(p.name for p in tmp_path.iterdir() if "-export-" in p.name)
    assert len(made) == 2 and made[1].endswith("-2") and made[0].startswith("test-export-")
    assert main(["--journal", str(journal_path), "export", "--out", made[0]]) == 7
    assert "already exists" in capsys.readouterr().err


def test_cancel_removes_the_half_written_folder(journal: Journal, tmp_path: Path) -> None:
    contacts.add_contact(journal, ContactFields("Ann"))
    seen: list[float] = []
    with pytest.raises(OperationCancelledError):
        export_journal(journal, tmp_path / "out", progress=seen.append, cancelled=lambda: True)
    assert not (tmp_path / "out").exists() and seen[0] == 0.0
    summary = export_journal(journal, tmp_path / "out", progress=seen.append)
    assert seen[-1] == 1.0 and summary.rows["contacts.csv"] == 1


def test_files_are_private_to_their_owner(journal: Journal, tmp_path: Path) -> None:
    export_journal(journal, tmp_path / "out")
    for path in (tmp_path / "out").iterdir():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_summary_carries_the_transactional_index_as_of_the_export_date(
    journal: Journal, tmp_path: Path
) -> None:
    from app.core.services.prompts import readings

    dana = contacts.add_contact(journal, ContactFields("Dana")).new_id or 0
    for days in range(1500, 200, -30):
        moments.log_moment(journal, MomentFields(DAY - dt.timedelta(days), (dana,), warmth=5))
    for days in range(150, 10, -20):
        asked = moments.log_favor(
            journal,
            FavorFields(dana, "received", DAY - dt.timedelta(days), "x", 2, "explicit"),
        ).new_id
        moments.log_favor(
            journal,
            FavorFields(dana, "given", DAY - dt.timedelta(days - 4), "y", 2, "explicit", asked),
        )
    export_journal(journal, tmp_path / "out", as_of=DAY)
    (row,) = _rows(tmp_path / "out", "summary.csv")
    expected = readings(journal, DAY)[dana].index
    assert expected >= 60
    assert row["transactional_index"] == str(expected)
