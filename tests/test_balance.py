"""The balance chart's series, computed in the core from dated histories (checked by hand)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.errors import NotFoundError
from app.core.records import ContactFields, FavorFields, MomentFields
from app.core.services import contacts, moments, trash
from app.core.services.balance import balance_series, bucket_end
from app.core.store import Journal

D = dt.date


def person(journal: Journal, name: str) -> int:
    return contacts.add_contact(journal, ContactFields(name)).new_id or 0


def moment(journal: Journal, who: int, on: dt.date, warmth: int | None) -> int:
    return moments.log_moment(journal, MomentFields(on, (who,), warmth=warmth)).new_id or 0


def favor(
    journal: Journal, who: int, on: dt.date, direction: str, weight: int, expectation: str = "none"
) -> int:
    fields = FavorFields(who, direction, on, "a favor", weight, expectation)
    return moments.log_favor(journal, fields).new_id or 0


def test_a_friendship_turning_into_favor_trading_swings_the_balance_and_cools(
    journal: Journal,
) -> None:
    sam = person(journal, "Sam")
    other = person(journal, "Someone else")
    for month in range(1, 7):  # half a year of warm time together
        moment(journal, sam, D(2025, month, 10), 5)
    favor(journal, sam, D(2025, 2, 14), "given", 2)  # a gift among the moments
    # Then the trading: asked, repaid, asked again.
    favor(journal, sam, D(2025, 9, 3), "given", 3, "explicit")
    favor(journal, sam, D(2025, 9, 20), "received", 2, "explicit")
    moment(journal, sam, D(2025, 9, 21), 2)
    favor(journal, sam, D(2025, 10, 1), "received", 4, "explicit")
    favor(journal, sam, D(2025, 10, 8), "given", 4, "explicit")
    favor(journal, sam, D(2025, 11, 2), "given", 5, "explicit")
    moment(journal, sam, D(2025, 11, 3), 2)
    moment(journal, sam, D(2025, 11, 4), 1)
    moment(journal, sam, D(2025, 11, 5), None)  # unrated: counted, not averaged
    # Not on Sam's chart: someone else's favor, a trashed one, one after the day asked.
    favor(journal, other, D(2025, 9, 5), "given", 5)
    trashed = favor(journal, sam, D(2025, 10, 2), "received", 5)
    trash.move_to_trash(journal, "favor", trashed)
    favor(journal, sam, D(2025, 12, 2), "received", 5)

    series = balance_series(journal, sam, D(2025, 11, 30))

    assert series.bucket == "month"
    assert series.recent_from == D(2025, 11, 30) - dt.timedelta(days=182)
    table = [
        (p.start, p.weight_given, p.weight_received, p.balance, p.moments, p.warmth)
        for p in series.points
    ]
    assert table == [
        (D(2025, 1, 1), 0, 0, 0, 1, 5.0),
        (D(2025, 2, 1), 2, 0, 2, 1, 5.0),
        (D(2025, 3, 1), 0, 0, 2, 1, 5.0),
        (D(2025, 4, 1), 0, 0, 2, 1, 5.0),
        (D(2025, 5, 1), 0, 0, 2, 1, 5.0),
        (D(2025, 6, 1), 0, 0, 2, 1, 5.0),
        (D(2025, 9, 1), 3, 2, 3, 1, 2.0),
        (D(2025, 10, 1), 4, 4, 3, 0, None),
        (D(2025, 11, 1), 5, 0, 8, 3, 1.5),
    ]
    october = series.points[7]
    assert (october.favors_given, october.favors_received, october.favors) == (1, 1, 2)
    assert [p.start.month for p in series.favor_points()] == [2, 9, 10, 11]
    assert [p.warmth for p in series.warmth_points()] == [5.0] * 6 + [2.0, 1.5]


def test_a_short_history_is_bucketed_by_week_starting_monday(journal: Journal) -> None:
    kim = person(journal, "Kim")
    favor(journal, kim, D(2026, 3, 2), "given", 3)  # a Monday
    favor(journal, kim, D(2026, 3, 8), "received", 1)  # the Sunday of that week
    moment(journal, kim, D(2026, 3, 9), 4)  # the next Monday
    series = balance_series(journal, kim, D(2026, 4, 1))
    assert series.bucket == "week"
    assert [(p.start, p.balance, p.moments) for p in series.points] == [
        (D(2026, 3, 2), 2, 0),
        (D(2026, 3, 9), 2, 1),
    ]
    assert bucket_end(D(2026, 3, 2), "week") == D(2026, 3, 8)


def test_someone_with_no_entries_has_an_empty_series(journal: Journal) -> None:
    new = person(journal, "New friend")
    series = balance_series(journal, new, D(2026, 1, 1))
    assert series.empty and series.points == () and series.start == D(2026, 1, 1)


def test_a_trashed_person_has_no_chart(journal: Journal) -> None:
    gone = person(journal, "Gone")
    trash.move_to_trash(journal, "contact", gone)
    with pytest.raises(NotFoundError):
        balance_series(journal, gone, D(2026, 1, 1))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2026, 1, 1), D(2026, 1, 31)),
        (D(2024, 2, 1), D(2024, 2, 29)),
        (D(2025, 2, 1), D(2025, 2, 28)),
        (D(2025, 12, 1), D(2025, 12, 31)),
    ],
)
def test_a_months_last_day(start: dt.date, end: dt.date) -> None:
    assert bucket_end(start, "month") == end
