"""Making one person of two: every table moves, totals and prompts follow, undo is exact."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import text

from app.core import totals
from app.core.enums import Direction, Expectation, PromptState, Tie
from app.core.errors import NotFoundError, ValidationError
from app.core.models import Base, Prompt
from app.core.records import (
    CoalitionFields,
    ContactFields,
    EntryFields,
    FavorFields,
    JointActionFields,
    MemberFields,
    MomentFields,
)
from app.core.services import (
    coalitions,
    contacts,
    journal_entries,
    merge,
    moments,
    search,
    trash,
)
from app.core.store import Journal

D = dt.date


def _id(result: Any) -> int:
    assert result.new_id is not None
    return int(result.new_id)


def snapshot(journal: Journal) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the models know, in a stable order."""
    with journal.engine.connect() as connection:
        return {
            table.name: sorted(
                connection.execute(text(f"SELECT * FROM {table.name}")).all(), key=repr
            )
            for table in Base.metadata.sorted_tables
        }


@pytest.fixture
def two(journal: Journal) -> dict[str, int]:
    """Kim (kept) and Kimberly (the other), with something in every table."""
    kim = _id(
        contacts.add_contact(
            journal,
            ContactFields("Kim Lee", Tie.FRIEND, email="kim@example.org", notes="Met at uni"),
        )
    )
    other = _id(
        contacts.add_contact(
            journal,
            ContactFields(
                "Lee Kim",
                Tie.COLLEAGUE,
                email="kim@example.org",
                phone="+44 20 7946 0002",
                organization="Acme",
                birthday="1990-04-01",
                notes="Allergic to nuts",
            ),
        )
    )
    bystander = _id(contacts.add_contact(journal, ContactFields("Bo", Tie.FRIEND)))
    ids = {"kim": kim, "other": other, "bo": bystander}
    ids["alone"] = _id(
        moments.log_moment(
            journal, MomentFields(D(2026, 1, 5), (other,), warmth=4, note="coffee with Lee")
        )
    )
    ids["together"] = _id(
        moments.log_moment(journal, MomentFields(D(2026, 2, 1), (kim, other, bystander), warmth=5))
    )
    ids["trashed_moment"] = _id(moments.log_moment(journal, MomentFields(D(2025, 1, 1), (other,))))
    trash.move_to_trash(journal, "interaction", ids["trashed_moment"])
    ids["owed"] = _id(
        moments.log_favor(
            journal,
            FavorFields(
                other,
                Direction.RECEIVED,
                D(2026, 1, 10),
                "Lent me a drill",
                3,
                Expectation.EXPLICIT,
            ),
        )
    )
    ids["repaid"] = _id(
        moments.log_favor(
            journal,
            FavorFields(
                other,
                Direction.GIVEN,
                D(2026, 1, 20),
                "Fixed their bike",
                3,
                returns_favor_id=ids["owed"],
            ),
        )
    )
    ids["kims_favor"] = _id(
        moments.log_favor(journal, FavorFields(kim, Direction.GIVEN, D(2026, 1, 3), "A lift", 1))
    )
    both = _id(coalitions.add_coalition(journal, CoalitionFields("Choir", issue="a new hall")))
    only_other = _id(coalitions.add_coalition(journal, CoalitionFields("Garden")))
    ids["choir"], ids["garden"] = both, only_other
    ids["kim_in_choir"] = _id(coalitions.add_member(journal, MemberFields(both, kim, role="alto")))
    ids["other_in_choir"] = _id(
        coalitions.add_member(
            journal, MemberFields(both, other, role="tenor", interest="singing", commitment=4)
        )
    )
    ids["other_in_garden"] = _id(
        coalitions.add_member(journal, MemberFields(only_other, other, interest="tomatoes"))
    )
    ids["shared_action"] = _id(
        coalitions.log_joint_action(
            journal, JointActionFields(both, D(2026, 3, 1), "Concert", contact_ids=(kim, other))
        )
    )
    ids["other_action"] = _id(
        coalitions.log_joint_action(
            journal, JointActionFields(only_other, D(2026, 3, 2), "Planting", contact_ids=(other,))
        )
    )
    ids["entry"] = _id(
        journal_entries.write_entry(journal, EntryFields(D(2026, 3, 3), "Lee seems tired", other))
    )
    with journal.session() as session:
        for who, rule, state in (
            (kim, "one_sided", PromptState.OPEN),
            (other, "one_sided", PromptState.OPEN),  # a duplicate of Kim's: stays behind
            (other, "cooling", PromptState.SNOOZED),
            (other, "scorekeeping", PromptState.DISMISSED),
        ):
            prompt = Prompt(
                rule=rule,
                family="person",
                contact_id=who,
                state=state,
                question="?",
                evidence="{}",
                index=50,
                created_on=D(2026, 3, 4),
            )
            session.add(prompt)
            session.flush()
            ids[f"prompt_{who}_{rule}"] = prompt.id
    return ids


def _rows(journal: Journal, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with journal.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def test_a_merge_moves_every_record_and_undo_puts_everything_back(
    journal: Journal, two: dict[str, int]
) -> None:
    kim, other = two["kim"], two["other"]
    before = snapshot(journal)

    outcome = merge.merge_people(journal, kim, other, as_of=D(2026, 4, 1))

    assert totals.mismatched(journal) == []
    # Moments: the shared one keeps Kim once; the other's own (the trashed one too) move.
    assert _rows(
        journal,
        "SELECT interaction_id, contact_id FROM interaction_participants"
        " WHERE contact_id IN (:k, :o) ORDER BY 1",
        k=kim,
        o=other,
    ) == sorted([(two["alone"], kim), (two["together"], kim), (two["trashed_moment"], kim)])
    # Favors move, and the repaying favor still repays the same favor.
    assert _rows(journal, "SELECT id, contact_id, returns_favor_id FROM favors ORDER BY id") == [
        (two["owed"], kim, None),
        (two["repaid"], kim, two["owed"]),
        (two["kims_favor"], kim, None),
    ]
    # Memberships: the garden one moves; in the choir Kim's stays, filled in from the other's.
    assert _rows(
        journal, "SELECT id, contact_id, role, interest, commitment FROM memberships ORDER BY id"
    ) == [
        (two["kim_in_choir"], kim, "alto; tenor", "singing", 4),
        (two["other_in_choir"], other, "tenor", "singing", 4),
        (two["other_in_garden"], kim, "", "tomatoes", None),
    ]
    assert _rows(
        journal, "SELECT joint_action_id, contact_id FROM joint_action_participants ORDER BY 1, 2"
    ) == [(two["shared_action"], kim), (two["other_action"], kim)]
    assert _rows(journal, "SELECT contact_id FROM journal_entries") == [(kim,)]
    assert dict(_rows(journal, "SELECT id, contact_id FROM prompts")) == {
        two[f"prompt_{kim}_one_sided"]: kim,
        two[f"prompt_{other}_one_sided"]: other,
        two[f"prompt_{other}_cooling"]: kim,
        two[f"prompt_{other}_scorekeeping"]: kim,
    }
    # Kim's totals now count the other's moments and favors.
    assert _rows(
        journal,
        "SELECT moments, favors_given, favors_received, last_moment_on FROM person_totals"
        " WHERE contact_id = :k",
        k=kim,
    ) == [(2, 2, 1, "2026-02-01")]
    # Fields: the other's where Kim had none, both kept where they differ.
    kept = contacts.get_contact(journal, kim)
    assert (kept.name, kept.phone, kept.organization, kept.birthday) == (
        "Kim Lee",
        "+44 20 7946 0002",
        "Acme",
        "1990-04-01",
    )
    assert kept.notes == "Met at uni\n\nAllergic to nuts\nName (merged): Lee Kim"
    # The other is in the trash, saying where they went.
    (gone,) = [item for item in trash.list_trash(journal) if item.kind == "contact"]
    assert gone.id == other
    assert _rows(journal, "SELECT notes FROM contacts WHERE id = :o", o=other) == [
        (f"Allergic to nuts\n\nMerged into Kim Lee (id {kim}) on 2026-04-01.",)
    ]
    # The index follows: the other's words now find Kim.
    assert [(h.record, h.title) for h in search.search(journal, "lee coffee")] == [
        ("interaction", "Kim Lee")
    ]
    assert [h.record_id for h in search.search(journal, "nuts", kinds=["person"])] == [kim]
    assert outcome.plan.moments == 3 and outcome.plan.shared_moments == 1

    merge.undo_merge(journal, outcome.undo)

    assert snapshot(journal) == before
    assert totals.mismatched(journal) == []
    assert [h.record_id for h in search.search(journal, "lee kim", kinds=["person"])] == [
        kim,
        other,
    ]


def test_choosing_fields_one_by_one(journal: Journal, two: dict[str, int]) -> None:
    merge.merge_people(
        journal, two["kim"], two["other"], {"name": "other", "tie": "other", "notes": "keep"}
    )
    kept = contacts.get_contact(journal, two["kim"])
    assert (kept.name, kept.tie, kept.notes) == ("Lee Kim", Tie.COLLEAGUE, "Met at uni")


def test_a_dry_run_says_what_would_move_and_writes_nothing(
    journal: Journal, two: dict[str, int]
) -> None:
    before = snapshot(journal)
    plan = merge.plan_merge(journal, two["kim"], two["other"])
    assert snapshot(journal) == before
    assert (plan.moments, plan.shared_moments, plan.favors, plan.memberships) == (3, 1, 2, 1)
    assert (plan.joint_actions, plan.shared_joint_actions, plan.entries) == (2, 1, 1)
    assert (plan.prompts, plan.prompts_left, plan.shared_coalitions) == (2, 1, ("Choir",))
    lines = "\n".join(plan.lines())
    assert "Name: 'Kim Lee' / 'Lee Kim' -> both" in lines
    assert "Both belong to Choir" in lines


def test_merging_a_person_into_themselves_is_refused_with_a_sentence(
    journal: Journal, two: dict[str, int]
) -> None:
    before = snapshot(journal)
    with pytest.raises(ValidationError, match="cannot be merged into themselves"):
        merge.merge_people(journal, two["kim"], two["kim"])
    with pytest.raises(NotFoundError, match="no person with id 999"):
        merge.merge_people(journal, two["kim"], 999)
    with pytest.raises(ValidationError, match="keep, other or both"):
        merge.merge_people(journal, two["kim"], two["other"], {"name": "neither"})
    assert snapshot(journal) == before


def test_undo_after_the_trash_was_emptied_says_it_cannot(
    journal: Journal, two: dict[str, int]
) -> None:
    outcome = merge.merge_people(journal, two["kim"], two["other"])
    trash.empty_trash(journal)
    with pytest.raises(NotFoundError, match="cannot be undone"):
        merge.undo_merge(journal, outcome.undo)
    assert totals.mismatched(journal) == []
