"""Finding people who are one: same email, same phone (E.164), similar names, same birthday."""

from __future__ import annotations

from app.core.enums import Tie
from app.core.records import ContactFields
from app.core.services import contacts, duplicates, trash
from app.core.services.duplicates import e164
from app.core.store import Journal


def person(journal: Journal, name: str, **fields: str) -> int:
    new_id = contacts.add_contact(journal, ContactFields(name, Tie.FRIEND, **fields)).new_id
    assert new_id is not None
    return new_id


def pairs(journal: Journal) -> list[tuple[set[int], tuple[str, ...]]]:
    return [
        ({p.keep.id, p.other.id}, p.reasons)
        for p in duplicates.find_duplicates(journal, region="GB")
    ]


def test_phones_are_compared_as_e164() -> None:
    assert e164("020 7946 0001", "GB") == e164("+44 (0)20 7946-0001", None) == "+442079460001"
    assert e164("(415) 555-0100", "US") == "+14155550100"
    assert e164("12", "GB") is None and e164("", "GB") is None and e164("call me", "GB") is None


def test_each_reason_is_found_and_the_best_come_first(journal: Journal) -> None:
    a = person(journal, "José García", email="JOSE@example.org")
    b = person(journal, "Garcia, Jose", email="jose@example.org ")
    c = person(journal, "Ann Smith", phone="020 7946 0001")
    d = person(journal, "Annie Smithers", phone="+44 20 7946 0001")
    e = person(journal, "Jonathan Peterson", birthday="1980-05-06")
    f = person(journal, "Jonathon Peterson")
    g = person(journal, "Mia Wong", birthday="--07-08")
    h = person(journal, "Mia Chen", birthday="--07-08")
    person(journal, "Zed Unrelated", birthday="1980-05-06")

    found = pairs(journal)

    assert found[0] == ({a, b}, ("same email (JOSE@example.org)", "same name"))
    assert found[1] == ({c, d}, ("same phone (+442079460001)",))
    assert ({e, f}, ("similar names (94%)",)) in found
    assert ({g, h}, ("same birthday (--07-08)",)) in found
    assert len(found) == 4  # a shared birthday alone (Zed) is no reason


def test_the_one_with_more_history_is_kept_and_the_trash_is_left_out(journal: Journal) -> None:
    a = person(journal, "Kim Lee")
    b = person(journal, "Kim Lee")
    (pair,) = duplicates.find_duplicates(journal)
    assert (pair.keep.id, pair.other.id) == (a, b)
    trash.move_to_trash(journal, "contact", b)
    assert duplicates.find_duplicates(journal) == []


def test_after_an_import_only_pairs_with_someone_it_added(journal: Journal) -> None:
    person(journal, "Ann Lee")
    person(journal, "Ann Lee")
    old = person(journal, "Bo Ek", email="bo@example.org")
    before = duplicates.highest_person_id(journal)
    new = person(journal, "Bo Ek", email="bo@example.org")
    assert [{p.keep.id, p.other.id} for p in duplicates.duplicates_of_newer(journal, before)] == [
        {new, old}
    ]
