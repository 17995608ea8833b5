"""Birthdays and keep-in-touch days as an iCalendar (RFC 5545) file, for any calendar app.

Decisions:

- **Birthdays** are yearly all-day events. With the year of birth known the series
  starts on the birthday itself; a birthday without a year (`--MM-DD`) starts in
  2000, a leap year, and its title carries no age. A **29 February** birthday
  repeats on the last day of February (`BYMONTH=2;BYMONTHDAY=-1`): the 29th in a
  leap year, the 28th otherwise, as the window marks it. A plain yearly rule would
  skip three years in four (RFC 5545 drops dates that do not exist).
- **Keep in touch**: one all-day "See Sam" event per person with a rhythm, on the day
  they fall due. Someone already overdue gets it on the day of the export, so the
  reminder is in view, not in the past. Re-exporting moves the event (same UID).
- **UIDs** come from `identity`: the same journal always gives the same UID for the
  same person's birthday or rhythm, so a calendar that re-reads the file updates
  its events instead of adding them again.
- Only what a calendar needs goes in: names, days, and the sentence of the reminder.
  No notes, favors or prompts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import icalendar

from app import __version__
from app.core import clock
from app.core.exchange.files import write_private
from app.core.exchange.identity import event_uid, journal_uuid
from app.core.services.due import birthdays, rhythms
from app.core.store import Journal

NO_YEAR = 2000  # where a series starts for a birthday without a year (a leap year)
PRODID = f"-//Kith//Kith {__version__}//EN"


@dataclass(frozen=True)
class CalendarSummary:
    """What `export_calendar` wrote."""

    path: Path
    birthdays: int
    reminders: int

    def counts(self) -> str:
        """ "3 birthdays, 1 keep-in-touch day"."""
        born = f"{self.birthdays} birthday{'' if self.birthdays == 1 else 's'}"
        kept = f"{self.reminders} keep-in-touch day{'' if self.reminders == 1 else 's'}"
        return f"{born}, {kept}"

    def __str__(self) -> str:
        return f"calendar written to {self.path}: {self.counts()}"


def calendar_bytes(journal: Journal, as_of: dt.date | None = None) -> tuple[bytes, int, int]:
    """The `.ics` text of the journal's birthdays and keep-in-touch days as of `as_of`
    (default today), with how many of each it holds."""
    day = as_of or clock.today()
    journal_id = journal_uuid(journal)
    stamp = clock.now_utc()
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Kith")
    born = 0
    for contact_id, name, birthday in birthdays(journal):
        event = _birthday_event(name, birthday)
        if event is None:
            continue
        event.add("uid", event_uid(journal_id, "birthday", contact_id))
        event.add("dtstamp", stamp)
        calendar.add_component(event)
        born += 1
    kept = rhythms(journal, day)
    for rhythm in kept:
        on = max(rhythm.due_on, day)
        event = icalendar.Event()
        event.add("uid", event_uid(journal_id, "keep-in-touch", rhythm.contact_id))
        event.add("dtstamp", stamp)
        event.add("summary", f"See {rhythm.name}")
        event.add("dtstart", on)
        event.add("dtend", on + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Kith"])
        event.add("description", _rhythm_sentence(rhythm.name, rhythm.every, rhythm.last_seen))
        calendar.add_component(event)
    return calendar.to_ical(), born, len(kept)


def export_calendar(
    journal: Journal, path: Path, as_of: dt.date | None = None, *, replace: bool = False
) -> CalendarSummary:
    """Write the calendar to `path` (owner-only; never over an existing file unless
    `replace`, as for a file kept in step)."""
    data, born, kept = calendar_bytes(journal, as_of)
    written = write_private(path, data, replace=replace)
    return CalendarSummary(written, born, kept)


def _birthday_event(name: str, birthday: str) -> icalendar.Event | None:
    year_text, month, day = birthday[:-6], int(birthday[-5:-3]), int(birthday[-2:])
    year = int(year_text) if year_text.isdigit() else None  # `--MM-DD`: no year
    try:
        start = dt.date(year or NO_YEAR, month, day)
    except ValueError:
        return None  # the journal only holds real dates; nothing to mark otherwise
    event = icalendar.Event()
    event.add("summary", f"{name}'s birthday")
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(days=1))
    rule: dict[str, object] = {"freq": "yearly"}
    if (month, day) == (2, 29):
        rule.update(bymonth=2, bymonthday=-1)
    event.add("rrule", rule)
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Birthday", "Kith"])
    if year is not None:
        event.add("description", f"{name} was born in {year}.")
    return event


def _rhythm_sentence(name: str, every: int, last_seen: dt.date | None) -> str:
    if last_seen is None:
        return f"You wanted to see {name} every {every} days; no moment together yet."
    return (
        f"You wanted to see {name} every {every} days; the last time was "
        f"{last_seen:%d %B %Y}. No reason needed."
    )
