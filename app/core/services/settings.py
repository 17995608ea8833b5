"""The journal's own settings: the reflection thresholds and how many backups to keep.

They live in the journal (the `settings` table, key → JSON value), so that the window
and `kith prompts` judge alike, wherever the file goes. Only values that differ from
the defaults are stored: for everything its owner never changed, a journal follows
the defaults of the Kith that opens it. A key this Kith does not know (a newer Kith's)
is left alone and ignored; a stored value that is unreadable or out of range counts as
its default, so a journal never fails to open over a setting.

Display preferences (date format, week start, notifications) are per user, not per
journal: the window keeps them in QSettings.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import clock
from app.core.changes import Changed, changed
from app.core.enums import PromptState
from app.core.errors import ValidationError
from app.core.models import Prompt, Setting
from app.core.reflection import engine, tuning
from app.core.reflection.thresholds import DEFAULTS, Thresholds
from app.core.store import Journal

THRESHOLD_PREFIX = "reflection."
# Backup retention: (key, default, least, what it is). Daily copies never drop to
# zero: "nothing is lost" needs at least the latest one.
RETENTION: tuple[tuple[str, int, int, str], ...] = (
    ("backups.daily", 7, 1, "Daily backups"),
    ("backups.weekly", 4, 0, "Weekly backups"),
    ("backups.monthly", 12, 0, "Monthly backups"),
)
MAX_BACKUPS = 999


# ---- reading ----------------------------------------------------------------------------


def _stored(session: Session, prefix: str) -> dict[str, object]:
    """Stored values whose key starts with `prefix`, by the rest of the key; a value
    that is not valid JSON is skipped (it counts as unset)."""
    found: dict[str, object] = {}
    rows = session.execute(
        select(Setting.key, Setting.value).where(Setting.key.startswith(prefix, autoescape=True))
    )
    for key, value in rows:
        try:
            found[key[len(prefix) :]] = json.loads(value)
        except ValueError:
            continue
    return found


def thresholds(journal: Journal) -> Thresholds:
    """The thresholds this journal's reflections use: its stored values over the defaults."""
    with journal.session() as session:
        return tuning.from_stored(_stored(session, THRESHOLD_PREFIX))


def retention_numbers(journal: Journal) -> tuple[int, int, int]:
    """How many daily, weekly and monthly backups to keep (default 7, 4 and 12)."""
    with journal.session() as session:
        stored = _stored(session, "")
    daily, weekly, monthly = (
        _retention(stored.get(key), default, least) for key, default, least, _ in RETENTION
    )
    return daily, weekly, monthly


def _retention(value: object, default: int, least: int) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool) and least <= value <= MAX_BACKUPS
    return value if ok and isinstance(value, int) else default


def stored_settings(journal: Journal) -> dict[str, str]:
    """Every stored setting as its raw text, by key, known to this Kith or not."""
    with journal.session() as session:
        rows = session.execute(select(Setting.key, Setting.value).order_by(Setting.key))
        return {key: value for key, value in rows}


# ---- writing ----------------------------------------------------------------------------


def _write(session: Session, values: Mapping[str, object | None]) -> None:
    """Store each key's value; None removes it (back to its default)."""
    for key, value in values.items():
        row = session.get(Setting, key)
        if value is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(Setting(key=key, value=json.dumps(value)))
        else:
            row.value = json.dumps(value)


def check_retention(daily: object, weekly: object, monthly: object) -> tuple[int, int, int]:
    """The three retention numbers if they are whole numbers in range; else a
    ValidationError naming the key (`backups.daily`...), with a sentence."""
    numbers: list[int] = []
    for (key, _default, least, label), value in zip(
        RETENTION, (daily, weekly, monthly), strict=True
    ):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(key, f"{label} must be a whole number.")
        if not least <= value <= MAX_BACKUPS:
            raise ValidationError(key, f"{label} must be from {least} to {MAX_BACKUPS}.")
        numbers.append(value)
    return numbers[0], numbers[1], numbers[2]


def save_retention(journal: Journal, daily: int, weekly: int, monthly: int) -> Changed:
    """Keep this many daily, weekly and monthly backups (validated; defaults not stored)."""
    numbers = check_retention(daily, weekly, monthly)
    values = {
        key: (None if number == default else number)
        for (key, default, _least, _label), number in zip(RETENTION, numbers, strict=True)
    }
    with journal.session() as session:
        _write(session, values)
    return changed("settings")


def save_thresholds(journal: Journal, values: Thresholds, as_of: dt.date | None = None) -> Changed:
    """Judge this journal with `values` from now on (validated first: ValidationError
    names the field). Takes effect at once, and keeps the promise not to nag:

    - an open or snoozed prompt the new values no longer raise is withdrawn (nothing
      the user wrote hangs on it; it comes back if the values do);
    - a dismissed or answered prompt stays as far from asking again as it was: its
      "index when dismissed" moves with what the new values make of the same record
      (see `_rebased`), so a new ruler alone never brings it back ("clearly changes"
      means the record did)."""
    tuning.check(values)
    day = as_of or clock.today()
    old = thresholds(journal)
    with journal.session() as session:
        people = {cid for cid in session.scalars(select(Prompt.contact_id)) if cid is not None}
    found, before, after = _judged(journal, day, old, values, people)
    touched_people: set[int] = set()
    touched_groups: set[int] = set()
    with journal.session() as session:
        _write(session, _threshold_values(values))
        for prompt in session.scalars(select(Prompt)):
            subject = prompt.contact_id or prompt.coalition_id or 0
            kind = "person" if prompt.contact_id is not None else "coalition"
            if prompt.state in (PromptState.OPEN, PromptState.SNOOZED):
                if _key(kind, subject, prompt.rule) not in found:
                    session.delete(prompt)
                    (touched_people if kind == "person" else touched_groups).add(subject)
            elif kind == "person" and subject in before and subject in after:
                prompt.dismissed_index = _rebased(
                    prompt.quiet_index,
                    after[subject] - before[subject],
                    old.dismiss_reopen_rise,
                    values.dismiss_reopen_rise,
                )
    return changed("settings", "prompt", contacts=touched_people, coalitions=touched_groups)


def _rebased(dismissed: int, moved: int, old_rise: int, new_rise: int) -> int:
    """A dismissed prompt's "index when dismissed" under new values: as far from asking
    again as before (the same record read `moved` points higher, the rise to ask again
    changed from `old_rise` to `new_rise`), but an index can't pass 100: a prompt that
    could come back before still can, at 100."""
    rebased = dismissed + moved + old_rise - new_rise
    if rebased + new_rise > 100 and dismissed + old_rise <= 100:
        rebased = 100 - new_rise
    return rebased


def restore_default_thresholds(journal: Journal, as_of: dt.date | None = None) -> Changed:
    """Back to the documented defaults (README, "How Kith decides")."""
    return save_thresholds(journal, DEFAULTS, as_of)


def _threshold_values(values: Thresholds) -> dict[str, object | None]:
    changed_values = tuning.changed_from_defaults(values)
    return {THRESHOLD_PREFIX + t.name: changed_values.get(t.name) for t in tuning.TUNABLES}


def _judged(
    journal: Journal, day: dt.date, old: Thresholds, new: Thresholds, people: Collection[int]
) -> tuple[set[tuple[str, int, str]], dict[int, int], dict[int, int]]:
    """What the new values raise on `day` (about the people who have prompts, and every
    coalition), keyed as stored questions are (one per person, one per coalition rule),
    and those people's index under the old and the new values."""
    before = engine.readings(journal, day, old, people) if people else {}
    after = engine.readings(journal, day, new, people) if people else {}
    raised = engine.candidates(journal, day, new, people, read=after)
    found = {_key(v.subject_type, v.subject_id, v.rule) for v in raised}
    return (
        found,
        {cid: r.index for cid, r in before.items()},
        {cid: r.index for cid, r in after.items()},
    )


def _key(kind: str, subject: int, rule: str) -> tuple[str, int, str]:
    return (kind, subject, "" if kind == "person" else rule)
