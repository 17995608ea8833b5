"""The trash: deleting moves a record here; only emptying it removes anything for good.

A trashed person hides everything that hangs on them (their favors, their place
in moments and coalitions) without touching it, so restoring brings it all back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from app.core import clock
from app.core.changes import Changed, changed
from app.core.errors import NotFoundError
from app.core.kinds import BY_KEY
from app.core.models import (
    Contact,
    Interaction,
    Membership,
    Trashable,
    interaction_participants,
    table_of,
)
from app.core.records import TrashItem
from app.core.services import search
from app.core.services._common import live
from app.core.store import Journal


def _model(kind: str) -> type[Trashable]:
    try:
        return BY_KEY[kind].model
    except KeyError:
        raise NotFoundError(f"Kith has no kind of record called {kind!r}.") from None


def _affected(session: Session, kind: str, record: object) -> Changed:
    """Which views a change to this record makes stale."""
    contacts: set[int] = set()
    coalitions: set[int] = set()
    record_id = getattr(record, "id")  # noqa: B009 - every trashable model has an id
    if kind == "contact":
        contacts.add(record_id)
        coalitions.update(
            session.scalars(
                select(Membership.coalition_id).where(Membership.contact_id == record_id)
            )
        )
    elif kind == "interaction":
        ip = interaction_participants
        contacts.update(
            session.scalars(select(ip.c.contact_id).where(ip.c.interaction_id == record_id))
        )
    elif kind in ("favor", "membership", "journal_entry"):
        if getattr(record, "contact_id", None):
            contacts.add(getattr(record, "contact_id"))  # noqa: B009
        if getattr(record, "coalition_id", None):
            coalitions.add(getattr(record, "coalition_id"))  # noqa: B009
    elif kind == "joint_action":
        coalitions.add(getattr(record, "coalition_id"))  # noqa: B009
    elif kind == "coalition":
        coalitions.add(record_id)
        contacts.update(
            session.scalars(
                select(Membership.contact_id).where(Membership.coalition_id == record_id)
            )
        )
    return changed(kind, "trash", contacts=contacts, coalitions=coalitions)


def move_to_trash(journal: Journal, kind: str, record_id: int) -> Changed:
    """Move a record to the trash (it can be restored until the trash is emptied)."""
    model = _model(kind)
    with journal.session() as session:
        record = live(session, model, record_id)
        record.deleted_at = clock.now_utc()
        return _affected(session, kind, record)


def restore(journal: Journal, kind: str, record_id: int) -> Changed:
    """Bring a record back from the trash."""
    model = _model(kind)
    with journal.session() as session:
        record = session.get(model, record_id)
        if record is None or record.deleted_at is None:
            raise NotFoundError(f"There is no {kind.replace('_', ' ')} {record_id} in the trash.")
        record.deleted_at = None
        return _affected(session, kind, record)


def list_trash(journal: Journal) -> list[TrashItem]:
    """Everything in the trash, most recently trashed first."""
    items: list[TrashItem] = []
    with journal.session() as session:
        for record in BY_KEY.values():
            kind, model = record.key.value, record.model
            table = table_of(model)
            label_column: Any
            if kind == "membership":
                label_column = (
                    select(Contact.name)
                    .where(Contact.id == Membership.contact_id)
                    .scalar_subquery()
                )
            else:
                label_column = record.label
            rows = session.execute(
                select(table.c.id, label_column, table.c.deleted_at).where(
                    table.c.deleted_at.is_not(None)
                )
            )
            for record_id, label, deleted_at in rows:
                text = " ".join(str(label or "").split())[:80]
                items.append(TrashItem(kind, record_id, f"{record.title}: {text}", deleted_at))
    items.sort(key=lambda item: (item.deleted_at, item.id), reverse=True)
    return items


def delete_forever(journal: Journal, kind: str, record_id: int) -> Changed:
    """Remove one trashed record for good (with what hangs on it only)."""
    model = _model(kind)
    with journal.session() as session:
        record = session.get(model, record_id)
        if record is None or record.deleted_at is None:
            raise NotFoundError(f"There is no {kind.replace('_', ' ')} {record_id} in the trash.")
        result = _affected(session, kind, record)
        session.delete(record)
        session.flush()
        _drop_empty_moments(session)
    search.forget_deleted(journal)
    return result


def empty_trash(journal: Journal) -> Changed:
    """Remove everything in the trash for good. Returns every kind as changed."""
    with journal.session() as session:
        for model in (record.model for record in BY_KEY.values()):
            table = table_of(model)
            session.execute(delete(table).where(table.c.deleted_at.is_not(None)))
        _drop_empty_moments(session)
    search.forget_deleted(journal)
    return changed(*BY_KEY, "trash")


def _drop_empty_moments(session: Session) -> None:
    # A moment whose every participant was deleted for good is about no one.
    ip = interaction_participants
    session.execute(
        delete(Interaction).where(~exists().where(ip.c.interaction_id == Interaction.id))
    )


def trash_count(journal: Journal) -> int:
    """How many records wait in the trash."""
    return len(list_trash(journal))
