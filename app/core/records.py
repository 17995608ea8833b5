"""Plain values that cross the service boundary: what callers hand in, what they get back.

Live ORM objects never leave `app/core`; these frozen dataclasses do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.core.enums import (
    CoalitionStatus,
    Direction,
    Expectation,
    Formality,
    Initiator,
    InteractionKind,
    Tie,
)

# ---- what callers hand in -------------------------------------------------------------


@dataclass(frozen=True)
class ContactFields:
    name: str
    tie: Tie | str = Tie.FRIEND
    how_met: str = ""
    email: str = ""
    phone: str = ""
    organization: str = ""
    birthday: str | None = None
    keep_in_touch_days: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class MomentFields:
    """An interaction: one moment spent with one or more people."""

    occurred_on: dt.date | str
    contact_ids: tuple[int, ...]
    kind: InteractionKind | str = InteractionKind.CONVERSATION
    warmth: int | None = None
    initiated_by: Initiator | str | None = None
    note: str = ""


@dataclass(frozen=True)
class FavorFields:
    contact_id: int
    direction: Direction | str
    occurred_on: dt.date | str
    description: str
    weight: int
    expectation: Expectation | str = Expectation.NONE
    returns_favor_id: int | None = None


@dataclass(frozen=True)
class CoalitionFields:
    name: str
    issue: str = ""
    desired_outcome: str = ""
    formality: Formality | str = Formality.INFORMAL
    status: CoalitionStatus | str = CoalitionStatus.FORMING
    started_on: dt.date | str | None = None
    ended_on: dt.date | str | None = None
    my_interest: str = ""
    my_commitment: int | None = None
    differences: str = ""


@dataclass(frozen=True)
class MemberFields:
    coalition_id: int
    contact_id: int
    role: str = ""
    interest: str = ""
    commitment: int | None = None
    knows_goal: bool | None = None
    agrees_outcome: bool | None = None
    joined_on: dt.date | str | None = None
    left_on: dt.date | str | None = None


@dataclass(frozen=True)
class JointActionFields:
    coalition_id: int
    occurred_on: dt.date | str
    description: str
    outcome: str = ""
    contact_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class EntryFields:
    """A journal entry: a written reflection, about someone, a coalition, or nothing."""

    written_on: dt.date | str
    text: str
    contact_id: int | None = None
    coalition_id: int | None = None
    prompt_rule: str | None = None


# ---- what callers get back ------------------------------------------------------------


@dataclass(frozen=True)
class ContactRow:
    """One line of the people list."""

    id: int
    name: str
    tie: Tie
    last_interaction_on: dt.date | None
    favors_given: int
    favors_received: int
    weight_given: int
    weight_received: int

    @property
    def balance(self) -> int:
        """Weight given minus weight received: positive when I have given more."""
        return self.weight_given - self.weight_received


@dataclass(frozen=True)
class Contact:
    id: int
    name: str
    tie: Tie
    how_met: str
    email: str
    phone: str
    organization: str
    birthday: str | None
    keep_in_touch_days: int | None
    notes: str
    created_at: dt.datetime

    def fields(self) -> ContactFields:
        """The editable part, ready to change and hand back to `update_contact`."""
        return ContactFields(
            self.name,
            self.tie,
            self.how_met,
            self.email,
            self.phone,
            self.organization,
            self.birthday,
            self.keep_in_touch_days,
            self.notes,
        )


@dataclass(frozen=True)
class PersonTotals:
    interactions: int
    favors_given: int
    favors_received: int
    weight_given: int
    weight_received: int
    last_interaction_on: dt.date | None
    coalitions: tuple[str, ...]


@dataclass(frozen=True)
class TimelineItem:
    """A moment, a favor or a journal entry on a person's timeline."""

    kind: str  # "moment", "favor" or "entry"
    id: int
    on: dt.date
    text: str
    interaction_kind: InteractionKind | None = None
    warmth: int | None = None
    direction: Direction | None = None
    weight: int | None = None
    expectation: Expectation | None = None
    returns_favor_id: int | None = None
    with_others: tuple[str, ...] = ()  # a moment's other people, by name
    repays: str = ""  # a favor's: the one it repays ("2026-03-01 lent a ladder")


@dataclass(frozen=True)
class Moment:
    id: int
    occurred_on: dt.date
    kind: InteractionKind
    warmth: int | None
    initiated_by: Initiator | None
    note: str
    participants: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Favor:
    id: int
    contact_id: int
    direction: Direction
    occurred_on: dt.date
    description: str
    weight: int
    expectation: Expectation
    returns_favor_id: int | None


@dataclass(frozen=True)
class CoalitionRow:
    id: int
    name: str
    status: CoalitionStatus
    members: int
    last_action_on: dt.date | None


@dataclass(frozen=True)
class Member:
    membership_id: int
    contact_id: int
    name: str
    role: str
    interest: str
    commitment: int | None
    knows_goal: bool | None
    agrees_outcome: bool | None
    joined_on: dt.date | None
    left_on: dt.date | None


@dataclass(frozen=True)
class JointAction:
    id: int
    occurred_on: dt.date
    description: str
    outcome: str
    participants: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Coalition:
    id: int
    name: str
    issue: str
    desired_outcome: str
    formality: Formality
    status: CoalitionStatus
    started_on: dt.date | None
    ended_on: dt.date | None
    my_interest: str
    my_commitment: int | None
    differences: str
    members: tuple[Member, ...]
    actions: tuple[JointAction, ...]


@dataclass(frozen=True)
class Entry:
    id: int
    written_on: dt.date
    text: str
    contact_id: int | None
    contact_name: str | None
    coalition_id: int | None
    coalition_name: str | None
    prompt_rule: str | None


@dataclass(frozen=True)
class TrashItem:
    kind: str  # a key of app.core.kinds.BY_KEY (a RecordKind)
    id: int
    label: str
    deleted_at: dt.datetime
