"""Journal entries: free-written reflections, about a person, a coalition, or nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.core import validation as v
from app.core.changes import Changed, changed
from app.core.models import Coalition, Contact, JournalEntry
from app.core.records import Entry, EntryFields
from app.core.services._common import live
from app.core.store import Journal


def _clean(
    session: Session, fields: EntryFields, before: JournalEntry | None = None
) -> dict[str, object]:
    # A subject is checked when it is chosen: an entry about someone since trashed
    # can still be edited (autosave) without being refused.
    if fields.contact_id is not None and (before is None or before.contact_id != fields.contact_id):
        live(session, Contact, fields.contact_id, field="contact_id")
    if fields.coalition_id is not None and (
        before is None or before.coalition_id != fields.coalition_id
    ):
        live(session, Coalition, fields.coalition_id, field="coalition_id")
    return {
        "written_on": v.required_day("written_on", fields.written_on),
        "text": v.text("text", fields.text),
        "contact_id": fields.contact_id,
        "coalition_id": fields.coalition_id,
        "prompt_rule": v.text("prompt_rule", fields.prompt_rule, limit=64) or None,
    }


def _subjects(entry: JournalEntry) -> Changed:
    return changed(
        "journal_entry",
        contacts={entry.contact_id} if entry.contact_id else None,
        coalitions={entry.coalition_id} if entry.coalition_id else None,
    )


def write_entry(journal: Journal, fields: EntryFields) -> Changed:
    """Save a new reflection (an empty text is allowed: autosave starts from nothing)."""
    with journal.session() as session:
        entry = JournalEntry(**_clean(session, fields))
        session.add(entry)
        session.flush()
        result = _subjects(entry)
        new_id = entry.id
    return changed(
        *result.kinds, contacts=result.contact_ids, coalitions=result.coalition_ids, new_id=new_id
    )


def update_entry(journal: Journal, entry_id: int, fields: EntryFields) -> Changed:
    """Replace a reflection's text and subject (what autosave calls)."""
    with journal.session() as session:
        entry = live(session, JournalEntry, entry_id)
        before = _subjects(entry)
        for key, value in _clean(session, fields, entry).items():
            setattr(entry, key, value)
        return before | _subjects(entry)


def list_entries(
    journal: Journal, contact_id: int | None = None, coalition_id: int | None = None
) -> list[Entry]:
    """Live reflections, newest first, optionally only those about a person or coalition."""
    person = aliased(Contact)
    group = aliased(Coalition)
    statement = (
        select(
            JournalEntry.id,
            JournalEntry.written_on,
            JournalEntry.text,
            JournalEntry.contact_id,
            person.name,
            JournalEntry.coalition_id,
            group.name,
            JournalEntry.prompt_rule,
        )
        .outerjoin(person, person.id == JournalEntry.contact_id)
        .outerjoin(group, group.id == JournalEntry.coalition_id)
        .where(JournalEntry.deleted_at.is_(None))
        .order_by(JournalEntry.written_on.desc(), JournalEntry.id.desc())
    )
    if contact_id is not None:
        statement = statement.where(JournalEntry.contact_id == contact_id)
    if coalition_id is not None:
        statement = statement.where(JournalEntry.coalition_id == coalition_id)
    with journal.session() as session:
        return [Entry(*row) for row in session.execute(statement)]


def get_entry(journal: Journal, entry_id: int) -> Entry:
    with journal.session() as session:
        e = live(session, JournalEntry, entry_id)
        contact = session.get(Contact, e.contact_id) if e.contact_id else None
        coalition = session.get(Coalition, e.coalition_id) if e.coalition_id else None
        return Entry(
            e.id,
            e.written_on,
            e.text,
            e.contact_id,
            contact.name if contact else None,
            e.coalition_id,
            coalition.name if coalition else None,
            e.prompt_rule,
        )
