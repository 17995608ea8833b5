"""Coalitions: the alliances I belong to, their members and what they did together."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from app.core import validation as v
from app.core.changes import Changed, changed
from app.core.enums import CoalitionStatus, Formality
from app.core.errors import ValidationError
from app.core.models import Coalition as CoalitionModel
from app.core.models import Contact, Membership, joint_action_participants
from app.core.models import JointAction as JointActionModel
from app.core.records import (
    Coalition,
    CoalitionFields,
    CoalitionRow,
    JointAction,
    JointActionFields,
    Member,
    MemberFields,
)
from app.core.services._common import live, live_coalition, live_contacts
from app.core.store import Journal


def _clean_coalition(fields: CoalitionFields) -> dict[str, object]:
    started = v.day("started_on", fields.started_on)
    ended = v.day("ended_on", fields.ended_on)
    v.date_order("started_on", started, "ended_on", ended)
    return {
        "name": v.name("name", fields.name),
        "issue": v.text("issue", fields.issue),
        "desired_outcome": v.text("desired_outcome", fields.desired_outcome),
        "formality": v.choice("formality", fields.formality, Formality),
        "status": v.choice("status", fields.status, CoalitionStatus),
        "started_on": started,
        "ended_on": ended,
        "my_interest": v.text("my_interest", fields.my_interest),
        "my_commitment": v.one_to_five("my_commitment", fields.my_commitment),
        "differences": v.text("differences", fields.differences),
    }


def add_coalition(journal: Journal, fields: CoalitionFields) -> Changed:
    """Record a coalition I belong to; `Changed.new_id` is its id."""
    values = _clean_coalition(fields)
    with journal.session() as session:
        coalition = CoalitionModel(**values)
        session.add(coalition)
        session.flush()
        new_id = coalition.id
    return changed("coalition", coalitions={new_id}, new_id=new_id)


def update_coalition(journal: Journal, coalition_id: int, fields: CoalitionFields) -> Changed:
    values = _clean_coalition(fields)
    with journal.session() as session:
        coalition = live_coalition(session, coalition_id)
        for key, value in values.items():
            setattr(coalition, key, value)
    return changed("coalition", coalitions={coalition_id})


def list_coalitions(journal: Journal) -> list[CoalitionRow]:
    """Live coalitions by name, with their member count and latest joint action."""
    members = (
        select(Membership.coalition_id, func.count().label("n"))
        .join(Contact, Contact.id == Membership.contact_id)
        .where(Membership.deleted_at.is_(None), Contact.deleted_at.is_(None))
        .group_by(Membership.coalition_id)
        .subquery()
    )
    actions = (
        select(
            JointActionModel.coalition_id,
            func.max(JointActionModel.occurred_on).label("last_on"),
        )
        .where(JointActionModel.deleted_at.is_(None))
        .group_by(JointActionModel.coalition_id)
        .subquery()
    )
    statement = (
        select(
            CoalitionModel.id,
            CoalitionModel.name,
            CoalitionModel.status,
            func.coalesce(members.c.n, 0),
            actions.c.last_on,
        )
        .outerjoin(members, members.c.coalition_id == CoalitionModel.id)
        .outerjoin(actions, actions.c.coalition_id == CoalitionModel.id)
        .where(CoalitionModel.deleted_at.is_(None))
        .order_by(func.lower(CoalitionModel.name), CoalitionModel.id)
    )
    with journal.session() as session:
        return [CoalitionRow(*row) for row in session.execute(statement)]


def get_coalition(journal: Journal, coalition_id: int) -> Coalition:
    """A coalition with its live members and joint actions (newest first)."""
    with journal.session() as session:
        c = live_coalition(session, coalition_id)
        return Coalition(
            c.id,
            c.name,
            c.issue,
            c.desired_outcome,
            c.formality,
            c.status,
            c.started_on,
            c.ended_on,
            c.my_interest,
            c.my_commitment,
            c.differences,
            _members(session, coalition_id),
            _actions(session, coalition_id),
        )


def _members(session: Session, coalition_id: int) -> tuple[Member, ...]:
    rows = session.execute(
        select(
            Membership.id.label("membership_id"),
            Membership.contact_id,
            Contact.name,
            Membership.role,
            Membership.interest,
            Membership.commitment,
            Membership.knows_goal,
            Membership.agrees_outcome,
            Membership.joined_on,
            Membership.left_on,
        )
        .join(Contact, Contact.id == Membership.contact_id)
        .where(
            Membership.coalition_id == coalition_id,
            Membership.deleted_at.is_(None),
            Contact.deleted_at.is_(None),
        )
        .order_by(func.lower(Contact.name))
    )
    return tuple(Member(**row._asdict()) for row in rows)


def _actions(session: Session, coalition_id: int) -> tuple[JointAction, ...]:
    actions = session.execute(
        select(
            JointActionModel.id,
            JointActionModel.occurred_on,
            JointActionModel.description,
            JointActionModel.outcome,
        )
        .where(
            JointActionModel.coalition_id == coalition_id,
            JointActionModel.deleted_at.is_(None),
        )
        .order_by(JointActionModel.occurred_on.desc(), JointActionModel.id.desc())
    ).all()
    jap = joint_action_participants
    people: dict[int, list[tuple[int, str]]] = {}
    for action_id, contact_id, name in session.execute(
        select(jap.c.joint_action_id, Contact.id, Contact.name)
        .join(Contact, Contact.id == jap.c.contact_id)
        .join(JointActionModel, JointActionModel.id == jap.c.joint_action_id)
        .where(JointActionModel.coalition_id == coalition_id, Contact.deleted_at.is_(None))
        .order_by(func.lower(Contact.name))
    ):
        people.setdefault(action_id, []).append((contact_id, name))
    return tuple(JointAction(*row, participants=tuple(people.get(row[0], ()))) for row in actions)


def _clean_member(fields: MemberFields) -> dict[str, object]:
    joined = v.day("joined_on", fields.joined_on)
    left = v.day("left_on", fields.left_on)
    v.date_order("joined_on", joined, "left_on", left)
    return {
        "role": v.text("role", fields.role, limit=200),
        "interest": v.text("interest", fields.interest),
        "commitment": v.one_to_five("commitment", fields.commitment),
        "knows_goal": fields.knows_goal,
        "agrees_outcome": fields.agrees_outcome,
        "joined_on": joined,
        "left_on": left,
    }


def add_member(journal: Journal, fields: MemberFields) -> Changed:
    """Add a person to a coalition (bringing back their old membership if trashed)."""
    values = _clean_member(fields)
    with journal.session() as session:
        live_coalition(session, fields.coalition_id)
        person = live(session, Contact, fields.contact_id, field="contact_id")
        existing = session.scalars(
            select(Membership).where(
                Membership.coalition_id == fields.coalition_id,
                Membership.contact_id == fields.contact_id,
            )
        ).first()
        if existing is not None and existing.deleted_at is None:
            raise ValidationError("contact_id", f"{person.name} is already a member.")
        membership = existing or Membership(
            coalition_id=fields.coalition_id, contact_id=fields.contact_id
        )
        membership.deleted_at = None
        for key, value in values.items():
            setattr(membership, key, value)
        session.add(membership)
        session.flush()
        new_id = membership.id
    return changed(
        "membership",
        contacts={fields.contact_id},
        coalitions={fields.coalition_id},
        new_id=new_id,
    )


def update_member(journal: Journal, membership_id: int, fields: MemberFields) -> Changed:
    values = _clean_member(fields)
    with journal.session() as session:
        membership = live(session, Membership, membership_id)
        for key, value in values.items():
            setattr(membership, key, value)
        who, where = membership.contact_id, membership.coalition_id
    return changed("membership", contacts={who}, coalitions={where})


def _clean_action(
    session: Session, fields: JointActionFields
) -> tuple[dict[str, object], list[int]]:
    live_coalition(session, fields.coalition_id)
    people = live_contacts(session, fields.contact_ids, "contact_ids")
    values = {
        "coalition_id": fields.coalition_id,
        "occurred_on": v.required_day("occurred_on", fields.occurred_on),
        "description": v.text("description", fields.description, required=True),
        "outcome": v.text("outcome", fields.outcome),
    }
    return values, [p.id for p in people]


def log_joint_action(journal: Journal, fields: JointActionFields) -> Changed:
    """Record something a coalition did together, with who took part."""
    with journal.session() as session:
        values, people = _clean_action(session, fields)
        action = JointActionModel(**values)
        session.add(action)
        session.flush()
        _set_participants(session, action.id, people)
        new_id = action.id
    return changed(
        "joint_action", contacts=set(people), coalitions={fields.coalition_id}, new_id=new_id
    )


def update_joint_action(journal: Journal, action_id: int, fields: JointActionFields) -> Changed:
    with journal.session() as session:
        action = live(session, JointActionModel, action_id)
        values, people = _clean_action(session, fields)
        for key, value in values.items():
            setattr(action, key, value)
        session.execute(
            delete(joint_action_participants).where(
                joint_action_participants.c.joint_action_id == action_id
            )
        )
        _set_participants(session, action_id, people)
    return changed("joint_action", contacts=set(people), coalitions={fields.coalition_id})


def _set_participants(session: Session, action_id: int, contact_ids: list[int]) -> None:
    if contact_ids:
        session.execute(
            insert(joint_action_participants),
            [{"joint_action_id": action_id, "contact_id": cid} for cid in contact_ids],
        )
