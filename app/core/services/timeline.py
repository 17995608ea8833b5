"""A person's timeline: moments, favors and reflections merged, newest first."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.core.models import Contact as ContactModel
from app.core.models import Favor, Interaction, JournalEntry, interaction_participants
from app.core.records import TimelineItem
from app.core.services._common import live
from app.core.store import Journal


def person_timeline(
    journal: Journal, contact_id: int, limit: int | None = None
) -> list[TimelineItem]:
    """Everything logged with a person, newest first (ties broken by newest id)."""
    ip = interaction_participants
    moments = (
        select(
            Interaction.id,
            Interaction.occurred_on,
            Interaction.note,
            Interaction.kind,
            Interaction.warmth,
        )
        .join(ip, ip.c.interaction_id == Interaction.id)
        .where(ip.c.contact_id == contact_id, Interaction.deleted_at.is_(None))
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
    )
    favors = (
        select(
            Favor.id,
            Favor.occurred_on,
            Favor.description,
            Favor.direction,
            Favor.weight,
            Favor.expectation,
            Favor.returns_favor_id,
        )
        .where(Favor.contact_id == contact_id, Favor.deleted_at.is_(None))
        .order_by(Favor.occurred_on.desc(), Favor.id.desc())
    )
    entries = (
        select(JournalEntry.id, JournalEntry.written_on, JournalEntry.text)
        .where(JournalEntry.contact_id == contact_id, JournalEntry.deleted_at.is_(None))
        .order_by(JournalEntry.written_on.desc(), JournalEntry.id.desc())
    )
    if limit is not None:
        moments, favors, entries = moments.limit(limit), favors.limit(limit), entries.limit(limit)
    # Who else was there, for every moment of this person's (one query, not one a moment).
    mine = select(ip.c.interaction_id).where(ip.c.contact_id == contact_id)
    others_of = (
        select(ip.c.interaction_id, ContactModel.name)
        .join(ContactModel, ContactModel.id == ip.c.contact_id)
        .where(
            ip.c.interaction_id.in_(mine),
            ip.c.contact_id != contact_id,
            ContactModel.deleted_at.is_(None),
        )
        .order_by(ip.c.interaction_id, func.lower(ContactModel.name))
    )
    repaid = aliased(Favor)
    repaid_of = (
        select(Favor.id, repaid.occurred_on, repaid.description)
        .join(repaid, repaid.id == Favor.returns_favor_id)
        .where(Favor.contact_id == contact_id, repaid.deleted_at.is_(None))
    )
    with journal.session() as session:
        live(session, ContactModel, contact_id)
        others: dict[int, list[str]] = {}
        for moment_id, name in session.execute(others_of):
            others.setdefault(moment_id, []).append(name)
        repays = {i: f"{on.isoformat()} {gist}" for i, on, gist in session.execute(repaid_of)}
        items = [
            TimelineItem(
                "moment",
                i,
                on,
                note,
                interaction_kind=kind,
                warmth=warmth,
                with_others=tuple(others.get(i, ())),
            )
            for i, on, note, kind, warmth in session.execute(moments)
        ]
        items += [
            TimelineItem(
                "favor",
                i,
                on,
                text,
                direction=direction,
                weight=weight,
                expectation=expectation,
                returns_favor_id=repaid_id,
                repays=repays.get(i, ""),
            )
            for i, on, text, direction, weight, expectation, repaid_id in session.execute(favors)
        ]
        items += [TimelineItem("entry", i, on, text) for i, on, text in session.execute(entries)]
    items.sort(key=lambda item: (item.on, item.id), reverse=True)
    return items if limit is None else items[:limit]
