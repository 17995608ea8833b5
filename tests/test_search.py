"""Find anything: accents, prefixes, phrases, every kind, the trash, and scripts without spaces."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.core.enums import Direction, Tie
from app.core.errors import ValidationError
from app.core.records import (
    CoalitionFields,
    ContactFields,
    EntryFields,
    FavorFields,
    JointActionFields,
    MemberFields,
    MomentFields,
)
from app.core.services import coalitions, contacts, journal_entries, moments, search, trash
from app.core.services.search import parse
from app.core.store import Journal

D = dt.date


def person(journal: Journal, name: str, **fields: str) -> int:
    new_id = contacts.add_contact(journal, ContactFields(name, Tie.FRIEND, **fields)).new_id
    assert new_id is not None
    return new_id


def found(journal: Journal, typed: str, kind: str | None = None) -> list[tuple[str, str]]:
    kinds = None if kind is None else [kind]
    return [(hit.record, hit.title) for hit in search.search(journal, typed, kinds=kinds)]


@pytest.fixture
def filled(journal: Journal) -> Journal:
    jose = person(journal, "José García", organization="Café Ñandú", email="jose@example.org")
    sam = person(journal, "Sam Okafor", how_met="climbing gym", phone="+44 20 7946 0001")
    moments.log_moment(
        journal,
        MomentFields(D(2026, 3, 1), (sam,), note="Sam mentioned the new job at the brewery"),
    )
    moments.log_favor(
        journal, FavorFields(jose, Direction.GIVEN, D(2026, 3, 2), "Lent him my ladder", 2)
    )
    club = coalitions.add_coalition(
        journal,
        CoalitionFields(
            "Tenants' union", issue="Rent rises on Elm Street", desired_outcome="A rent freeze"
        ),
    ).new_id
    assert club is not None
    coalitions.add_member(
        journal, MemberFields(club, jose, interest="keeping his flat near the bakery")
    )
    coalitions.log_joint_action(
        journal, JointActionFields(club, D(2026, 3, 5), "Petition delivered", outcome="Meeting")
    )
    journal_entries.write_entry(
        journal, EntryFields(D(2026, 3, 6), "Wondering whether Sam resents the ladder story", sam)
    )
    return journal


def test_accents_and_case_do_not_matter_either_way(filled: Journal) -> None:
    assert found(filled, "jose garcia") == [("contact", "José García")]
    assert found(filled, "JOSÉ") == [("contact", "José García")]
    assert found(filled, "nandu") == [("contact", "José García")]


def test_every_word_is_a_prefix_and_all_words_must_match(filled: Journal) -> None:
    assert found(filled, "garc") == [("contact", "José García")]
    assert found(filled, "brew") == [("interaction", "Sam Okafor")]
    assert found(filled, "brew ladder") == []
    assert found(filled, "lad") == [
        ("favor", "Given to José García"),
        ("journal_entry", "Sam Okafor"),
    ]


def test_a_quoted_phrase_matches_only_words_in_that_order(filled: Journal) -> None:
    assert found(filled, '"the new job"') == [("interaction", "Sam Okafor")]
    assert found(filled, '"job new"') == []
    # Still typing the phrase: its last word is a prefix.
    assert found(filled, '"the new jo') == [("interaction", "Sam Okafor")]


def test_every_kind_is_found_with_its_group(filled: Journal) -> None:
    kinds = {hit.record: hit.kind for hit in search.search(filled, "rent")}
    assert kinds == {"coalition": "coalition"}
    assert found(filled, "bakery") == [("membership", "Tenants' union: José García")]
    assert found(filled, "petition") == [("joint_action", "Tenants' union")]
    assert found(filled, "climbing") == [("contact", "Sam Okafor")]
    assert found(filled, "example.org") == [("contact", "José García")]
    assert found(filled, "7946") == [("contact", "Sam Okafor")]
    assert found(filled, "resents") == [("journal_entry", "Sam Okafor")]


def test_groups_come_in_order_and_kind_narrows_them(filled: Journal) -> None:
    assert [hit.kind for hit in search.search(filled, "sam")] == ["person", "moment", "reflection"]
    assert found(filled, "sam", "reflection") == [("journal_entry", "Sam Okafor")]
    with pytest.raises(ValidationError, match="cannot search for 'notes'"):
        search.search(filled, "sam", kinds=["notes"])


def test_snippet_marks_the_matched_words(filled: Journal) -> None:
    (hit,) = search.search(filled, "brew")
    assert (("brewery", True) in hit.parts()) and hit.plain_snippet().startswith("Sam mentioned")
    assert hit.when == "2026-03-01" and hit.contact_id is not None


def test_more_relevant_hits_rank_first(journal: Journal) -> None:
    person(journal, "Olive Tree", notes="likes olive oil")
    person(journal, "Ana Olive")
    person(journal, "Ben Stone", notes="olive")
    titles = [hit.title for hit in search.search(journal, "olive")]
    assert titles[-1] == "Ben Stone"  # a word in the notes weighs less than one in the name


def test_trashed_items_and_what_hangs_on_a_trashed_person_are_not_found(filled: Journal) -> None:
    (favor,) = search.search(filled, "ladder", kinds=["favor"])
    trash.move_to_trash(filled, "favor", favor.record_id)
    assert found(filled, "ladder", "favor") == []
    trash.restore(filled, "favor", favor.record_id)
    assert found(filled, "ladder", "favor") == [("favor", "Given to José García")]

    (jose,) = search.search(filled, "jose")
    trash.move_to_trash(filled, "contact", jose.record_id)
    assert found(filled, "ladder") == [("journal_entry", "Sam Okafor")]
    assert found(filled, "bakery") == []


def test_edits_are_found_by_their_new_words_only(filled: Journal) -> None:
    (sam,) = search.search(filled, "okafor")
    old = contacts.get_contact(filled, sam.record_id)
    contacts.update_contact(filled, sam.record_id, replace(old.fields(), how_met="bouldering"))
    assert found(filled, "climbing") == []
    assert found(filled, "boulder") == [("contact", "Sam Okafor")]


def test_cjk_and_arabic_text_are_found(journal: Journal) -> None:
    yamada = person(journal, "山田太郎")
    person(journal, "محمد الأحمد", notes="صديق من القاهرة")
    moments.log_moment(journal, MomentFields(D(2026, 1, 2), (yamada,), note="今天和山田一起吃饭"))
    assert found(journal, "山田") == [("contact", "山田太郎"), ("interaction", "山田太郎")]
    assert found(journal, "吃饭") == [("interaction", "山田太郎")]
    assert found(journal, "القاهرة") == [("contact", "محمد الأحمد")]
    assert found(journal, "محم") == [("contact", "محمد الأحمد")]
    (hit,) = search.search(journal, "吃饭")
    assert ("吃饭", True) in hit.parts()


def test_what_the_user_types_is_never_fts_syntax() -> None:
    assert parse('ada OR "lovelace').match == '"ada"* "OR"* "lovelace"*'
    assert parse("ada OR").match == '"ada"* "OR"*'
    assert parse('NEAR(a b) - * "" ^').match == '"NEAR(a"* "b)"*'
    assert parse("   ").empty
    assert parse('"the end"').match == '"the end"'


@pytest.mark.parametrize("typed", ['"', "*", "(", "a AND", 'x"y', "-", "NOT", "^a", ":"])
def test_odd_input_finds_something_or_nothing_without_an_error(filled: Journal, typed: str) -> None:
    search.search(filled, typed)
