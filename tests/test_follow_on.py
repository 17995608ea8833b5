"""What follows a write (services/follow_on.py): people read and judged again, once."""

from __future__ import annotations

import datetime as dt

from app.core.changes import Changed, changed
from app.core.records import ContactFields, FavorFields, MomentFields
from app.core.services import contacts, follow_on, moments, prompts
from app.core.store import Journal

TODAY = dt.date(2026, 12, 2)


def _days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def _warm_then_tit_for_tat(journal: Journal) -> tuple[int, Changed]:
    """Four warm years, then a run of quick favors both ways: the last log's Changed."""
    who = contacts.add_contact(journal, ContactFields("Dana")).new_id
    assert who is not None
    for ago in range(1500, 199, -30):
        moments.log_moment(journal, MomentFields(_days_ago(ago), (who,), warmth=5))
    last = Changed()
    for ago in range(150, 10, -20):
        got = moments.log_favor(
            journal, FavorFields(who, "received", _days_ago(ago), "a favor", 2, "explicit")
        )
        last = moments.log_favor(
            journal,
            FavorFields(who, "given", _days_ago(ago - 4), "back", 2, "explicit", got.new_id),
        )
    return who, last


def test_a_favor_that_turns_a_friendship_raises_one_question_and_names_it(
    journal: Journal,
) -> None:
    who, last = _warm_then_tit_for_tat(journal)
    found = follow_on.after_write(journal, last, TODAY)
    assert found.changed.kinds == {"prompt"}
    assert found.changed.contact_ids == {who}
    waiting = prompts.waiting(journal, TODAY, contact_ids=[who])
    assert [view.id for view in waiting] == sorted(found.changed.prompt_ids)
    assert found.readings[who].index >= 35


def test_asking_again_freshens_the_question_without_calling_it_new(journal: Journal) -> None:
    who, last = _warm_then_tit_for_tat(journal)
    follow_on.after_write(journal, last, TODAY)
    again = follow_on.after_write(journal, last, TODAY)
    assert again.changed.contact_ids == {who}
    assert again.changed.prompt_ids == frozenset()
    assert len(prompts.waiting(journal, TODAY, contact_ids=[who])) == 1


def test_editing_a_person_reads_them_again_but_judges_nobody(journal: Journal) -> None:
    who, _last = _warm_then_tit_for_tat(journal)
    found = follow_on.after_write(journal, changed("contact", contacts={who}), TODAY)
    assert set(found.readings) == {who}
    assert found.changed == Changed()
    assert prompts.waiting(journal, TODAY, contact_ids=[who]) == []


def test_a_change_that_names_nobody_or_only_a_question_has_no_follow_on(
    journal: Journal,
) -> None:
    who, _last = _warm_then_tit_for_tat(journal)
    for result in (changed("trash"), changed("prompt", contacts={who}), Changed()):
        found = follow_on.after_write(journal, result, TODAY)
        assert found.changed == Changed() and not found.readings
