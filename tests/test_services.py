"""The service layer: what the UI and CLI can do with a journal, and what they get back."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.core.enums import CoalitionStatus, Direction, Expectation, InteractionKind, Tie
from app.core.errors import NotFoundError, ValidationError
from app.core.records import (
    CoalitionFields,
    ContactFields,
    EntryFields,
    FavorFields,
    JointActionFields,
    MemberFields,
    MomentFields,
)
from app.core.services import coalitions, contacts, journal_entries, moments, timeline, trash
from app.core.store import Journal

D = dt.date


def person(journal: Journal, name: str, tie: Tie = Tie.FRIEND) -> int:
    new_id = contacts.add_contact(journal, ContactFields(name, tie)).new_id
    assert new_id is not None
    return new_id


def favor(
    journal: Journal,
    who: int,
    direction: Direction,
    on: dt.date,
    weight: int = 2,
    repays: int | None = None,
) -> int:
    new_id = moments.log_favor(
        journal,
        FavorFields(
            who, direction, on, f"favor {direction.value}", weight, returns_favor_id=repays
        ),
    ).new_id
    assert new_id is not None
    return new_id


def test_added_person_can_be_read_back_and_edited(journal: Journal) -> None:
    fields = ContactFields(
        "Dana Ortiz",
        Tie.COLLEAGUE,
        how_met="  at work  ",
        email="dana@example.org",
        birthday="--02-29",
        keep_in_touch_days=30,
        notes="Line one\nline two",
    )
    result = contacts.add_contact(journal, fields)
    assert result.new_id is not None
    assert "contact" in result.kinds and result.contact_ids == {result.new_id}

    dana = contacts.get_contact(journal, result.new_id)
    assert (dana.name, dana.tie, dana.how_met, dana.birthday) == (
        "Dana Ortiz",
        Tie.COLLEAGUE,
        "at work",
        "--02-29",
    )
    assert dana.created_at.tzinfo is not None

    contacts.update_contact(journal, dana.id, replace(dana.fields(), name="Dana O.", tie="friend"))
    assert contacts.get_contact(journal, dana.id).name == "Dana O."
    assert contacts.get_contact(journal, dana.id).tie is Tie.FRIEND


def test_names_that_look_like_markup_are_kept_verbatim(journal: Journal) -> None:
    who = person(journal, "<b>Bob</b> <img src=x>")
    assert contacts.get_contact(journal, who).name == "<b>Bob</b> <img src=x>"


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        (ContactFields(""), "name", "cannot be empty"),
        (ContactFields("   "), "name", "cannot be empty"),
        (ContactFields("x" * 201), "name", "longer than 200"),
        (ContactFields("Al", tie="cousin"), "tie", "'cousin' is not a valid tie"),
        (ContactFields("Al", birthday="2023-02-30"), "birthday", "not a real date"),
        (ContactFields("Al", birthday="--13-01"), "birthday", "not a real day of the year"),
        (ContactFields("Al", birthday="yesterday"), "birthday", "not a real date"),
        (ContactFields("Al", keep_in_touch_days=0), "keep_in_touch_days", "1 or more"),
    ],
)
def test_bad_person_details_are_refused_with_a_sentence(
    journal: Journal, fields: ContactFields, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        contacts.add_contact(journal, fields)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert contacts.list_contacts(journal) == []


def test_a_moment_with_three_friends_shows_on_each_timeline(journal: Journal) -> None:
    ids = [person(journal, name) for name in ("Ana", "Ben", "Cy")]
    result = moments.log_moment(
        journal,
        MomentFields(
            D(2026, 3, 1), tuple(ids), InteractionKind.SHARED_TIME, warmth=5, note="Dinner"
        ),
    )
    assert result.contact_ids == set(ids)
    for contact_id in ids:
        (item,) = timeline.person_timeline(journal, contact_id)
        assert (item.kind, item.text, item.warmth) == ("moment", "Dinner", 5)
    moment = moments.get_moment(journal, result.new_id or 0)
    assert [name for _, name in moment.participants] == ["Ana", "Ben", "Cy"]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"contact_ids": ()}, "contact_ids", "at least one person"),
        ({"contact_ids": (999,)}, "contact_ids", "no person with id 999"),
        ({"warmth": 6}, "warmth", "6 is not between 1 and 5"),
        ({"warmth": 0}, "warmth", "0 is not between 1 and 5"),
        ({"kind": "party"}, "kind", "'party' is not a valid kind"),
        ({"initiated_by": "nobody"}, "initiated_by", "not a valid initiated by"),
        ({"occurred_on": "2026-02-30"}, "occurred_on", "not a real date"),
        ({"occurred_on": None}, "occurred_on", "required"),
    ],
)
def test_bad_moments_are_refused(
    journal: Journal, change: dict[str, object], field: str, words: str
) -> None:
    ana = person(journal, "Ana")
    fields = replace(MomentFields(D(2026, 1, 1), (ana,)), **change)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        moments.log_moment(journal, fields)
    assert caught.value.field == field
    assert words in str(caught.value)


def test_a_repayment_links_to_the_favor_it_returns(journal: Journal) -> None:
    ana = person(journal, "Ana")
    lent = favor(journal, ana, Direction.RECEIVED, D(2026, 1, 5), weight=3)
    assert [f.id for f in moments.open_favors(journal, ana, Direction.RECEIVED)] == [lent]

    repaid = favor(journal, ana, Direction.GIVEN, D(2026, 1, 9), repays=lent)
    assert moments.get_favor(journal, repaid).returns_favor_id == lent
    assert moments.open_favors(journal, ana, Direction.RECEIVED) == []


def test_a_repaid_favor_cannot_be_edited_out_of_step_with_its_repayment(
    journal: Journal,
) -> None:
    ana, ben = person(journal, "Ana"), person(journal, "Ben")
    lent = favor(journal, ana, Direction.RECEIVED, D(2026, 1, 5), weight=3)
    favor(journal, ana, Direction.GIVEN, D(2026, 1, 9), repays=lent)
    kept = moments.get_favor(journal, lent)
    as_logged = FavorFields(ana, Direction.RECEIVED, D(2026, 1, 5), kept.description, 3)
    cases = [
        (replace(as_logged, contact_id=ben), "contact_id", "with someone else"),
        (replace(as_logged, direction=Direction.GIVEN), "direction", "same way"),
        (replace(as_logged, occurred_on=D(2026, 1, 10)), "occurred_on", "came on 2026-01-09"),
    ]
    for fields, field, words in cases:
        with pytest.raises(ValidationError) as caught:
            moments.update_favor(journal, lent, fields)
        assert caught.value.field == field
        assert words in str(caught.value)
    assert moments.get_favor(journal, lent) == kept  # nothing changed
    moments.update_favor(journal, lent, replace(as_logged, description="a ladder", weight=4))
    assert moments.get_favor(journal, lent).weight == 4


def test_a_favor_cannot_repay_the_wrong_favor(journal: Journal) -> None:
    ana, ben = person(journal, "Ana"), person(journal, "Ben")
    anas = favor(journal, ana, Direction.RECEIVED, D(2026, 1, 5))
    same_way = favor(journal, ana, Direction.GIVEN, D(2026, 1, 6))
    cases = [
        (
            FavorFields(ben, Direction.GIVEN, D(2026, 2, 1), "x", 2, returns_favor_id=anas),
            "same person",
        ),
        (
            FavorFields(ana, Direction.GIVEN, D(2026, 2, 1), "x", 2, returns_favor_id=same_way),
            "received",
        ),
        (
            FavorFields(ana, Direction.GIVEN, D(2026, 1, 1), "x", 2, returns_favor_id=anas),
            "came before",
        ),
        (
            FavorFields(ana, Direction.GIVEN, D(2026, 2, 1), "x", 2, returns_favor_id=4242),
            "no favor",
        ),
    ]
    for fields, words in cases:
        with pytest.raises(ValidationError) as caught:
            moments.log_favor(journal, fields)
        assert caught.value.field == "returns_favor_id"
        assert words in str(caught.value)
    with pytest.raises(ValidationError, match="repay itself"):
        moments.update_favor(
            journal,
            anas,
            FavorFields(ana, "received", D(2026, 1, 5), "x", 2, returns_favor_id=anas),
        )


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"weight": 7}, "weight", "7 is not between 1 and 5"),
        ({"weight": None}, "weight", "required"),
        ({"direction": "sideways"}, "direction", "not a valid direction"),
        ({"expectation": "maybe"}, "expectation", "not a valid expectation"),
        ({"description": " "}, "description", "cannot be empty"),
        ({"contact_id": 77}, "contact_id", "no person with id 77"),
    ],
)
def test_bad_favors_are_refused(
    journal: Journal, change: dict[str, object], field: str, words: str
) -> None:
    ana = person(journal, "Ana")
    fields = replace(FavorFields(ana, "given", D(2026, 1, 1), "Lift", 2), **change)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        moments.log_favor(journal, fields)
    assert (caught.value.field, words in str(caught.value)) == (field, True)


def test_people_list_carries_totals_and_balance(journal: Journal) -> None:
    ana, ben = person(journal, "ana"), person(journal, "Ben")
    favor(journal, ana, Direction.GIVEN, D(2026, 1, 1), weight=4)
    favor(journal, ana, Direction.GIVEN, D(2026, 1, 2), weight=1)
    favor(journal, ana, Direction.RECEIVED, D(2026, 1, 3), weight=2)
    moments.log_moment(journal, MomentFields(D(2026, 2, 1), (ana, ben)))
    moments.log_moment(journal, MomentFields(D(2026, 3, 1), (ana,)))

    rows = contacts.list_contacts(journal)
    assert [r.name for r in rows] == ["ana", "Ben"]  # by name, ignoring case
    a = rows[0]
    assert (a.favors_given, a.favors_received, a.weight_given, a.weight_received) == (2, 1, 5, 2)
    assert a.balance == 3
    assert a.last_interaction_on == D(2026, 3, 1)
    assert rows[1].last_interaction_on == D(2026, 2, 1)

    totals = contacts.person_totals(journal, ana)
    assert (totals.interactions, totals.favors_given, totals.weight_received) == (2, 2, 2)


def test_search_finds_names_containing_the_text(journal: Journal) -> None:
    for name in ("Alice Martin", "Martina", "Bob", "50% Sam", "李雷"):
        person(journal, name)
    assert [n for _, n in contacts.search_contacts(journal, "mart")] == ["Alice Martin", "Martina"]
    assert [n for _, n in contacts.search_contacts(journal, "%")] == ["50% Sam"]
    assert [n for _, n in contacts.search_contacts(journal, "李")] == ["李雷"]
    assert [r.name for r in contacts.list_contacts(journal, query="bob")] == ["Bob"]


def test_timeline_merges_everything_newest_first(journal: Journal) -> None:
    ana = person(journal, "Ana")
    moments.log_moment(journal, MomentFields(D(2026, 1, 1), (ana,), note="coffee"))
    favor(journal, ana, Direction.GIVEN, D(2026, 1, 3))
    journal_entries.write_entry(
        journal, EntryFields(D(2026, 1, 2), "thinking of Ana", contact_id=ana)
    )
    kinds = [(item.kind, item.on) for item in timeline.person_timeline(journal, ana)]
    assert kinds == [
        ("favor", D(2026, 1, 3)),
        ("entry", D(2026, 1, 2)),
        ("moment", D(2026, 1, 1)),
    ]
    assert len(timeline.person_timeline(journal, ana, limit=2)) == 2


def test_coalition_with_members_and_a_joint_action(journal: Journal) -> None:
    ana, ben = person(journal, "Ana"), person(journal, "Ben")
    group = coalitions.add_coalition(
        journal,
        CoalitionFields(
            "Tenants' union",
            issue="Rent",
            desired_outcome="Fair rent",
            status=CoalitionStatus.ACTIVE,
            started_on="2025-01-01",
            my_commitment=4,
        ),
    ).new_id
    assert group is not None
    coalitions.add_member(
        journal, MemberFields(group, ana, role="chair", commitment=5, knows_goal=True)
    )
    coalitions.add_member(journal, MemberFields(group, ben, interest="lower rent"))
    with pytest.raises(ValidationError, match="already a member"):
        coalitions.add_member(journal, MemberFields(group, ben))
    coalitions.log_joint_action(
        journal,
        JointActionFields(group, D(2026, 4, 1), "Met the landlord", "Repairs promised", (ana, ben)),
    )

    detail = coalitions.get_coalition(journal, group)
    assert [(m.name, m.role, m.knows_goal) for m in detail.members] == [
        ("Ana", "chair", True),
        ("Ben", "", None),
    ]
    (action,) = detail.actions
    assert action.outcome == "Repairs promised"
    assert [name for _, name in action.participants] == ["Ana", "Ben"]
    (row,) = coalitions.list_coalitions(journal)
    assert (row.name, row.members, row.last_action_on) == ("Tenants' union", 2, D(2026, 4, 1))
    assert contacts.person_totals(journal, ana).coalitions == ("Tenants' union",)


def test_coalition_dates_and_commitment_are_checked(journal: Journal) -> None:
    with pytest.raises(ValidationError, match="comes before"):
        coalitions.add_coalition(
            journal, CoalitionFields("X", started_on="2026-02-01", ended_on="2026-01-01")
        )
    with pytest.raises(ValidationError, match="not between 1 and 5"):
        coalitions.add_coalition(journal, CoalitionFields("X", my_commitment=9))
    with pytest.raises(ValidationError, match="not a valid status"):
        coalitions.add_coalition(journal, CoalitionFields("X", status="paused"))


def test_journal_entries_filter_by_subject_newest_first(journal: Journal) -> None:
    ana = person(journal, "Ana")
    journal_entries.write_entry(journal, EntryFields(D(2026, 1, 1), "general"))
    about = journal_entries.write_entry(
        journal, EntryFields(D(2026, 1, 2), "about", contact_id=ana)
    )
    assert [e.text for e in journal_entries.list_entries(journal)] == ["about", "general"]
    assert [e.contact_name for e in journal_entries.list_entries(journal, contact_id=ana)] == [
        "Ana"
    ]
    journal_entries.update_entry(
        journal, about.new_id or 0, EntryFields(D(2026, 1, 2), "about, edited", contact_id=ana)
    )
    assert journal_entries.get_entry(journal, about.new_id or 0).text == "about, edited"


def test_trashing_a_person_hides_them_until_restored(journal: Journal) -> None:
    ana, ben = person(journal, "Ana"), person(journal, "Ben")
    favor(journal, ana, Direction.GIVEN, D(2026, 1, 1))
    result = trash.move_to_trash(journal, "contact", ana)
    assert "trash" in result.kinds and ana in result.contact_ids
    assert [r.name for r in contacts.list_contacts(journal)] == ["Ben"]
    with pytest.raises(NotFoundError):
        contacts.get_contact(journal, ana)
    (item,) = trash.list_trash(journal)
    assert (item.kind, item.id, item.label) == ("contact", ana, "Person: Ana")

    trash.restore(journal, "contact", ana)
    assert [r.name for r in contacts.list_contacts(journal)] == ["Ana", "Ben"]
    assert contacts.list_contacts(journal)[0].favors_given == 1
    assert trash.list_trash(journal) == []
    assert ben


def test_emptying_the_trash_deletes_for_good_and_only_the_trash(journal: Journal) -> None:
    ana, ben = person(journal, "Ana"), person(journal, "Ben")
    favor(journal, ana, Direction.GIVEN, D(2026, 1, 1))
    moments.log_moment(journal, MomentFields(D(2026, 1, 2), (ana,), note="only Ana"))
    moments.log_moment(journal, MomentFields(D(2026, 1, 3), (ana, ben), note="both"))
    trash.move_to_trash(journal, "contact", ana)
    trash.empty_trash(journal)

    assert trash.list_trash(journal) == []
    assert [r.name for r in contacts.list_contacts(journal)] == ["Ben"]
    assert [i.text for i in timeline.person_timeline(journal, ben)] == ["both"]
    with pytest.raises(NotFoundError):
        trash.restore(journal, "contact", ana)


def test_a_single_item_can_be_deleted_forever(journal: Journal) -> None:
    ana = person(journal, "Ana")
    first = favor(journal, ana, Direction.GIVEN, D(2026, 1, 1))
    second = favor(journal, ana, Direction.GIVEN, D(2026, 1, 2))
    trash.move_to_trash(journal, "favor", first)
    trash.move_to_trash(journal, "favor", second)
    trash.delete_forever(journal, "favor", first)
    assert [(i.kind, i.id) for i in trash.list_trash(journal)] == [("favor", second)]
    with pytest.raises(NotFoundError):
        trash.delete_forever(journal, "favor", ana + 1000)


def test_removed_member_can_be_added_back(journal: Journal) -> None:
    ana = person(journal, "Ana")
    group = coalitions.add_coalition(journal, CoalitionFields("Choir")).new_id or 0
    membership = coalitions.add_member(journal, MemberFields(group, ana, role="alto")).new_id or 0
    trash.move_to_trash(journal, "membership", membership)
    assert coalitions.get_coalition(journal, group).members == ()
    coalitions.add_member(journal, MemberFields(group, ana, role="tenor"))
    assert [m.role for m in coalitions.get_coalition(journal, group).members] == ["tenor"]


def test_unknown_expectation_default_and_enum_spellings(journal: Journal) -> None:
    ana = person(journal, "Ana")
    fid = moments.log_favor(
        journal, FavorFields(ana, "received", "2026-05-01", "Moved a sofa", 5, "explicit")
    ).new_id
    got = moments.get_favor(journal, fid or 0)
    assert (got.direction, got.expectation, got.occurred_on) == (
        Direction.RECEIVED,
        Expectation.EXPLICIT,
        D(2026, 5, 1),
    )


def test_a_journal_is_empty_until_its_first_record_and_stays_not_empty_in_the_trash(
    journal: Journal,
) -> None:
    from app.core.services.overview import is_empty

    assert is_empty(journal)
    ana = contacts.add_contact(journal, ContactFields("Ana")).new_id
    assert not is_empty(journal)
    trash.move_to_trash(journal, "contact", ana)  # type: ignore[arg-type]
    assert not is_empty(journal)
