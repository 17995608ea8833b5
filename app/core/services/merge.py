"""Make one person of two: choose each field, move every record, and undo it exactly.

In one transaction the other person's moments, favors (their repay links are
by favor, so they hold), memberships, joint actions, journal entries and
prompts move to the kept person; the other goes to the trash with a note that
says where they went. The running totals and the search index follow through
their triggers.

- A moment or a joint action they were both in keeps the kept person once
  (no duplicate participant rows); undo gives the other their place back.
- A coalition they both belong to keeps the kept person's membership; its
  blank fields are filled from the other's, a different interest or role is
  added after the kept one, and the other's membership goes to the trash with
  them (it is what undo brings back).
- An open or snoozed prompt the kept person already has for the same rule
  stays; the other's one goes to the trash with them. Every other prompt moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.core import clock
from app.core.changes import Changed, changed
from app.core.errors import NotFoundError, ValidationError
from app.core.models import Contact as ContactModel
from app.core.records import ContactFields
from app.core.services.contacts import clean_contact
from app.core.services.merge_plan import (
    CHOICES,
    COLLIDING,
    FIELDS,
    MergePlan,
    is_blank,
    plan_in,
    plan_merge,
)
from app.core.store import Journal

__all__ = [
    "FIELDS",
    "MergeOutcome",
    "MergePlan",
    "MergeUndo",
    "merge_people",
    "plan_merge",
    "undo_merge",
]

_IN_IDS = "IN (SELECT value FROM json_each(:ids))"

_MEMBER_FIELDS = (
    "role",
    "interest",
    "commitment",
    "knows_goal",
    "agrees_outcome",
    "joined_on",
    "left_on",
)


def _ids(session: Session, sql: str, **params: Any) -> tuple[int, ...]:
    return tuple(row[0] for row in session.execute(text(sql), params))


@dataclass(frozen=True)
class MergeUndo:
    """Everything a merge changed, so that `undo_merge` can put it back exactly."""

    keep_id: int
    other_id: int
    keep_before: tuple[tuple[str, Any], ...]
    other_notes: str
    moved_moments: tuple[int, ...]
    dropped_moments: tuple[int, ...]
    favors: tuple[int, ...]
    moved_memberships: tuple[int, ...]
    shared_memberships: tuple[tuple[int, tuple[tuple[str, Any], ...]], ...]
    moved_actions: tuple[int, ...]
    dropped_actions: tuple[int, ...]
    entries: tuple[int, ...]
    prompts: tuple[int, ...]


@dataclass(frozen=True)
class MergeOutcome:
    plan: MergePlan
    undo: MergeUndo
    changed: Changed


def _merged_fields(
    plan: MergePlan, keep: dict[str, Any], choices: Mapping[str, str]
) -> dict[str, object]:
    unknown = set(choices) - set(FIELDS)
    if unknown:
        raise ValidationError(sorted(unknown)[0], f"A person has no field {sorted(unknown)[0]!r}.")
    values = dict(keep)
    kept_too: list[str] = []
    for choice in plan.fields:
        how = choices.get(choice.field, choice.default)
        if how not in CHOICES:
            raise ValidationError(choice.field, f"Choose keep, other or both for {choice.label}.")
        if how == "other":
            values[choice.field] = choice.other_value
        elif how == "both" and choice.differs and not is_blank(choice.keep_value):
            if choice.field == "notes":
                values["notes"] = f"{choice.keep_value}\n\n{choice.other_value}"
            else:
                kept_too.append(f"{choice.label} (merged): {choice.other_value}")
        elif how == "both" and is_blank(choice.keep_value):
            values[choice.field] = choice.other_value
    if kept_too:
        values["notes"] = "\n".join([values["notes"], *kept_too]).strip()
    fields = ContactFields(**{f: values[f] for f in FIELDS})
    return clean_contact(fields)


def merge_people(
    journal: Journal,
    keep_id: int,
    other_id: int,
    choices: Mapping[str, str] | None = None,
    *,
    as_of: dt.date | None = None,
) -> MergeOutcome:
    """Merge `other_id` into `keep_id` in one transaction; `choices` maps a field to
    "keep", "other" or "both" (the plan's defaults for fields not named)."""
    day = as_of or clock.today()
    with journal.session() as session:
        plan, keep, other = plan_in(session, keep_id, other_id)
        merged = _merged_fields(plan, keep, choices or {})
        ids = {"keep": keep_id, "other": other_id}

        def run(sql: str) -> None:
            session.execute(text(sql), ids)

        dropped_moments = _ids(
            session,
            "SELECT interaction_id FROM interaction_participants WHERE contact_id = :other"
            " AND interaction_id IN (SELECT interaction_id FROM interaction_participants"
            " WHERE contact_id = :keep)",
            **ids,
        )
        run(
            "DELETE FROM interaction_participants WHERE contact_id = :other AND interaction_id IN"
            " (SELECT interaction_id FROM interaction_participants WHERE contact_id = :keep)"
        )
        moved_moments = _ids(
            session,
            "SELECT interaction_id FROM interaction_participants WHERE contact_id = :other",
            **ids,
        )
        run("UPDATE interaction_participants SET contact_id = :keep WHERE contact_id = :other")

        favors = _ids(session, "SELECT id FROM favors WHERE contact_id = :other", **ids)
        run("UPDATE favors SET contact_id = :keep WHERE contact_id = :other")

        shared_memberships = _fill_shared_memberships(session, keep_id, other_id)
        moved_memberships = _ids(
            session,
            "SELECT id FROM memberships WHERE contact_id = :other AND coalition_id NOT IN"
            " (SELECT coalition_id FROM memberships WHERE contact_id = :keep)",
            **ids,
        )
        session.execute(
            text(f"UPDATE memberships SET contact_id = :keep WHERE id {_IN_IDS}"),
            {"keep": keep_id, "ids": _json(moved_memberships)},
        )

        dropped_actions = _ids(
            session,
            "SELECT joint_action_id FROM joint_action_participants WHERE contact_id = :other"
            " AND joint_action_id IN (SELECT joint_action_id FROM joint_action_participants"
            " WHERE contact_id = :keep)",
            **ids,
        )
        run(
            "DELETE FROM joint_action_participants WHERE contact_id = :other AND joint_action_id"
            " IN (SELECT joint_action_id FROM joint_action_participants WHERE contact_id = :keep)"
        )
        moved_actions = _ids(
            session,
            "SELECT joint_action_id FROM joint_action_participants WHERE contact_id = :other",
            **ids,
        )
        run("UPDATE joint_action_participants SET contact_id = :keep WHERE contact_id = :other")

        entries = _ids(session, "SELECT id FROM journal_entries WHERE contact_id = :other", **ids)
        run("UPDATE journal_entries SET contact_id = :keep WHERE contact_id = :other")

        prompts = _ids(
            session,
            f"SELECT id FROM prompts WHERE contact_id = :other AND id NOT IN ({COLLIDING})",
            **ids,
        )
        session.execute(
            text(f"UPDATE prompts SET contact_id = :keep WHERE id {_IN_IDS}"),
            {"keep": keep_id, "ids": _json(prompts)},
        )

        kept = session.get(ContactModel, keep_id)
        gone = session.get(ContactModel, other_id)
        assert kept is not None and gone is not None
        for name, value in merged.items():
            setattr(kept, name, value)
        note = f"Merged into {kept.name} (id {keep_id}) on {day.isoformat()}."
        gone.notes = f"{other['notes']}\n\n{note}" if other["notes"] else note
        gone.deleted_at = clock.now_utc()
        session.flush()
        coalitions = set(
            _ids(
                session,
                "SELECT coalition_id FROM memberships WHERE contact_id IN (:keep, :other)",
                **ids,
            )
        )
    undo = MergeUndo(
        keep_id,
        other_id,
        tuple((f, keep[f]) for f in FIELDS),
        other["notes"],
        moved_moments,
        dropped_moments,
        favors,
        moved_memberships,
        shared_memberships,
        moved_actions,
        dropped_actions,
        entries,
        prompts,
    )
    return MergeOutcome(plan, undo, _changed(keep_id, other_id, coalitions))


def _json(ids: tuple[int, ...]) -> str:
    return "[" + ",".join(str(i) for i in ids) + "]"


def _changed(keep_id: int, other_id: int, coalitions: set[int]) -> Changed:
    return changed(
        "contact",
        "interaction",
        "favor",
        "membership",
        "joint_action",
        "journal_entry",
        "prompt",
        "trash",
        contacts={keep_id, other_id},
        coalitions=coalitions,
    )


def _fill_shared_memberships(
    session: Session, keep_id: int, other_id: int
) -> tuple[tuple[int, tuple[tuple[str, Any], ...]], ...]:
    """Fill the kept person's membership of each coalition both are in from the
    other's; return each one's fields as they were (for undo)."""
    columns = ", ".join(f"k.{c}, o.{c}" for c in _MEMBER_FIELDS)
    rows = session.execute(
        text(
            f"SELECT k.id, {columns} FROM memberships k JOIN memberships o"
            " ON o.coalition_id = k.coalition_id AND o.contact_id = :other"
            " WHERE k.contact_id = :keep AND o.deleted_at IS NULL"
        ),
        {"keep": keep_id, "other": other_id},
    ).all()
    before = []
    for row in rows:
        membership_id, values = row[0], row[1:]
        old = {c: values[2 * n] for n, c in enumerate(_MEMBER_FIELDS)}
        theirs = {c: values[2 * n + 1] for n, c in enumerate(_MEMBER_FIELDS)}
        new = dict(old)
        for column in _MEMBER_FIELDS:
            if is_blank(old[column]):
                new[column] = theirs[column]
            elif (
                column in ("role", "interest")
                and not is_blank(theirs[column])
                and theirs[column] != old[column]
            ):
                new[column] = f"{old[column]}; {theirs[column]}"
        if new["joined_on"] and theirs["joined_on"]:
            new["joined_on"] = min(new["joined_on"], theirs["joined_on"])
        if new != old:
            assignments = ", ".join(f"{c} = :{c}" for c in _MEMBER_FIELDS)
            session.execute(
                text(f"UPDATE memberships SET {assignments} WHERE id = :id"),
                {**new, "id": membership_id},
            )
        before.append((membership_id, tuple(old.items())))
    return tuple(before)


def undo_merge(journal: Journal, undo: MergeUndo) -> Changed:
    """Put back everything `merge_people` changed: the other person out of the trash,
    their records, the kept person's fields and memberships as they were."""
    with journal.session() as session:
        found = session.execute(
            text("SELECT id, deleted_at FROM contacts WHERE id IN (:keep, :other)"),
            {"keep": undo.keep_id, "other": undo.other_id},
        ).all()
        if len(found) < 2:
            raise NotFoundError(
                "That merge cannot be undone: one of the two people was deleted for good since."
            )
        params = {"keep": undo.keep_id, "other": undo.other_id}

        def back(sql: str, ids: tuple[int, ...]) -> None:
            session.execute(text(sql), {**params, "ids": _json(ids)})

        back(
            f"UPDATE prompts SET contact_id = :other WHERE id {_IN_IDS}",
            undo.prompts,
        )
        back(
            "UPDATE journal_entries SET contact_id = :other"
            " WHERE id IN (SELECT value FROM json_each(:ids))",
            undo.entries,
        )
        back(
            "UPDATE joint_action_participants SET contact_id = :other WHERE contact_id = :keep"
            " AND joint_action_id IN (SELECT value FROM json_each(:ids))",
            undo.moved_actions,
        )
        back(
            "INSERT INTO joint_action_participants (joint_action_id, contact_id)"
            " SELECT value, :other FROM json_each(:ids)",
            undo.dropped_actions,
        )
        back(
            f"UPDATE memberships SET contact_id = :other WHERE id {_IN_IDS}",
            undo.moved_memberships,
        )
        for membership_id, fields in undo.shared_memberships:
            values = dict(fields)
            assignments = ", ".join(f"{c} = :{c}" for c in values)
            session.execute(
                text(f"UPDATE memberships SET {assignments} WHERE id = :id"),
                {**values, "id": membership_id},
            )
        back(
            "UPDATE favors SET contact_id = :other WHERE id IN (SELECT value FROM json_each(:ids))",
            undo.favors,
        )
        back(
            "UPDATE interaction_participants SET contact_id = :other WHERE contact_id = :keep"
            " AND interaction_id IN (SELECT value FROM json_each(:ids))",
            undo.moved_moments,
        )
        back(
            "INSERT INTO interaction_participants (interaction_id, contact_id)"
            " SELECT value, :other FROM json_each(:ids)",
            undo.dropped_moments,
        )
        kept = session.get(ContactModel, undo.keep_id)
        gone = session.get(ContactModel, undo.other_id)
        assert kept is not None and gone is not None
        for name, value in undo.keep_before:
            setattr(kept, name, value)
        gone.notes = undo.other_notes
        gone.deleted_at = None
        session.flush()
        coalitions = set(
            _ids(
                session,
                "SELECT coalition_id FROM memberships WHERE contact_id IN (:keep, :other)",
                **params,
            )
        )
    return _changed(undo.keep_id, undo.other_id, coalitions)
