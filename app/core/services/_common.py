"""Helpers shared by the service modules: live-record lookups with human errors."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from app.core.errors import NotFoundError, ValidationError
from app.core.kinds import kind_of_model
from app.core.models import Base, Coalition, Contact

M = TypeVar("M", bound=Base)


def live(session: Session, model: type[M], record_id: int, *, field: str | None = None) -> M:
    """The record, unless it is missing or in the trash.

    With `field`, a missing record is a ValidationError on that form field (a
    reference the user picked); without, a NotFoundError.
    """
    record = session.get(model, record_id)
    if record is None or getattr(record, "deleted_at", None) is not None:
        kind = kind_of_model(model)
        what = kind.noun if kind is not None else model.__name__.lower()
        message = f"There is no {what} with id {record_id} (it may be in the trash)."
        if field is not None:
            raise ValidationError(field, message)
        raise NotFoundError(message)
    return record


def live_contacts(session: Session, contact_ids: tuple[int, ...], field: str) -> list[Contact]:
    """The distinct, live people among `contact_ids`, in the order given."""
    seen: dict[int, Contact] = {}
    for contact_id in contact_ids:
        if contact_id not in seen:
            seen[contact_id] = live(session, Contact, contact_id, field=field)
    return list(seen.values())


def live_coalition(session: Session, coalition_id: int, field: str = "coalition_id") -> Coalition:
    return live(session, Coalition, coalition_id, field=field)
