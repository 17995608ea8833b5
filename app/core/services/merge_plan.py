"""Planning a merge of two people: each field's choice, and how many records would move.

Read-only: `plan_merge` is what `kith merge --dry-run` and the merge dialog show
before anything is written; `merge.py` carries the plan out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.core.errors import NotFoundError, ValidationError
from app.core.store import Journal

# The person's fields, in the order the merge dialog shows them, with their labels.
FIELDS: dict[str, str] = {
    "name": "Name",
    "tie": "Tie",
    "how_met": "How we met",
    "email": "Email",
    "phone": "Phone",
    "organization": "Organisation",
    "birthday": "Birthday",
    "keep_in_touch_days": "Keep in touch (days)",
    "notes": "Notes",
}
# Where both have a different value, the other's goes into the notes by default:
# nothing the user wrote is lost unless they say so.
_BOTH_BY_DEFAULT = ("name", "how_met", "email", "phone", "organization", "notes")
CHOICES = ("keep", "other", "both")
_OPEN = "('open', 'snoozed')"


@dataclass(frozen=True)
class FieldChoice:
    """One field of the two people, and what the merge does with it unless told."""

    field: str
    label: str
    keep_value: Any
    other_value: Any
    default: str  # "keep", "other" or "both"

    @property
    def differs(self) -> bool:
        return is_blank(self.other_value) is False and self.keep_value != self.other_value


@dataclass(frozen=True)
class MergePlan:
    """What a merge would do: the fields, and how many records move (a dry run)."""

    keep_id: int
    other_id: int
    keep_name: str
    other_name: str
    fields: tuple[FieldChoice, ...]
    moments: int
    shared_moments: int
    favors: int
    memberships: int
    shared_coalitions: tuple[str, ...]
    joint_actions: int
    shared_joint_actions: int
    entries: int
    prompts: int
    prompts_left: int

    def lines(self) -> list[str]:
        """The plan in sentences, as `kith merge --dry-run` prints it."""
        out = [
            f"Merge {self.other_name} (id {self.other_id})"
            f" into {self.keep_name} (id {self.keep_id}):"
        ]
        for choice in self.fields:
            if choice.differs:
                out.append(
                    f"  {choice.label}: {_show(choice.keep_value)} / {_show(choice.other_value)}"
                    f" -> {choice.default}"
                )
        out.extend(f"  {line}" for line in self.moves())
        return out

    def moves(self) -> list[str]:
        """What moves, and what happens to what they share, in sentences."""
        out = [
            f"Moves {self.moments} moments ({self.shared_moments} they were both in),"
            f" {self.favors} favors, {self.memberships} memberships,"
            f" {self.joint_actions} joint actions ({self.shared_joint_actions} shared),"
            f" {self.entries} journal entries, {self.prompts} prompts."
        ]
        if self.shared_coalitions:
            out.append(
                "Both belong to "
                + ", ".join(self.shared_coalitions)
                + f": {self.keep_name}'s membership stays, filled in from the other's."
            )
        if self.prompts_left:
            out.append(
                f"{self.prompts_left} open prompts repeat the kept person's and go to the trash."
            )
        out.append(f"{self.other_name} then goes to the trash with a note saying where.")
        return out


def is_blank(value: Any) -> bool:
    """Whether a field holds nothing worth keeping (None or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def _show(value: Any) -> str:
    return "(empty)" if is_blank(value) else repr(value)


_CONTACT_COLUMNS = ", ".join(FIELDS)


def _person(session: Session, contact_id: int) -> dict[str, Any]:
    row = (
        session.execute(
            text(f"SELECT {_CONTACT_COLUMNS}, deleted_at FROM contacts WHERE id = :id"),
            {"id": contact_id},
        )
        .mappings()
        .first()
    )
    if row is None or row["deleted_at"] is not None:
        raise NotFoundError(f"There is no person with id {contact_id} (they may be in the trash).")
    return dict(row)


def _default(field: str, keep: Any, other: Any) -> str:
    if is_blank(other) or keep == other:
        return "keep"
    if is_blank(keep):
        return "other"
    return "both" if field in _BOTH_BY_DEFAULT else "keep"


def plan_in(
    session: Session, keep_id: int, other_id: int
) -> tuple[MergePlan, dict[str, Any], dict[str, Any]]:
    """The plan, and both people's stored fields, read inside `session` (the merge's own
    transaction reads them again there, so that what it moves is what it counted)."""
    if keep_id == other_id:
        raise ValidationError(
            "other_id", "A person cannot be merged into themselves: choose two different people."
        )
    keep, other = _person(session, keep_id), _person(session, other_id)
    ids = {"keep": keep_id, "other": other_id}

    def count(sql: str) -> int:
        return int(session.execute(text(sql), ids).scalar_one())

    shared = (
        session.execute(
            text(
                "SELECT k.name FROM memberships m JOIN coalitions k ON k.id = m.coalition_id"
                " WHERE m.contact_id = :other AND m.coalition_id IN"
                " (SELECT coalition_id FROM memberships WHERE contact_id = :keep) ORDER BY k.name"
            ),
            ids,
        )
        .scalars()
        .all()
    )
    plan = MergePlan(
        keep_id,
        other_id,
        keep["name"],
        other["name"],
        tuple(
            FieldChoice(f, label, keep[f], other[f], _default(f, keep[f], other[f]))
            for f, label in FIELDS.items()
        ),
        count("SELECT count(*) FROM interaction_participants WHERE contact_id = :other"),
        count(
            "SELECT count(*) FROM interaction_participants WHERE contact_id = :other AND"
            " interaction_id IN (SELECT interaction_id FROM interaction_participants"
            " WHERE contact_id = :keep)"
        ),
        count("SELECT count(*) FROM favors WHERE contact_id = :other"),
        count("SELECT count(*) FROM memberships WHERE contact_id = :other") - len(shared),
        tuple(shared),
        count("SELECT count(*) FROM joint_action_participants WHERE contact_id = :other"),
        count(
            "SELECT count(*) FROM joint_action_participants WHERE contact_id = :other AND"
            " joint_action_id IN (SELECT joint_action_id FROM joint_action_participants"
            " WHERE contact_id = :keep)"
        ),
        count("SELECT count(*) FROM journal_entries WHERE contact_id = :other"),
        count("SELECT count(*) FROM prompts WHERE contact_id = :other") - count(_COLLIDING_COUNT),
        count(_COLLIDING_COUNT),
    )
    return plan, keep, other


# The other's open prompts that repeat a rule the kept person already has open.
COLLIDING = (
    "SELECT p.id FROM prompts p WHERE p.contact_id = :other AND p.state IN "
    + _OPEN
    + " AND EXISTS (SELECT 1 FROM prompts q WHERE q.contact_id = :keep AND q.rule = p.rule"
    " AND q.state IN " + _OPEN + ")"
)
_COLLIDING_COUNT = f"SELECT count(*) FROM ({COLLIDING})"


def plan_merge(journal: Journal, keep_id: int, other_id: int) -> MergePlan:
    """What merging `other_id` into `keep_id` would do, writing nothing."""
    with journal.session() as session:
        return plan_in(session, keep_id, other_id)[0]
