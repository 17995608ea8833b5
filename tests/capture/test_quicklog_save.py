"""Saving a quick-log line, in the core and through `kith log`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.capture.people_match import PeopleIndex
from app.core.capture.quicklog import QuickLog
from app.core.capture.quicklog_save import save_reading, undo_saved
from app.core.enums import Direction, Expectation, InteractionKind
from app.core.errors import ValidationError
from app.core.records import ContactFields
from app.core.services import contacts, moments, timeline
from app.core.services.overview import record_counts
from app.core.store import Journal, create_journal

TODAY = dt.date(2026, 12, 2)


def _people(journal: Journal, *names: str) -> list[int]:
    ids = []
    for name in names:
        new_id = contacts.add_contact(journal, ContactFields(name)).new_id
        assert new_id is not None
        ids.append(new_id)
    return ids


def _read(journal: Journal, line: str):  # type: ignore[no-untyped-def]
    return QuickLog(PeopleIndex.load(journal)).read(line, TODAY)


def test_a_moment_line_is_saved_with_everyone_and_its_warmth(journal: Journal) -> None:
    sam, ana = _people(journal, "Sam Okafor", "Ana Lima")
    saved = save_reading(journal, _read(journal, "coffee with Sam and Ana yesterday, warm"))
    kind, moment_id = saved.records[0]
    assert kind == "interaction"
    moment = moments.get_moment(journal, moment_id)
    assert moment.occurred_on == dt.date(2026, 12, 1)
    assert moment.kind is InteractionKind.SHARED_TIME
    assert moment.warmth == 4
    assert {cid for cid, _ in moment.participants} == {sam, ana}
    assert moment.note == "coffee with Sam and Ana"
    assert saved.changed.contact_ids == {sam, ana}


def test_a_favor_line_is_saved_as_one_favor_per_person(journal: Journal) -> None:
    (sam,) = _people(journal, "Sam Okafor")
    saved = save_reading(
        journal, _read(journal, "Sam helped me move last Saturday, big favor, I owe her")
    )
    [(kind, favor_id)] = saved.records
    favor = moments.get_favor(journal, favor_id)
    assert kind == "favor"
    assert (favor.contact_id, favor.direction, favor.weight) == (sam, Direction.RECEIVED, 4)
    assert favor.expectation is Expectation.EXPLICIT
    assert favor.occurred_on == dt.date(2026, 11, 28)
    assert favor.description == "Sam helped me move"


def test_undo_moves_what_the_line_wrote_to_the_trash(journal: Journal) -> None:
    (jonas,) = _people(journal, "Jonas")
    saved = save_reading(journal, _read(journal, "lent Jonas my drill"))
    assert timeline.person_timeline(journal, jonas)
    undo_saved(journal, saved.records)
    assert timeline.person_timeline(journal, jonas) == []
    assert record_counts(journal).trashed == 1


def test_two_people_of_one_name_are_refused_naming_both(journal: Journal) -> None:
    _people(journal, "Sam Okafor", "Sam Reyes")
    with pytest.raises(ValidationError) as refused:
        save_reading(journal, _read(journal, "coffee with Sam"))
    assert "Sam Okafor" in str(refused.value) and "Sam Reyes" in str(refused.value)
    assert record_counts(journal).live["interaction"] == 0


def test_a_new_name_is_added_only_when_asked(journal: Journal) -> None:
    _people(journal, "Ana Lima")
    reading = _read(journal, "dinner with Ana and Carla Souza")
    with pytest.raises(ValidationError, match="Carla Souza"):
        save_reading(journal, reading)
    saved = save_reading(journal, reading, add_people=True)
    assert [kind for kind, _ in saved.records] == ["contact", "interaction"]
    names = [row.name for row in contacts.list_contacts(journal)]
    assert names == ["Ana Lima", "Carla Souza"]


def test_a_chosen_candidate_settles_an_ambiguous_name(journal: Journal) -> None:
    _sam1, sam2 = _people(journal, "Sam Okafor", "Sam Reyes")
    saved = save_reading(journal, _read(journal, "texted Sam"), {0: sam2})
    moment = moments.get_moment(journal, saved.records[0][1])
    assert [cid for cid, _ in moment.participants] == [sam2]


@pytest.fixture
def cli_journal(journal_path: Path) -> Path:
    journal = create_journal(journal_path)
    _people(journal, "Sam Okafor", "Sam Reyes", "Mum")
    journal.close()
    return journal_path


def test_kith_log_dry_run_json_prints_the_reading_and_writes_nothing(
    cli_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = cli_journal.read_bytes()
    code = main(
        ["--journal", str(cli_journal), "log", "call with Mum 2026-11-30", "--dry-run", "--json"]
    )
    assert code == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["entry"] == "moment" and shown["kind"] == "call"
    assert shown["occurred_on"] == "2026-11-30"
    assert [p["status"] for p in shown["people"]] == ["matched"]
    assert cli_journal.read_bytes() == before


def test_kith_log_refuses_an_ambiguous_name_in_one_sentence(
    cli_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--journal", str(cli_journal), "log", "coffee", "with", "Sam", "yesterday"])
    err = capsys.readouterr().err
    assert code == ValidationError.exit_code
    assert err.count("\n") == 1 and "Sam Okafor (#1)" in err and "Sam Reyes (#2)" in err


def test_kith_log_as_of_and_add_people(
    cli_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "--journal",
            str(cli_journal),
            "log",
            "Bob lent me his ladder yesterday",
            "--as-of",
            "2026-06-10",
            "--add-people",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "favor received on 2026-06-09" in out
    assert "Logged a favor received on 2026-06-09." in out
