"""The transactional index month by month: the engine's own reading at each month end."""

from __future__ import annotations

import datetime as dt

from app.core.records import ContactFields, FavorFields, MomentFields
from app.core.reflection.history import month_ends
from app.core.services import contacts, moments, prompts
from app.core.store import Journal

TODAY = dt.date(2026, 11, 24)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def turned(journal: Journal, name: str) -> int:
    """Four years of warm moments, then five months of tit-for-tat favors."""
    who = contacts.add_contact(journal, ContactFields(name)).new_id or 0
    for ago in range(1500, 200, -30):
        moments.log_moment(journal, MomentFields(days_ago(ago), (who,), warmth=5))
    for ago in range(150, 10, -20):
        asked = FavorFields(who, "received", days_ago(ago), "asked", 2, "explicit")
        lent = moments.log_favor(journal, asked).new_id
        back = FavorFields(who, "given", days_ago(ago - 4), "repaid", 2, "explicit", lent)
        moments.log_favor(journal, back)
    return who


def test_month_ends_run_oldest_first_and_end_on_the_day_asked() -> None:
    assert month_ends(dt.date(2026, 3, 15), 4) == [
        dt.date(2025, 12, 31),
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 15),
    ]
    assert month_ends(dt.date(2024, 3, 31), 2) == [dt.date(2024, 2, 29), dt.date(2024, 3, 31)]


def test_the_index_rises_when_the_friendship_turns(journal: Journal) -> None:
    dana = turned(journal, "Dana")
    history = prompts.index_history(journal, dana, TODAY)

    assert len(history.points) == 36  # capped: the record is four years long
    assert history.points[-1].on == TODAY
    # Each point is the engine's own reading on that day, nothing recomputed here.
    for point in (history.points[0], history.points[-6], history.points[-1]):
        assert point.index == prompts.readings(journal, point.on, contact_ids=[dana])[dana].index
    before = [p.index for p in history.points if p.on < days_ago(150)]
    assert max(before) < history.threshold  # warm years: nothing to see
    assert history.points[-1].index >= 60
    rose = history.rose_past()
    assert rose is not None and days_ago(150) < rose <= TODAY
    assert all(p.index >= history.threshold for p in history.points if p.on >= rose)


def test_months_before_the_first_entry_are_left_out(journal: Journal) -> None:
    kim = contacts.add_contact(journal, ContactFields("Kim")).new_id or 0
    moments.log_moment(journal, MomentFields(dt.date(2026, 9, 3), (kim,), warmth=4))
    history = prompts.index_history(journal, kim, TODAY)
    assert [p.on for p in history.points] == [
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 31),
        TODAY,
    ]
    assert all(p.index == 0 for p in history.points) and history.rose_past() is None


def test_someone_with_nothing_logged_has_no_history(journal: Journal) -> None:
    new = contacts.add_contact(journal, ContactFields("New")).new_id or 0
    history = prompts.index_history(journal, new, TODAY)
    assert history.empty and history.rose_past() is None
