"""Calendar exports (.ics from Google Takeout, Apple Calendar, Thunderbird) as draft moments.

An event whose attendees (or a name in its title) are other people becomes a
draft `meeting` moment on its day (`shared_time` when its title says so: lunch,
dinner, a walk; `call` for a call), one per day and person set. Recurring events
are expanded by `recurring_ical_events` from the file's first event up to today,
never into the future. Cancelled events, and attendees who declined, are left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from app.core.capture import vocabulary as w
from app.core.capture.drafts import Draft, Party, add_text
from app.core.capture.people_match import PeopleIndex, fold
from app.core.enums import InteractionKind
from app.core.errors import CaptureFileError

_CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+(?:;[^:]*)?:")
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _check_lines(path: Path, text: str) -> None:
    """Refuse, naming the line, a file that is not RFC 5545 content lines in balanced blocks."""
    depth: list[str] = []
    lines = text.splitlines()
    if not lines or lines[0].strip().upper() != "BEGIN:VCALENDAR":
        raise CaptureFileError(
            f"{path} line 1 is not BEGIN:VCALENDAR, so it is not an .ics calendar; "
            "nothing was imported."
        )
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line[:1] in " \t":
            continue  # a folded continuation
        if not _CONTENT_LINE.match(line):
            raise CaptureFileError(
                f"{path} line {number} is not a calendar line (NAME:value); nothing was imported."
            )
        name, _, value = line.partition(":")
        name = name.split(";")[0].upper()
        if name == "BEGIN":
            depth.append(value.strip().upper())
        elif name == "END":
            if not depth or depth[-1] != value.strip().upper():
                still = f" while {depth[-1]} is still open" if depth else " that was never begun"
                raise CaptureFileError(
                    f"{path} line {number} ends {value.strip()}{still}; nothing was imported."
                )
            depth.pop()
    if depth:
        raise CaptureFileError(
            f"{path} ends before its {depth[-1]} is closed (the file may be cut short); "
            "nothing was imported."
        )


def read_calendar(
    path: Path,
    *,
    me: str | None,
    today: dt.date,
    people: PeopleIndex | None = None,
    keep_text: bool = False,
) -> list[Draft]:
    """Drafts from one .ics file; `me` (an address or a name) is left out of the attendees."""
    import icalendar
    import recurring_ical_events

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError) as error:
        raise CaptureFileError(
            f"{path} cannot be read as a text calendar ({error}); nothing was imported."
        ) from None
    _check_lines(path, text)
    try:
        calendar = icalendar.Calendar.from_ical(text)
        events = [c for c in calendar.walk("VEVENT")]
        starts = [_day(e.get("DTSTART").dt) for e in events if e.get("DTSTART") is not None]
        if not starts:
            return []
        first = min(starts)
        until = today + dt.timedelta(days=1)
        occurrences = recurring_ical_events.of(calendar).between(first, until)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise CaptureFileError(
            f"{path} is a broken calendar ({error}); nothing was imported."
        ) from None
    owner = {fold(me), (me or "").casefold()} if me else set()
    owner_name = str(calendar.get("X-WR-CALNAME") or "")
    if "@" in owner_name:
        owner.add(owner_name.casefold())
    grouped: dict[tuple[dt.date, InteractionKind, tuple[str, ...]], list[Any]] = defaultdict(list)
    parties_of: dict[tuple[dt.date, InteractionKind, tuple[str, ...]], tuple[Party, ...]] = {}
    for event in occurrences:
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        day = _day(event.get("DTSTART").dt)
        if day > today:
            continue
        title = str(event.get("SUMMARY", "") or "")
        parties = _attendees(event, owner) or _named_in(title, people)
        if not parties:
            continue
        kind = _kind(title, parties)
        key = (day, kind, tuple(sorted(p.key for p in parties)))
        grouped[key].append(title)
        parties_of.setdefault(key, parties)
    found = []
    for key, titles in sorted(grouped.items()):
        words: list[str] = []
        size = [0]
        if keep_text:
            for title in titles:
                add_text(words, size, title)
        found.append(
            Draft(
                day=key[0],
                parties=parties_of[key],
                kind=key[1],
                source="calendar",
                count=len(titles),
                unit="event",
                text="\n".join(words),
            )
        )
    return found


def _day(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        # A timed event belongs to its day where the user lives.
        return value.astimezone().date() if value.tzinfo else value.date()
    return value


def _attendees(event: Any, owner: set[str]) -> tuple[Party, ...]:
    found: dict[str, Party] = {}
    listed = event.get("ATTENDEE", [])
    if not isinstance(listed, list):
        listed = [listed]
    organizer = event.get("ORGANIZER")
    for person in [*listed, *([organizer] if organizer is not None else [])]:
        params = getattr(person, "params", {})
        if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
            continue
        if str(params.get("CUTYPE", "INDIVIDUAL")).upper() not in ("INDIVIDUAL", ""):
            continue  # rooms and resources are not people
        address = str(person).removeprefix("mailto:").removeprefix("MAILTO:").strip()
        name = str(params.get("CN", "") or "").strip().strip('"')
        if address.casefold() in owner or (name and fold(name) in owner):
            continue
        party = Party(name or address, address if "@" in address else "")
        found.setdefault(party.key, party)
    return tuple(found.values())


def _named_in(title: str, people: PeopleIndex | None) -> tuple[Party, ...]:
    """People of the journal whose name (or first name) the title gives: "Lunch with Ana"."""
    if people is None:
        return ()
    found: dict[str, Party] = {}
    words = [m.group() for m in _TITLE_WORD.finditer(title)]
    i = 0
    while i < len(words):
        word = words[i]
        if not word[:1].isupper() or word.lower() in w.NOT_NAMES:
            i += 1
            continue
        pair = " ".join(words[i : i + 2])
        if i + 1 < len(words) and people.knows(pair):
            found.setdefault(fold(pair), Party(pair))
            i += 2
            continue
        if people.knows(word):
            found.setdefault(fold(word), Party(word))
        i += 1
    return tuple(found.values())


def _kind(title: str, parties: tuple[Party, ...]) -> InteractionKind:
    lowered = [word.lower() for word in _TITLE_WORD.findall(title)]
    for word in lowered:
        kind = w.KIND_WORDS.get(word)
        if kind in ("shared_time", "call"):
            return InteractionKind(kind)
    return InteractionKind.MEETING
