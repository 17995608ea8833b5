"""Staying in touch: who is overdue and whose birthday is near, as of a given day."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.core.records import ContactFields, FavorFields, MomentFields
from app.core.services import contacts, moments, prompts, trash
from app.core.services.due import Birthday, due, next_birthday
from app.core.store import Journal

D = dt.date


def person(
    journal: Journal, name: str, every: int | None = None, birthday: str | None = None
) -> int:
    fields = ContactFields(name, keep_in_touch_days=every, birthday=birthday)
    return contacts.add_contact(journal, fields).new_id or 0


def saw(journal: Journal, who: int, on: dt.date) -> int:
    return moments.log_moment(journal, MomentFields(on, (who,), warmth=4)).new_id or 0


def overdue_names(journal: Journal, as_of: dt.date) -> list[str]:
    return [o.name for o in due(journal, as_of).overdue]


def test_someone_not_seen_for_longer_than_their_rhythm_is_overdue(journal: Journal) -> None:
    sam = person(journal, "Sam", every=30)
    saw(journal, sam, D(2026, 1, 1))
    saw(journal, sam, D(2026, 2, 1))
    [sam_due] = due(journal, D(2026, 5, 7)).overdue
    assert (sam_due.days, sam_due.every, sam_due.last_seen) == (95, 30, D(2026, 2, 1))
    assert sam_due.sentence == "It's been 95 days since you last saw Sam. No reason needed."
    # Exactly the rhythm is not yet overdue; one day more is.
    assert overdue_names(journal, D(2026, 3, 3)) == []
    assert overdue_names(journal, D(2026, 3, 4)) == ["Sam"]


def test_only_moments_up_to_the_day_count_and_favors_do_not(journal: Journal) -> None:
    ana = person(journal, "Ana", every=10)
    saw(journal, ana, D(2026, 1, 1))
    later = saw(journal, ana, D(2026, 3, 1))
    moments.log_favor(journal, FavorFields(ana, "given", D(2026, 1, 20), "a lift", 2))
    assert overdue_names(journal, D(2026, 1, 25)) == ["Ana"]  # the March moment is ahead
    assert overdue_names(journal, D(2026, 3, 5)) == []
    trash.move_to_trash(journal, "interaction", later)
    assert overdue_names(journal, D(2026, 3, 5)) == ["Ana"]


def test_someone_never_seen_counts_from_when_they_were_added(journal: Journal) -> None:
    new = person(journal, "Noor", every=30)
    added = contacts.get_contact(journal, new).created_at.date()
    assert overdue_names(journal, added + dt.timedelta(days=30)) == []
    [noor] = due(journal, added + dt.timedelta(days=40)).overdue
    assert noor.last_seen is None and noor.days == 40
    assert noor.sentence == (
        "It's been 40 days since you added Noor, and you haven't logged a moment together "
        "yet. No reason needed."
    )


def test_people_without_a_rhythm_or_in_the_trash_are_never_overdue(journal: Journal) -> None:
    person(journal, "Free spirit")
    gone = person(journal, "Gone", every=5)
    trash.move_to_trash(journal, "contact", gone)
    assert due(journal, D(2030, 1, 1)).overdue == ()


def test_the_most_overdue_come_first(journal: Journal) -> None:
    for name, every, last in (("A", 30, D(2026, 1, 1)), ("B", 7, D(2026, 1, 1)), ("C", 60, None)):
        who = person(journal, name, every=every)
        if last:
            saw(journal, who, last)
    # A: 59 days, 29 past; B: 59 days, 52 past. C was added today and is not due.
    assert overdue_names(journal, D(2026, 3, 1)) == ["B", "A"]


def test_being_overdue_does_not_feed_the_index(journal: Journal) -> None:
    sam = person(journal, "Sam")
    for month in range(1, 11):
        saw(journal, sam, D(2024, month, 1))
    before = prompts.readings(journal, D(2026, 1, 1), contact_ids=[sam])[sam]
    contact = contacts.get_contact(journal, sam)
    contacts.update_contact(journal, sam, replace(contact.fields(), keep_in_touch_days=7))
    assert overdue_names(journal, D(2026, 1, 1)) == ["Sam"]
    after = prompts.readings(journal, D(2026, 1, 1), contact_ids=[sam])[sam]
    assert after.index == before.index == 0
    assert prompts.candidates(journal, D(2026, 1, 1)) == []


def test_birthdays_in_the_next_two_weeks_across_the_new_year(journal: Journal) -> None:
    person(journal, "Jan", birthday="--01-03")
    person(journal, "Eight", birthday="1990-01-08")
    person(journal, "Too far", birthday="--01-09")
    person(journal, "Yesterday", birthday="--12-24")
    person(journal, "Today", birthday="1980-12-25")
    listed = due(journal, D(2025, 12, 25)).birthdays
    assert [(b.name, b.on, b.in_days, b.age) for b in listed] == [
        ("Today", D(2025, 12, 25), 0, 45),
        ("Jan", D(2026, 1, 3), 9, None),
        ("Eight", D(2026, 1, 8), 14, 36),
    ]
    assert [b.sentence for b in listed] == [
        "Today turns 45 today.",
        "Jan's birthday is in 9 days, on Saturday 3 January.",
        "Eight turns 36 in 14 days, on Thursday 8 January.",
    ]


@pytest.mark.parametrize(
    ("birthday", "as_of", "on"),
    [
        ("2000-02-29", D(2027, 2, 20), D(2027, 2, 28)),  # a common year: the 28th
        ("--02-29", D(2027, 2, 28), D(2027, 2, 28)),
        ("--02-29", D(2028, 2, 20), D(2028, 2, 29)),  # a leap year: the day itself
        ("--02-29", D(2027, 3, 1), D(2028, 2, 29)),  # just missed: the next one
        ("--02-29", D(2100, 2, 20), D(2100, 2, 28)),  # 2100 is not a leap year
    ],
)
def test_29_february_is_marked_on_the_28th_in_common_years(
    birthday: str, as_of: dt.date, on: dt.date
) -> None:
    upcoming = next_birthday(birthday, as_of)
    assert upcoming is not None and upcoming.on == on
    assert upcoming.in_days == (on - as_of).days


def test_the_age_is_given_only_when_the_year_is_known() -> None:
    assert next_birthday("--06-01", D(2026, 5, 30)) == Birthday(0, "", D(2026, 6, 1), 2, None)
    assert next_birthday("2000-02-29", D(2027, 2, 28)) == Birthday(0, "", D(2027, 2, 28), 0, 27)
    assert next_birthday("not a date", D(2026, 1, 1)) is None


def test_tomorrows_birthday_and_the_count(journal: Journal) -> None:
    person(journal, "Lee", every=7, birthday="--03-02")
    listed = due(journal, D(2026, 3, 1))
    assert [b.sentence for b in listed.birthdays] == ["Lee's birthday is tomorrow, Monday 2 March."]
    assert listed.count() == 1  # Lee was added today: not overdue yet
    assert listed.today().birthdays == ()
