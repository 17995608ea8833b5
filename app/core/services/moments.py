"""Moments (interactions) and favors: the everyday entries of a relationship."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from app.core import validation as v
from app.core.changes import Changed, changed
from app.core.enums import Direction, Expectation, Initiator, InteractionKind
from app.core.errors import ValidationError
from app.core.models import Contact, Interaction, interaction_participants
from app.core.models import Favor as FavorModel
from app.core.records import Favor, FavorFields, Moment, MomentFields
from app.core.services._common import live, live_contacts
from app.core.store import Journal

# ---- moments ---------------------------------------------------------------------------


def _clean_moment(fields: MomentFields) -> dict[str, object]:
    if not fields.contact_ids:
        raise ValidationError("contact_ids", "A moment needs at least one person.")
    return {
        "occurred_on": v.required_day("occurred_on", fields.occurred_on),
        "kind": v.choice("kind", fields.kind, InteractionKind),
        "warmth": v.one_to_five("warmth", fields.warmth),
        "initiated_by": v.optional_choice("initiated_by", fields.initiated_by, Initiator),
        "note": v.text("note", fields.note),
    }


def log_moment(journal: Journal, fields: MomentFields) -> Changed:
    """Record a moment spent with one or more people."""
    values = _clean_moment(fields)
    with journal.session() as session:
        people = live_contacts(session, fields.contact_ids, "contact_ids")
        moment = Interaction(**values)
        session.add(moment)
        session.flush()
        _set_participants(session, moment.id, [p.id for p in people])
        new_id = moment.id
    return changed("interaction", contacts={p.id for p in people}, new_id=new_id)


def update_moment(journal: Journal, moment_id: int, fields: MomentFields) -> Changed:
    """Replace a moment's details and participants."""
    values = _clean_moment(fields)
    with journal.session() as session:
        moment = live(session, Interaction, moment_id)
        before = set(_participant_ids(session, moment_id))
        people = live_contacts(session, fields.contact_ids, "contact_ids")
        for key, value in values.items():
            setattr(moment, key, value)
        session.execute(
            delete(interaction_participants).where(
                interaction_participants.c.interaction_id == moment_id
            )
        )
        _set_participants(session, moment_id, [p.id for p in people])
    return changed("interaction", contacts=before | {p.id for p in people})


def get_moment(journal: Journal, moment_id: int) -> Moment:
    with journal.session() as session:
        m = live(session, Interaction, moment_id)
        people = session.execute(
            select(Contact.id, Contact.name)
            .join(interaction_participants, interaction_participants.c.contact_id == Contact.id)
            .where(interaction_participants.c.interaction_id == moment_id)
            .order_by(Contact.name)
        ).all()
        return Moment(
            m.id,
            m.occurred_on,
            m.kind,
            m.warmth,
            m.initiated_by,
            m.note,
            tuple((row[0], row[1]) for row in people),
        )


def _set_participants(session: Session, moment_id: int, contact_ids: list[int]) -> None:
    session.execute(
        insert(interaction_participants),
        [{"interaction_id": moment_id, "contact_id": cid} for cid in contact_ids],
    )


def _participant_ids(session: Session, moment_id: int) -> list[int]:
    ip = interaction_participants
    rows = session.execute(select(ip.c.contact_id).where(ip.c.interaction_id == moment_id))
    return [row[0] for row in rows]


# ---- favors ----------------------------------------------------------------------------


def _clean_favor(session: Session, fields: FavorFields, favor_id: int | None) -> dict[str, object]:
    direction = v.choice("direction", fields.direction, Direction)
    occurred_on = v.required_day("occurred_on", fields.occurred_on)
    values: dict[str, object] = {
        "contact_id": live(session, Contact, fields.contact_id, field="contact_id").id,
        "direction": direction,
        "occurred_on": occurred_on,
        "description": v.text("description", fields.description, required=True),
        "weight": v.one_to_five("weight", fields.weight, required=True),
        "expectation": v.choice("expectation", fields.expectation, Expectation),
        "returns_favor_id": None,
    }
    if fields.returns_favor_id is not None:
        earlier = live(session, FavorModel, fields.returns_favor_id, field="returns_favor_id")
        if earlier.id == favor_id:
            raise ValidationError("returns_favor_id", "A favor cannot repay itself.")
        if earlier.contact_id != fields.contact_id:
            raise ValidationError(
                "returns_favor_id", "A favor can only repay a favor with the same person."
            )
        if earlier.direction == direction:
            raise ValidationError(
                "returns_favor_id",
                f"A favor {direction.value} can only repay a favor "
                f"{direction.opposite.value}, not another {direction.value} one.",
            )
        if earlier.occurred_on > occurred_on:
            raise ValidationError(
                "returns_favor_id", "A favor can only repay one that came before it."
            )
        values["returns_favor_id"] = earlier.id
    return values


def log_favor(journal: Journal, fields: FavorFields) -> Changed:
    """Record a favor given to or received from one person."""
    with journal.session() as session:
        favor = FavorModel(**_clean_favor(session, fields, None))
        session.add(favor)
        session.flush()
        new_id = favor.id
    return changed("favor", contacts={fields.contact_id}, new_id=new_id)


def update_favor(journal: Journal, favor_id: int, fields: FavorFields) -> Changed:
    """Replace a favor's details with `fields`.

    Refused (ValidationError on the field) when a favor logged as repaying this
    one would no longer fit it: with another person, the same way, or earlier.
    """
    with journal.session() as session:
        favor = live(session, FavorModel, favor_id)
        before = favor.contact_id
        values = _clean_favor(session, fields, favor_id)
        _check_repayers(session, favor_id, values)
        for key, value in values.items():
            setattr(favor, key, value)
    return changed("favor", contacts={before, fields.contact_id})


def _check_repayers(session: Session, favor_id: int, values: dict[str, object]) -> None:
    repayers = session.scalars(
        select(FavorModel).where(
            FavorModel.returns_favor_id == favor_id, FavorModel.deleted_at.is_(None)
        )
    ).all()
    fix = "Change or unlink that favor first."
    for repayer in repayers:
        if repayer.contact_id != values["contact_id"]:
            raise ValidationError(
                "contact_id", f"A favor logged as repaying this one is with someone else. {fix}"
            )
        if repayer.direction == values["direction"]:
            raise ValidationError(
                "direction", f"A favor logged as repaying this one goes the same way. {fix}"
            )
        day = values["occurred_on"]
        assert isinstance(day, dt.date)
        if repayer.occurred_on < day:
            raise ValidationError(
                "occurred_on",
                f"A favor logged as repaying this one came on {repayer.occurred_on.isoformat()}, "
                f"before this date. {fix}",
            )


def get_favor(journal: Journal, favor_id: int) -> Favor:
    with journal.session() as session:
        return _favor_record(live(session, FavorModel, favor_id))


def _favor_record(f: FavorModel) -> Favor:
    return Favor(
        f.id,
        f.contact_id,
        f.direction,
        f.occurred_on,
        f.description,
        f.weight,
        f.expectation,
        f.returns_favor_id,
    )


def open_favors(
    journal: Journal, contact_id: int, direction: Direction | str, before: dt.date | None = None
) -> list[Favor]:
    """Favors in `direction` with a person that nothing repays yet: what a new favor
    the other way could repay. Newest first."""
    wanted = v.choice("direction", direction, Direction)
    repaid = (
        select(FavorModel.returns_favor_id)
        .where(FavorModel.returns_favor_id.is_not(None), FavorModel.deleted_at.is_(None))
        .scalar_subquery()
    )
    statement = (
        select(FavorModel)
        .where(
            FavorModel.contact_id == contact_id,
            FavorModel.direction == wanted,
            FavorModel.deleted_at.is_(None),
            FavorModel.id.not_in(repaid),
        )
        .order_by(FavorModel.occurred_on.desc(), FavorModel.id.desc())
    )
    if before is not None:
        statement = statement.where(FavorModel.occurred_on <= before)
    with journal.session() as session:
        return [_favor_record(f) for f in session.scalars(statement)]
