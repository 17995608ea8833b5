"""When a person being imported is obviously someone already in the journal.

The rule (documented in the README), for both Kith CSV merges and people from
vCard or Google/Outlook CSV: the same name, ignoring case, surrounding spaces
and runs of inner spaces, and emails that do not contradict each other, that
is the same email ignoring case, or no email on at least one side. Two people
with the same name and different emails stay two people. Among several
candidates the one with the same email wins, then the oldest (lowest id).
Only live people are matched: someone in the trash is not someone to merge into.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.engine import Connection

from app.core.models import Contact


def name_key(name: str) -> str:
    """A name as compared for matching: NFC, single spaces, no case."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def email_key(email: str) -> str:
    """An email as compared for matching: no surrounding spaces, no case."""
    return email.strip().casefold()


class PersonMatcher:
    """Known people by name, to find the one an incoming person obviously is."""

    def __init__(self, people: Iterable[tuple[int, str, str]] = ()) -> None:
        self._by_name: dict[str, list[tuple[int, str]]] = {}
        self.names: dict[int, str] = {}
        # Changes with any person added: tells whether a preview still holds.
        self.digest = 0
        for person_id, name, email in people:
            self.add(person_id, name, email)

    def add(self, person_id: int, name: str, email: str) -> None:
        """Make `person_id` findable (people are expected in increasing id order)."""
        self._by_name.setdefault(name_key(name), []).append((person_id, email_key(email)))
        self.names[person_id] = name
        self.digest = hash((self.digest, person_id, name, email))

    def find(self, name: str, email: str) -> int | None:
        """The id of the person `name`/`email` obviously is, or None."""
        candidates = self._by_name.get(name_key(name))
        if not candidates:
            return None
        wanted = email_key(email)
        if wanted:
            for person_id, known in candidates:
                if known == wanted:
                    return person_id
        for person_id, known in candidates:
            if not known or not wanted:
                return person_id
        return None


def journal_matcher(connection: Connection) -> PersonMatcher:
    """A matcher over the journal's live people."""
    rows = connection.execute(
        select(Contact.id, Contact.name, Contact.email)
        .where(Contact.deleted_at.is_(None))
        .order_by(Contact.id)
    )
    return PersonMatcher((row[0], row[1], row[2]) for row in rows)
