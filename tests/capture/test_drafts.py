"""Moments drafted from the user's own exports: each sample file and the drafts it must give."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.core.capture import drafts, exports
from app.core.capture.drafts import ADD, SKIP, Draft
from app.core.enums import Initiator, InteractionKind
from app.core.errors import CaptureFileError
from app.core.records import ContactFields
from app.core.services import contacts, moments
from app.core.services.overview import record_counts
from app.core.store import Journal, create_journal

DATA = Path(__file__).resolve().parents[1] / "data" / "capture"
TODAY = dt.date(2026, 12, 2)
D = dt.date


def _read(name: str, source: str, me: str | None = "Alex Doe", **kw: object) -> list[Draft]:
    return exports.read_export(DATA / name, source, me=me, today=TODAY, **kw)  # type: ignore[arg-type]


def _compact(found: list[Draft]) -> list[tuple[str, str, str, int, str]]:
    return [
        (
            d.day.isoformat(),
            d.kind.value,
            "+".join(p.name for p in d.parties),
            d.count,
            d.initiated_by.value if d.initiated_by else "-",
        )
        for d in found
    ]


def _add(journal: Journal, name: str, email: str = "") -> int:
    new_id = contacts.add_contact(journal, ContactFields(name, email=email)).new_id
    assert new_id is not None
    return new_id


# ---- each format, and what it must give -----------------------------------------------------


def test_whatsapp_android_24_hour_day_first() -> None:
    assert _compact(_read("whatsapp-android-24h.txt", "chat")) == [
        ("2025-12-13", "message", "Sam Okafor", 1, "me"),
        ("2026-11-28", "message", "Sam Okafor", 4, "them"),  # a 3-line message counts once
        ("2026-11-29", "message", "Sam Okafor", 2, "me"),
    ]


def test_whatsapp_ios_12_hour_month_first() -> None:
    assert _compact(_read("whatsapp-ios-12h.txt", "chat")) == [
        ("2026-11-27", "message", "Ana Lima", 3, "them"),  # the encryption notice is not one
        ("2026-11-30", "message", "Ana Lima", 2, "me"),
        ("2026-12-01", "message", "Ana Lima", 1, "them"),  # a photo is a message
    ]


def test_whatsapp_group_gives_moments_with_whoever_wrote() -> None:
    assert _compact(_read("whatsapp-group.txt", "chat")) == [
        ("2026-11-01", "message", "Jonas Berg+Priya Shah", 3, "them"),
        ("2026-11-02", "message", "Léa Martin+Priya Shah", 3, "me"),
        # 3 November: only I wrote to the group, so with nobody in particular
    ]


def test_telegram_export_skips_service_messages() -> None:
    assert _compact(_read("telegram-result.json", "chat")) == [
        ("2026-11-20", "message", "Zoe Chen", 2, "them"),
        ("2026-11-22", "message", "Zoe Chen", 2, "me"),
    ]


def test_calendar_recurring_all_day_attendees_and_titles(journal: Journal) -> None:
    _add(journal, "Ana Lima")
    _add(journal, "Mum")  # names in titles count only when they are the journal's people
    found = _read("calendar-google.ics", "calendar", me=None, journal=journal)
    assert _compact(found) == [
        ("2026-11-04", "meeting", "Jonas Berg", 1, "-"),  # weekly, from 4 November
        ("2026-11-11", "meeting", "Jonas Berg", 1, "-"),
        ("2026-11-14", "shared_time", "Ana", 1, "-"),  # all-day, "with Ana" in the title
        ("2026-11-20", "shared_time", "Priya Shah+Carla Souza", 1, "-"),  # Tom declined
        # 18 November is an EXDATE; the cancelled dinner and the dentist give nothing
        ("2026-11-25", "meeting", "Jonas Berg", 1, "-"),
        ("2026-11-26", "call", "Mum", 1, "-"),
        ("2026-12-02", "meeting", "Jonas Berg", 1, "-"),  # today, and nothing after it
    ]


def test_mbox_threads_replies_and_encoded_headers() -> None:
    found = _read("mail-threads.mbox", "mail", me=None)  # the owner is found by frequency
    assert _compact(found) == [
        ("2026-11-28", "message", "Sam Okafor", 3, "them"),
        ("2026-11-30", "message", "José Ramírez", 1, "me"),
        ("2026-11-30", "message", "Léa Martin", 1, "me"),
        ("2026-11-30", "message", "Priya Shah", 1, "me"),
        ("2026-12-01", "message", "Léa Martin", 1, "them"),  # the message with no date: none
    ]
    assert {p.address for d in found for p in d.parties} >= {"lea@example.org"}


def test_a_folder_of_eml_files(tmp_path: Path) -> None:
    text = (DATA / "mail-threads.mbox").read_text(encoding="utf-8")
    for number, message in enumerate(text.split("\n\nFrom ")[1:3]):
        (tmp_path / f"{number}.eml").write_text(message.split("\n", 1)[1], encoding="utf-8")
    found = exports.read_export(tmp_path, "mail", me="alex.doe@example.org", today=TODAY)
    assert _compact(found) == [("2026-11-28", "message", "Sam Okafor", 2, "me")]


# ---- bad input: one sentence naming the file (and line), nothing written -------------------


@pytest.mark.parametrize(
    ("name", "source", "words"),
    [
        ("not-a-chat.txt", "chat", "not-a-chat.txt line 1 is not a line of a WhatsApp chat"),
        ("whatsapp-mixed-dates.txt", "chat", "line 2 writes its date the other way round"),
        ("calendar-broken.ics", "calendar", "calendar-broken.ics line 7 ends VCALENDAR while"),
        ("not-mail.mbox", "mail", "not-mail.mbox line 1 does not start with"),
        ("whatsapp-group.txt", "mail", "line 1 does not start with"),
        ("calendar-google.ics", "chat", "calendar-google.ics line 1 is not a line of a Wh"),
        ("telegram-result.json", "calendar", "line 1 is not BEGIN:VCALENDAR"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_in_one_sentence(
    journal: Journal, name: str, source: str, words: str
) -> None:
    with pytest.raises(CaptureFileError) as refused:
        exports.read_export(DATA / name, source, me="x", today=TODAY, journal=journal)
    assert words in str(refused.value)
    assert str(refused.value).count(". ") <= 1 and "\n" not in str(refused.value)


def test_a_chat_without_me_names_the_senders_to_choose_from() -> None:
    with pytest.raises(CaptureFileError, match="Alex Doe, Jonas Berg, Léa Martin, Priya Shah"):
        _read("whatsapp-group.txt", "chat", me=None)


def test_a_broken_telegram_json_is_refused(tmp_path: Path) -> None:
    cut = tmp_path / "result.json"
    cut.write_text((DATA / "telegram-result.json").read_text()[:700], encoding="utf-8")
    with pytest.raises(CaptureFileError, match=r"result\.json is not valid JSON"):
        exports.read_export(cut, "chat", me="Alex Doe", today=TODAY)


# ---- matching, writing, privacy, idempotency -------------------------------------------------


def test_plan_matches_names_and_skips_the_unknown_unless_asked(journal: Journal) -> None:
    _add(journal, "Jonas Berg")
    _add(journal, "Priya Shah")
    found = _read("whatsapp-group.txt", "chat")
    plan = drafts.plan(journal, found, file="group.txt")
    assert plan.decisions == {"jonas berg": 1, "priya shah": 2, "lea martin": SKIP}
    assert plan.summary() == "2 moments with 2 people; 1 name not matched"
    plan = drafts.plan(journal, found, file="group.txt", add_people=True)
    assert plan.decisions["lea martin"] == ADD
    assert plan.summary() == "2 moments with 3 people"


def test_mail_is_matched_by_address(journal: Journal) -> None:
    lea = _add(journal, "L. Martin", email="lea@example.org")
    plan = drafts.plan(journal, _read("mail-threads.mbox", "mail", me="alex.doe@example.org"))
    assert plan.decisions["lea@example.org"] == lea


def test_writing_keeps_a_count_not_the_words(journal: Journal) -> None:
    sam = _add(journal, "Sam Okafor")
    plan = drafts.plan(journal, _read("whatsapp-android-24h.txt", "chat", keep_text=True))
    written = drafts.write(journal, plan)
    assert written.summary == "Imported 3 moments with 1 person."
    notes = [moments.get_moment(journal, i).note for i in written.moment_ids]
    assert notes == ["1 WhatsApp message", "4 WhatsApp messages", "2 WhatsApp messages"]
    moment = moments.get_moment(journal, written.moment_ids[1])
    assert moment.kind is InteractionKind.MESSAGE and moment.initiated_by is Initiator.THEM
    assert moment.participants == ((sam, "Sam Okafor"),)


def test_keep_text_keeps_the_words_as_the_note(journal: Journal) -> None:
    _add(journal, "Sam Okafor")
    found = _read("whatsapp-android-24h.txt", "chat", keep_text=True)
    written = drafts.write(journal, drafts.plan(journal, found), keep_text=True)
    note = moments.get_moment(journal, written.moment_ids[1]).note
    assert note.startswith("4 WhatsApp messages\n\nSam Okafor: Morning!")
    assert "the trolley and\nsome rope" in note


def test_importing_again_or_an_overlapping_export_adds_only_what_is_new(
    journal: Journal, tmp_path: Path
) -> None:
    _add(journal, "Sam Okafor")
    first = drafts.write(journal, drafts.plan(journal, _read("whatsapp-android-24h.txt", "chat")))
    again = drafts.plan(journal, _read("whatsapp-android-24h.txt", "chat"))
    assert again.already == [True, True, True] and again.to_write() == []
    later = tmp_path / "later.txt"
    shutil.copy(DATA / "whatsapp-android-24h.txt", later)
    with later.open("a", encoding="utf-8") as handle:
        handle.write("01/12/2026, 08:00 - Sam Okafor: Coffee?\n")
    overlapping = drafts.plan(
        journal, exports.read_export(later, "chat", me="Alex Doe", today=TODAY)
    )
    assert [d.day for i, d in enumerate(overlapping.drafts) if i in overlapping.to_write()] == [
        D(2026, 12, 1)
    ]
    drafts.write(journal, overlapping)
    assert record_counts(journal).live["interaction"] == len(first.moment_ids) + 1


def test_cancel_writes_nothing(journal: Journal) -> None:
    _add(journal, "Sam Okafor")
    plan = drafts.plan(journal, _read("whatsapp-android-24h.txt", "chat"), add_people=True)
    from app.core.errors import OperationCancelledError

    with pytest.raises(OperationCancelledError):
        drafts.write(journal, plan, cancelled=lambda: True)
    assert record_counts(journal).live["interaction"] == 0


def test_undo_moves_the_import_and_its_new_people_to_the_trash(journal: Journal) -> None:
    plan = drafts.plan(journal, _read("whatsapp-group.txt", "chat"), add_people=True)
    written = drafts.write(journal, plan)
    assert len(written.contact_ids) == 3
    drafts.undo_write(journal, written)
    counts = record_counts(journal)
    assert counts.live["interaction"] == 0 and counts.live["contact"] == 0
    assert counts.trashed == 2 + 3


# ---- the command line ------------------------------------------------------------------------


@pytest.fixture
def cli_journal(journal_path: Path) -> Path:
    journal = create_journal(journal_path)
    _add(journal, "Jonas Berg")
    journal.close()
    return journal_path


def test_kith_import_chat_dry_run_json_and_remembered_me(
    cli_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chat = str(DATA / "whatsapp-group.txt")
    args = ["--journal", str(cli_journal), "import", "chat", chat]
    assert main([*args, "--dry-run", "--json", "--me", "Alex Doe"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["summary"] == "1 moment with 1 person; 2 names not matched"
    assert shown["drafts"][0]["source_key"] == "message:2026-11-01:jonas berg+priya shah"
    assert main([*args, "--me", "Alex Doe", "--add-people"]) == 0
    assert "Imported 2 moments with 3 people (2 new people)." in capsys.readouterr().out
    assert main(args) == 0  # --me was remembered; nothing new to add
    assert "0 moments with 0 people; 2 already in the journal" in capsys.readouterr().out


def test_kith_import_refuses_a_bad_file_with_exit_18(
    cli_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = cli_journal.read_bytes()
    code = main(["--journal", str(cli_journal), "import", "mail", str(DATA / "not-mail.mbox")])
    err = capsys.readouterr().err
    assert code == CaptureFileError.exit_code == 18
    assert err.count("\n") == 1 and "not-mail.mbox line 1" in err
    assert cli_journal.read_bytes() == before


def test_kith_import_calendar_and_mail(
    cli_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--journal", str(cli_journal), "import"]
    assert main([*base, "calendar", str(DATA / "calendar-google.ics"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "2026-11-04  meeting" in out and "Jonas Berg" in out
    assert main([*base, "mail", str(DATA / "mail-threads.mbox"), "--add-people"]) == 0
    assert "Imported 5 moments with 4 people (4 new people)." in capsys.readouterr().out
