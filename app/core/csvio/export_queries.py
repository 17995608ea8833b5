"""The select behind each exported file: SQLite spells every cell as the contract wants.

Free text is neutralised (`format.neutralise`, done in SQL), booleans become
`yes`/`no`, `created_at` a UTC timestamp, participants their ids in order
joined by `;`, and dates and enumerations come as stored. What is in the
trash, and what would point at it, is left out (see `export`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    case,
    func,
    literal,
    null,
    select,
    type_coerce,
)

from app.core.csvio import format as f
from app.core.models import (
    Coalition,
    Contact,
    Favor,
    Interaction,
    JointAction,
    JournalEntry,
    Membership,
    interaction_participants,
    joint_action_participants,
)
from app.core.services.contacts import favor_totals, moment_totals


def _raw(column: Any) -> ColumnElement[Any]:
    """A column exactly as stored (dates and enumerations as their text)."""
    return type_coerce(column, String)


def _text(column: Any) -> ColumnElement[str]:
    """A free-text cell, neutralised by SQLite as `format.neutralise` would."""
    value = type_coerce(column, String)
    return case(
        (func.substr(value, 1, 1).in_(f.FORMULA_STARTS), literal("'", String) + value),
        else_=value,
    )


def _yes_no(column: Any) -> ColumnElement[str]:
    value = type_coerce(column, String)
    return case((value == "1", f.YES), (value == "0", f.NO), else_="")


def _live_or_empty(reference: Any, model: Any) -> ColumnElement[Any]:
    """The id `reference` points at if that record is live, else empty."""
    live = select(model.id).where(model.id == reference, model.deleted_at.is_(None))
    return case((live.exists(), reference), else_=null())


def trashed_people() -> Select[Any]:
    """The ids of the people in the trash."""
    return select(Contact.id).where(Contact.deleted_at.is_not(None))


def _people_of(link: Any, key: Any, owner: Any, trash: bool) -> ColumnElement[Any]:
    """The live participants of `owner` (via the `link` table), ids in order, joined by `;`.

    `trash` says whether anyone is in the trash: when no one is, the filter is
    left out (a fifth of the time of the moments file on the large demo).
    """
    people = select(link.c.contact_id).where(key == owner)
    if trash:
        people = people.where(link.c.contact_id.not_in(trashed_people()))
    ordered = people.order_by(link.c.contact_id).correlate(owner.table).subquery()
    return (
        select(func.group_concat(ordered.c.contact_id, f.ID_SEPARATOR))
        .select_from(ordered)
        .scalar_subquery()
    )


def queries(trash: bool = True) -> list[tuple[f.CsvFile, Select[Any]]]:
    """Each exported file with the select that yields its rows, in order.

    `trash` False promises that no person is in the trash (a faster select).
    """
    live_contact = Contact.deleted_at.is_(None)
    ip, jap = interaction_participants, joint_action_participants
    repaid = Favor.__table__.alias("repaid")
    return [
        (
            f.CONTACTS,
            select(
                Contact.id,
                _text(Contact.name),
                _raw(Contact.tie),
                _text(Contact.how_met),
                _text(Contact.email),
                _text(Contact.phone),
                _text(Contact.organization),
                Contact.birthday,
                Contact.keep_in_touch_days,
                _text(Contact.notes),
                func.strftime(f.TIMESTAMP_FORMAT, Contact.created_at),
            )
            .where(live_contact)
            .order_by(Contact.id),
        ),
        (
            f.INTERACTIONS,
            select(
                Interaction.id,
                _raw(Interaction.occurred_on),
                _raw(Interaction.kind),
                Interaction.warmth,
                _raw(Interaction.initiated_by),
                _text(Interaction.note),
                _people_of(ip, ip.c.interaction_id, Interaction.id, trash),
            )
            .where(Interaction.deleted_at.is_(None))
            .order_by(Interaction.id),
        ),
        (
            f.FAVORS,
            select(
                Favor.id,
                Favor.contact_id,
                _raw(Favor.direction),
                _raw(Favor.occurred_on),
                _text(Favor.description),
                Favor.weight,
                _raw(Favor.expectation),
                repaid.c.id,
            )
            .join(Contact, Contact.id == Favor.contact_id)
            .outerjoin(
                repaid,
                (repaid.c.id == Favor.returns_favor_id)
                & repaid.c.deleted_at.is_(None)
                & (repaid.c.contact_id == Favor.contact_id),
            )
            .where(Favor.deleted_at.is_(None), live_contact)
            .order_by(Favor.id),
        ),
        (
            f.COALITIONS,
            select(
                Coalition.id,
                _text(Coalition.name),
                _text(Coalition.issue),
                _text(Coalition.desired_outcome),
                _raw(Coalition.formality),
                _raw(Coalition.status),
                _raw(Coalition.started_on),
                _raw(Coalition.ended_on),
                _text(Coalition.my_interest),
                Coalition.my_commitment,
                _text(Coalition.differences),
            )
            .where(Coalition.deleted_at.is_(None))
            .order_by(Coalition.id),
        ),
        (
            f.MEMBERSHIPS,
            select(
                Membership.coalition_id,
                Membership.contact_id,
                _text(Membership.role),
                _text(Membership.interest),
                Membership.commitment,
                _yes_no(Membership.knows_goal),
                _yes_no(Membership.agrees_outcome),
                _raw(Membership.joined_on),
                _raw(Membership.left_on),
            )
            .join(Contact, Contact.id == Membership.contact_id)
            .join(Coalition, Coalition.id == Membership.coalition_id)
            .where(Membership.deleted_at.is_(None), live_contact, Coalition.deleted_at.is_(None))
            .order_by(Membership.coalition_id, Membership.contact_id),
        ),
        (
            f.JOINT_ACTIONS,
            select(
                JointAction.id,
                JointAction.coalition_id,
                _raw(JointAction.occurred_on),
                _text(JointAction.description),
                _text(JointAction.outcome),
                _people_of(jap, jap.c.joint_action_id, JointAction.id, trash),
            )
            .join(Coalition, Coalition.id == JointAction.coalition_id)
            .where(JointAction.deleted_at.is_(None), Coalition.deleted_at.is_(None))
            .order_by(JointAction.id),
        ),
        (
            f.JOURNAL,
            select(
                JournalEntry.id,
                _raw(JournalEntry.written_on),
                _text(JournalEntry.text),
                _live_or_empty(JournalEntry.contact_id, Contact),
                _live_or_empty(JournalEntry.coalition_id, Coalition),
                _text(JournalEntry.prompt_rule),
            )
            .where(JournalEntry.deleted_at.is_(None))
            .order_by(JournalEntry.id),
        ),
        (f.SUMMARY, _summary()),
    ]


def _summary() -> Select[Any]:
    """A person at a glance: the same totals as the people list and person page."""
    favors = favor_totals().subquery()
    moments = moment_totals().subquery()
    names = (
        select(Coalition.name)
        .join(Membership, Membership.coalition_id == Coalition.id)
        .where(
            Membership.contact_id == Contact.id,
            Membership.deleted_at.is_(None),
            Coalition.deleted_at.is_(None),
        )
        .order_by(func.lower(Coalition.name), Coalition.id)
        .correlate(Contact)
        .subquery()
    )
    # Neutralised inside: SQLite computes the one group_concat once for the CASE.
    coalitions = (
        select(_text(func.group_concat(names.c.name, f.ID_SEPARATOR)))
        .select_from(names)
        .scalar_subquery()
    )
    return (
        select(
            Contact.id,
            _text(Contact.name),
            _raw(Contact.tie),
            func.coalesce(moments.c.n_moments, 0),
            func.coalesce(favors.c.n_given, 0),
            func.coalesce(favors.c.n_received, 0),
            func.coalesce(favors.c.w_given, 0),
            func.coalesce(favors.c.w_received, 0),
            _raw(moments.c.last_on),
            null(),  # transactional_index: filled in by the exporter, from the engine
            coalitions,
        )
        .outerjoin(favors, favors.c.contact_id == Contact.id)
        .outerjoin(moments, moments.c.contact_id == Contact.id)
        .where(Contact.deleted_at.is_(None))
        .order_by(Contact.id)
    )
