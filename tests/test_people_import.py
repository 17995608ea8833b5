"""People from vCard files (2.1, 3.0, 4.0) and Google/Outlook CSV: preview, then one commit."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.core.csvio import MATCHES, NEW, SKIPPED, import_people, preview_people, read_people
from app.core.errors import PeopleImportError
from app.core.records import ContactFields
from app.core.services import contacts
from app.core.store import Journal, open_journal

DATA = Path(__file__).parent / "data"


def _people(name: str) -> list[tuple[str, str, str, str, str | None, str]]:
    _kind, people = read_people(DATA / name)
    return [(p.name, p.email, p.phone, p.organization, p.birthday, p.notes) for p in people]


def test_vcard_21_quoted_printable_preferred_values_and_photos() -> None:
    assert _people("people-v21.vcf") == [
        (
            "Amélie Lefebvre",
            "amelie@home.example",  # EMAIL;INTERNET;PREF
            "+33 6 12 34 56 78",  # TEL;CELL;PREF
            "Atelier Lumière, Design",
            "1985-04-12",  # BDAY:19850412
            "Met at the école fair.\nLikes long walks; =1+1 is not a formula",
        ),
        ("Kenji Ito", "", "03-1234-5678", "", None, "日本語のメモ"),  # N only, broken photo
        ("", "", "+44 20 7946 0000", "Plumbing Co.", None, ""),
    ]


def test_vcard_30_folded_lines_escapes_and_apple_birthdays() -> None:
    people = _people("people-v30.vcf")
    assert people[0] == (
        "Chidi Okafor, Jr.",
        "chidi@home.example",  # TYPE=...,pref on a grouped property
        "+234 1 000 0000",
        "Lagos Makers; Co-op, Events",
        "--07-21",  # X-APPLE-OMIT-YEAR
        "Line one\nline two, with a comma; and a semicolon. This note is long enough to be "
        "folded over two lines by the writer.",
    )
    assert people[1][:4] == ("ليلى حداد", "layla@example.org", "", "جمعية الحي")
    assert people[1][4] is None  # 1990-02-29 is no day
    assert people[3][0] == "Chidi Okafor, Jr."  # an unescaped comma kept


def test_vcard_40_pref_numbers_uris_and_year_less_birthdays() -> None:
    assert _people("people-v40.vcf") == [
        (
            "Zhang Wei 张伟",
            "first@example.cn",
            "+86-10-1234-5678",
            "",
            "--04-12",
            "Loves hiking 🏔️ and dumplings 🥟",
        ),
        ("Olu Bello", "", "+234 700 111 2222", "", "1985-04-12", ""),
        ("Ada Old", "", "", "", None, ""),
        ("María José García", "", "", "Cooperativa", "--02-29", ""),
    ]


def test_google_csv_both_layouts_and_outlook() -> None:
    assert _people("google-contacts.csv")[:2] == [
        (
            "Ingrid Nilsson",
            "ingrid@home.example",  # "* Home" is the preferred one
            "+46 70 123 45 67",  # the first of " ::: "
            "Stockholms Kör",
            "1979-11-03",
            "Choir alto.\nDrives to rehearsals, offers lifts.",
        ),
        ("Tomás Ó Briain", "tomas@example.ie", "", "", "--06-30", ""),
    ]
    assert _people("google-contacts-2024.csv") == [
        (
            "Kwame Mensah",
            "kwame@example.com.gh",
            "+233 20 000 0000",
            "Accra Tech Hub",
            "1991-08-15",
            "Loves jollof, argues about football.",
        ),
        ("Sofía Isabel Reyes", "sofia@home.example", "", "", "--12-24", ""),
    ]
    kind, _people_read = read_people(DATA / "outlook-contacts.csv")
    assert kind == "Outlook CSV"
    assert _people("outlook-contacts.csv")[:2] == [
        (
            "Priya Natarajan",
            "priya@example.in",
            "+91 98 0000 0000",
            "Chennai Library Trust",
            "1985-04-12",
            'Book club, "quotes" and, commas',
        ),
        ("Bob Stone", "bob@second.example", "", "", None, ""),
    ]


def test_preview_sorts_people_into_new_matches_and_skipped(journal: Journal) -> None:
    ann = contacts.add_contact(journal, ContactFields("Ann Lee", email="ann@example.org")).new_id
    preview = preview_people(journal, DATA / "people-v30.vcf")
    verdicts = [(v.person.line, v.status, v.existing_id, v.reason) for v in preview.people]
    assert verdicts == [
        (1, NEW, None, ""),
        (31, NEW, None, ""),
        (39, MATCHES, ann, ""),  # "  ann LEE " <Ann@Example.org>
        (44, SKIPPED, None, "the same person as line 1 of this file"),
    ]
    assert preview.lines()[0].endswith("4 people, 2 new, 1 already in the journal, 1 skipped")
    nameless = preview_people(journal, DATA / "people-v21.vcf").people[2]
    assert (nameless.status, nameless.reason) == (SKIPPED, "no name (only an organization)")


def test_import_adds_only_the_new_and_a_second_import_adds_nobody(journal: Journal) -> None:
    contacts.add_contact(journal, ContactFields("Ann Lee", email="ann@example.org"))
    preview = preview_people(journal, DATA / "google-contacts.csv")
    seen: list[float] = []
    summary = import_people(journal, preview, tie="acquaintance", progress=seen.append)
    assert (summary.added, summary.matched, summary.skipped) == (3, 1, 1)
    assert seen[-1] == 1.0 and "contact" in summary.changed.kinds
    people = {c.name: c for c in contacts.list_contacts(journal)}
    ingrid = contacts.get_contact(journal, people["Ingrid Nilsson"].id)
    assert (ingrid.tie, ingrid.email, ingrid.birthday) == (
        "acquaintance",
        "ingrid@home.example",
        "1979-11-03",
    )
    again = import_people(journal, preview_people(journal, DATA / "google-contacts.csv"))
    assert (again.added, again.matched) == (0, 4)
    assert len(contacts.list_contacts(journal)) == 4


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "latin.vcf",
            "BEGIN:VCARD\r\nFN:Zo\xe9\r\nEND:VCARD\r\n".encode("latin-1"),
            "is not UTF-8 text (line 2 has the byte 0xE9)",
        ),
        ("empty.vcf", b"", "is empty; there is nobody to import."),
        ("nothing.vcf", b"hello\r\n", "holds no vCard (no BEGIN:VCARD line)."),
        (
            "nothing.csv",
            b"Company,Phone\r\nAcme,1\r\n",
            "does not look like a Google Contacts or Outlook export",
        ),
        (
            "utf16.csv",
            "Name\r\nAnn\r\n".encode("utf-16"),
            "is not UTF-8 text (it looks like UTF-16)",
        ),
    ],
)
def test_unreadable_people_files_are_refused(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(PeopleImportError) as caught:
        read_people(tmp_path / name, "vcard" if name.endswith(".vcf") else "csv")
    assert message in str(caught.value) and str(tmp_path) in str(caught.value)
    assert caught.value.exit_code == 13


def test_kith_import_vcard_previews_then_imports(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = str(DATA / "people-v40.vcf")
    assert main(["--journal", str(journal_path), "import", "vcard", file, "--dry-run"]) == 0
    assert not journal_path.exists()  # a dry run creates nothing
    out = capsys.readouterr().out
    assert "4 people, 4 new" in out and "dry run: nobody was added" in out
    assert "birthday 'circa 1800' not understood, left out" in out
    assert main(["--journal", str(journal_path), "import", "vcard", file, "--tie", "friend"]) == 0
    assert "added 4 people" in capsys.readouterr().out
    with open_journal(journal_path) as journal:
        assert {c.tie for c in contacts.list_contacts(journal)} == {"friend"}
    assert main(["--journal", str(journal_path), "import", "google-csv", file]) == 13
    err = capsys.readouterr().err
    assert err.startswith("kith: ") and "Traceback" not in err


# --- issue 20, items 11 and 15: no card vanishes, no card crashes the import -----------------


def _cards_of(tmp_path: Path, text: str) -> list[tuple[int, str, str | None]]:
    path = tmp_path / "cards.vcf"
    path.write_text(text, encoding="utf-8")
    _kind, people = read_people(path)
    return [(p.line, p.name, p.problem) for p in people]


def test_a_card_missing_its_end_is_read_and_the_next_one_too(tmp_path: Path) -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nBEGIN:VCARD\nVERSION:3.0\nFN:Bo\nEND:VCARD\n"
    assert _cards_of(tmp_path, text) == [(1, "Ada", None), (4, "Bo", None)]


def test_a_soft_line_break_at_the_end_of_a_card_keeps_the_card(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nFN:Ada\nNOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9=\n"
        "END:VCARD\nBEGIN:VCARD\nVERSION:2.1\nFN:Bo\nEND:VCARD\n"
    )
    assert [name for _line, name, _p in _cards_of(tmp_path, text)] == ["Ada", "Bo"]


def test_a_line_without_a_property_name_keeps_the_card(tmp_path: Path) -> None:
    text = "BEGIN:VCARD\nVERSION:2.1\nFN:Ada\n;ENCODING=QUOTED-PRINTABLE:x=\nEND:VCARD\n"
    ((_line, name, problem),) = _cards_of(tmp_path, text)
    assert name == "Ada" and problem is None


def test_a_preference_written_in_other_digits_does_not_crash(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ada\nEMAIL;PREF=²:a@x.org\nEMAIL;PREF=1:b@x.org\nEND:VCARD\n"
    )
    path = tmp_path / "pref.vcf"
    path.write_text(text, encoding="utf-8")
    _kind, (ada,) = read_people(path)
    assert ada.email == "a@x.org"  # a PREF that is no number counts as PREF=1; the first wins
