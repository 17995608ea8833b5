"""The calendar export, read back by two parsers: icalendar (which wrote it) and vobject."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import icalendar
import pytest
import vobject

from app.core.errors import JournalExistsError
from app.core.exchange.calendar import export_calendar
from app.core.records import ContactFields, MomentFields
from app.core.services import contacts, moments, trash
from app.core.services.due import due
from app.core.store import Journal

D = dt.date


def person(journal: Journal, name: str, **fields: object) -> int:
    return contacts.add_contact(journal, ContactFields(name, **fields)).new_id or 0  # type: ignore[arg-type]


def occurrences(path: Path, start: dt.date, end: dt.date) -> dict[str, list[dt.date]]:
    """Every event's days from `start` to `end`, by title, as vobject expands them."""
    calendar = vobject.readOne(path.read_text(encoding="utf-8"))
    found: dict[str, list[dt.date]] = {}
    for event in calendar.vevent_list:
        title = event.summary.value
        low = dt.datetime.combine(start, dt.time())
        high = dt.datetime.combine(end, dt.time())
        rules = event.getrruleset(addRDate=True)
        if rules is None:  # a single day
            days = [event.dtstart.value] if start <= event.dtstart.value <= end else []
        else:
            days = [d.date() for d in rules.between(low, high, inc=True)]
        found.setdefault(title, []).extend(days)
    return found


def test_birthdays_are_yearly_all_day_events_leap_day_and_no_year_included(
    journal: Journal, tmp_path: Path
) -> None:
    person(journal, "Ana", birthday="1990-05-04")
    person(journal, "Leap", birthday="1992-02-29")
    person(journal, "Noyear", birthday="--02-29")
    person(journal, "Rosa", birthday="--12-31")
    out = tmp_path / "kith.ics"
    summary = export_calendar(journal, out, D(2026, 3, 1))
    assert (summary.birthdays, summary.reminders) == (4, 0)

    days = occurrences(out, D(2026, 1, 1), D(2028, 12, 31))
    assert days["Ana's birthday"] == [D(2026, 5, 4), D(2027, 5, 4), D(2028, 5, 4)]
    # 29 February: the 28th in a common year, the 29th in a leap year, every year.
    leap = [D(2026, 2, 28), D(2027, 2, 28), D(2028, 2, 29)]
    assert days["Leap's birthday"] == leap
    assert days["Noyear's birthday"] == leap
    assert days["Rosa's birthday"] == [D(2026, 12, 31), D(2027, 12, 31), D(2028, 12, 31)]

    # The first parser: all-day (DATE values), one day long, yearly, no age for no year.
    parsed = icalendar.Calendar.from_ical(out.read_bytes())
    events = {str(e["SUMMARY"]): e for e in parsed.walk("VEVENT")}
    ana = events["Ana's birthday"]
    assert type(ana.decoded("DTSTART")) is dt.date
    assert ana.decoded("DTEND") - ana.decoded("DTSTART") == dt.timedelta(days=1)
    assert ana["RRULE"]["FREQ"] == ["YEARLY"]
    assert "1990" in str(ana["DESCRIPTION"])
    assert "DESCRIPTION" not in events["Noyear's birthday"]


def test_keep_in_touch_days_match_who_the_window_lists_as_overdue(
    journal: Journal, tmp_path: Path
) -> None:
    sam = person(journal, "Sam", keep_in_touch_days=30)
    ana = person(journal, "Ana", keep_in_touch_days=10)
    moments.log_moment(journal, MomentFields(D(2026, 1, 1), (sam,), warmth=4))
    moments.log_moment(journal, MomentFields(D(2026, 2, 25), (ana,), warmth=4))
    as_of = D(2026, 3, 1)
    out = tmp_path / "kith.ics"
    export_calendar(journal, out, as_of)
    days = occurrences(out, D(2026, 1, 1), D(2026, 12, 31))
    # Sam is overdue (the window says so): the reminder is on the day of the export.
    assert [o.name for o in due(journal, as_of).overdue] == ["Sam"]
    assert days["See Sam"] == [as_of]
    # Ana is not yet: her reminder is on the first day she will be.
    assert days["See Ana"] == [D(2026, 3, 8)]
    assert [o.name for o in due(journal, D(2026, 3, 7)).overdue] == ["Sam"]
    assert {o.name for o in due(journal, D(2026, 3, 8)).overdue} == {"Ana", "Sam"}


def test_uids_are_stable_so_a_calendar_updates_instead_of_duplicating(
    journal: Journal, tmp_path: Path
) -> None:
    sam = person(journal, "Sam", keep_in_touch_days=30, birthday="1980-07-01")
    person(journal, "Ana", birthday="--03-03")
    first, second = tmp_path / "one.ics", tmp_path / "two.ics"
    export_calendar(journal, first, D(2026, 1, 1))
    moments.log_moment(journal, MomentFields(D(2026, 1, 20), (sam,), warmth=4))
    export_calendar(journal, second, D(2026, 2, 1))

    def by_uid(path: Path) -> dict[str, tuple[str, dt.date]]:
        parsed = icalendar.Calendar.from_ical(path.read_bytes())
        return {
            str(e["UID"]): (str(e["SUMMARY"]), e.decoded("DTSTART")) for e in parsed.walk("VEVENT")
        }

    before, after = by_uid(first), by_uid(second)
    assert set(before) == set(after) and len(after) == 3
    moved = [uid for uid in after if before[uid] != after[uid]]
    assert [after[uid] for uid in moved] == [("See Sam", D(2026, 2, 20))]


def test_the_file_is_owner_only_never_overwritten_and_leaves_out_the_trash(
    journal: Journal, tmp_path: Path
) -> None:
    person(journal, "Ana", birthday="1990-05-04", notes="secret thoughts")
    gone = person(journal, "Gone", birthday="1991-01-01")
    trash.move_to_trash(journal, "contact", gone)
    out = tmp_path / "new" / "kith.ics"
    export_calendar(journal, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert stat.S_IMODE(out.parent.stat().st_mode) == 0o700
    text = out.read_text(encoding="utf-8")
    assert "Gone" not in text and "secret" not in text
    with pytest.raises(JournalExistsError):
        export_calendar(journal, out)
    export_calendar(journal, out, replace=True)  # a file kept in step
