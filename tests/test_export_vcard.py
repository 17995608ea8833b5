"""People as vCards and a kept-in-step vdir, read back by UID: a phone's edits come home.

Second parsers: the strict RFC 2426 validator of the `vcard` package for 3.0, and
vobject (as khard and vdirsyncer read cards) for 3.0 and 4.0.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
import vobject
from vcard.vcard_validator import validate_file

from app.core.errors import PeopleImportError
from app.core.exchange.vcards import export_vcards
from app.core.exchange.vdir import STATE, apply_cards, preview_cards, sync_vdir
from app.core.records import ContactFields
from app.core.services import contacts, trash
from app.core.store import Journal


def person(journal: Journal, name: str, **fields: object) -> int:
    return contacts.add_contact(journal, ContactFields(name, **fields)).new_id or 0  # type: ignore[arg-type]


@pytest.fixture
def people(journal: Journal) -> dict[str, int]:
    return {
        "sam": person(
            journal,
            "Sam Rivers",
            email="sam@example.org",
            phone="+44 20 7946 0000",
            organization="Rivers, Lakes & Co",
            birthday="1985-06-30",
            notes="owes me nothing; private",
        ),
        "noor": person(journal, "نور النجار", birthday="--02-29", email="noor@example.org"),
        "ana": person(journal, "Ana"),
    }


def test_a_vcard_3_file_passes_a_strict_validator_and_reads_back_the_same(
    journal: Journal, people: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "people.vcf"
    export_vcards(journal, out, ids={people["sam"], people["ana"]})
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert validate_file(str(out), False) == ""  # RFC 2426, line by line
    cards = list(vobject.readComponents(out.read_text(encoding="utf-8")))
    assert [c.fn.value for c in cards] == ["Ana", "Sam Rivers"]
    sam = cards[1]
    assert sam.version.value == "3.0"
    assert sam.email.value == "sam@example.org"
    assert sam.tel.value == "+44 20 7946 0000"
    assert sam.org.value == ["Rivers, Lakes & Co"]
    assert sam.bday.value == "1985-06-30"
    assert (sam.n.value.given, sam.n.value.family) == ("Sam", "Rivers")
    assert "private" not in out.read_text(encoding="utf-8")  # notes stay in the journal


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_both_versions_round_trip_through_vobject_with_stable_uids(
    journal: Journal, people: dict[str, int], tmp_path: Path, version: str
) -> None:
    first, again = tmp_path / "one.vcf", tmp_path / "two.vcf"
    export_vcards(journal, first, version=version)
    export_vcards(journal, again, version=version)
    assert first.read_bytes() == again.read_bytes()  # same UIDs, same cards
    cards = {c.fn.value: c for c in vobject.readComponents(first.read_text(encoding="utf-8"))}
    assert {c.version.value for c in cards.values()} == {version}
    uids = {c.uid.value for c in cards.values()}
    assert len(uids) == 3 and all(u.startswith("urn:uuid:") for u in uids)
    noor = cards["نور النجار"]
    if version == "4.0":
        assert noor.bday.value == "--0229"  # RFC 6350's date without a year
    else:
        assert noor.bday.value == "1604-02-29"
        assert noor.bday.params["X-APPLE-OMIT-YEAR"] == ["1604"]
    # Kith reads its own cards back as the same people: nobody new, nobody changed.
    preview = preview_cards(journal, first)
    assert (len(preview.updates), preview.unchanged) == (0, 3)


def test_a_card_edited_on_the_phone_updates_the_person_and_the_preview_says_what(
    journal: Journal, people: dict[str, int], tmp_path: Path
) -> None:
    folder = tmp_path / "contacts"
    summary = sync_vdir(journal, folder)
    assert (summary.written, stat.S_IMODE(folder.stat().st_mode)) == (3, 0o700)
    [sam_card] = [p for p in folder.glob("*.vcf") if "Sam Rivers" in p.read_text("utf-8")]
    # The phone (through DAVx⁵ and Syncthing, say) rewrites the card its own way.
    card = vobject.readOne(sam_card.read_text(encoding="utf-8"))
    card.tel.value = "+44 7700 900123"
    card.fn.value = "Samuel Rivers"
    card.add("note").value = "from the phone"
    sam_card.write_text(card.serialize(), encoding="utf-8")

    with pytest.raises(PeopleImportError, match="changed since Kith last wrote them"):
        sync_vdir(journal, folder)  # the edit is not written over
    preview = preview_cards(journal, folder)
    [update] = preview.updates
    assert update.contact_id == people["sam"]
    assert [(c.field, c.old, c.new) for c in update.changes] == [
        ("name", "Sam Rivers", "Samuel Rivers"),
        ("phone", "+44 20 7946 0000", "+44 7700 900123"),
    ]
    assert "phone '+44 20 7946 0000' → '+44 7700 900123'" in "\n".join(preview.lines())
    before = contacts.get_contact(journal, people["sam"])

    apply_cards(journal, preview)
    after = contacts.get_contact(journal, people["sam"])
    assert (after.name, after.phone) == ("Samuel Rivers", "+44 7700 900123")
    assert (after.notes, after.email) == (before.notes, before.email)  # what a card lacks stays
    assert len(contacts.list_contacts(journal)) == 3  # updated, not added
    assert sync_vdir(journal, folder).written == 1  # in step again: Kith's spelling of it


def test_a_card_deleted_on_the_phone_is_reported_and_nobody_is_trashed(
    journal: Journal, people: dict[str, int], tmp_path: Path
) -> None:
    folder = tmp_path / "contacts"
    sync_vdir(journal, folder)
    [ana_card] = [p for p in folder.glob("*.vcf") if "FN:Ana" in p.read_text("utf-8")]
    ana_card.unlink()
    preview = preview_cards(journal, folder)
    assert [(d.contact_id, d.name) for d in preview.deleted] == [(people["ana"], "Ana")]
    assert "Ana stays in the journal" in "\n".join(preview.lines())
    summary = apply_cards(journal, preview)
    assert summary.deleted_reported == 1
    assert contacts.get_contact(journal, people["ana"]).name == "Ana"  # not in the trash
    again = sync_vdir(journal, folder)
    assert (again.written, again.left_out) == (0, 1)
    assert not ana_card.exists()  # not pushed back onto the phone


def test_a_trashed_persons_card_leaves_the_folder(
    journal: Journal, people: dict[str, int], tmp_path: Path
) -> None:
    folder = tmp_path / "contacts"
    sync_vdir(journal, folder)
    trash.move_to_trash(journal, "contact", people["ana"])
    summary = sync_vdir(journal, folder)
    assert (summary.removed, len(list(folder.glob("*.vcf")))) == (1, 2)


def _snapshot(journal: Journal, folder: Path) -> tuple[object, dict[str, bytes]]:
    people = [contacts.get_contact(journal, c.id) for c in contacts.list_contacts(journal)]
    return people, {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize(
    ("trouble", "sentence"),
    [
        ("malformed", "cannot be taken in"),
        ("unknown", "is nobody in this journal"),
        ("two cards", "holds 2 cards"),
    ],
)
def test_a_bad_card_in_the_vdir_gets_one_sentence_and_changes_nothing(
    journal: Journal, people: dict[str, int], tmp_path: Path, trouble: str, sentence: str
) -> None:
    folder = tmp_path / "contacts"
    sync_vdir(journal, folder)
    [sam_card] = [p for p in folder.glob("*.vcf") if "Sam Rivers" in p.read_text("utf-8")]
    sam_card.write_text(
        sam_card.read_text("utf-8").replace("+44 20 7946 0000", "+1 555 0100"), "utf-8"
    )
    stranger = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-made-1\r\nFN:Stranger\r\nEND:VCARD\r\n"
    if trouble == "malformed":
        (folder / "broken.vcf").write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n", "utf-8")
    elif trouble == "unknown":
        (folder / "stranger.vcf").write_text(stranger, "utf-8")
    else:
        sam_card.write_text(sam_card.read_text("utf-8") + stranger, "utf-8")
    before = _snapshot(journal, folder)
    with pytest.raises(PeopleImportError, match=sentence) as caught:
        preview_cards(journal, folder)
    assert str(caught.value).endswith("nothing was changed.")
    assert _snapshot(journal, folder) == before


def test_a_vcf_file_updates_by_uid_and_adds_the_others(
    journal: Journal, people: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "people.vcf"
    export_vcards(journal, out, ids={people["sam"]}, version="4.0")
    text = out.read_text("utf-8").replace("sam@example.org", "sam@rivers.example")
    text += "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:other\r\nFN:Sam Rivers\r\nEND:VCARD\r\n"
    text += "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Beatriz New\r\nEND:VCARD\r\n"
    out.write_text(text, "utf-8")
    preview = preview_cards(journal, out)
    [update] = preview.updates
    assert [(c.field, c.new) for c in update.changes] == [("email", "sam@rivers.example")]
    assert preview.others is not None
    # The other Sam Rivers has a UID Kith does not know: matched by name, as before.
    assert [(v.person.name, v.status) for v in preview.others.people] == [
        ("Sam Rivers", "matches"),
        ("Beatriz New", "new"),
    ]
    summary = apply_cards(journal, preview)
    assert (summary.updated, summary.added) == (1, 1)
    names = sorted(c.name for c in contacts.list_contacts(journal))
    assert names == sorted(["Sam Rivers", "نور النجار", "Ana", "Beatriz New"])


def test_a_folder_of_another_journal_is_refused(
    journal: Journal, people: dict[str, int], tmp_path: Path
) -> None:
    folder = tmp_path / "contacts"
    sync_vdir(journal, folder)
    state = json.loads((folder / STATE).read_text("utf-8"))
    state["journal"] = "00000000-0000-0000-0000-000000000000"
    (folder / STATE).write_text(json.dumps(state), "utf-8")
    with pytest.raises(PeopleImportError, match="another journal"):
        sync_vdir(journal, folder)
