"""Stable identifiers for what Kith hands to other tools.

A calendar that re-reads Kith's `.ics` and a phone that syncs Kith's cards recognise
an event or a person by its UID: the same UID each time means "update", a new one
"add". So a UID must not change between exports. It is derived, with no column of
its own, from two stored things: a random UUID made once for the journal (kept in
its settings, so it travels with the file, its backups and its JSON export) and the
record's id. Two journals never share UIDs; the same journal always gives the same.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable

from sqlalchemy import select

from app.core.models import Setting
from app.core.store import Journal

SETTING = "exchange.journal_uuid"


def journal_uuid(journal: Journal) -> uuid.UUID:
    """This journal's UUID, made (and stored) the first time it is asked for."""
    with journal.session() as session:
        stored = session.scalar(select(Setting.value).where(Setting.key == SETTING))
        found = _parsed(stored)
        if found is not None:
            return found
        made = uuid.uuid4()
        row = session.get(Setting, SETTING)
        if row is None:
            session.add(Setting(key=SETTING, value=json.dumps(str(made))))
        else:  # an unreadable value: replaced, since nothing could have used it
            row.value = json.dumps(str(made))
        return made


def _parsed(stored: str | None) -> uuid.UUID | None:
    if stored is None:
        return None
    try:
        return uuid.UUID(str(json.loads(stored)))
    except ValueError:
        return None


def person_uid(journal_id: uuid.UUID, contact_id: int) -> str:
    """The vCard UID of a person (`urn:uuid:…`, the form RFC 6350 recommends)."""
    return f"urn:uuid:{uuid.uuid5(journal_id, f'contact/{contact_id}')}"


def event_uid(journal_id: uuid.UUID, what: str, contact_id: int) -> str:
    """The iCalendar UID of a person's event of kind `what` ("birthday", "keep-in-touch")."""
    return f"{uuid.uuid5(journal_id, f'{what}/{contact_id}')}@kith"


def uid_index(journal_id: uuid.UUID, ids: Iterable[int]) -> dict[str, int]:
    """Person UID → contact id, for `ids`: how a card edited elsewhere finds its person."""
    return {person_uid(journal_id, contact_id): contact_id for contact_id in ids}
