"""The journal's tables, as typed SQLAlchemy 2 models.

The schema itself is created only by the Alembic migrations in `migrations/`;
a test proves that those migrations produce exactly these models.

Every record a user can delete carries `deleted_at`: deleting moves it to the
trash (a timestamp), and only emptying the trash removes the row.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, ClassVar, cast

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.core.enums import (
    CoalitionStatus,
    Direction,
    Expectation,
    Formality,
    Initiator,
    InteractionKind,
    PromptState,
    Tie,
)

# Named constraints: SQLite batch migrations must be able to find them again.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _text_enum(enum_cls: type[enum.Enum], name: str) -> Enum:
    """An enumeration stored as its text value, guarded by a CHECK constraint."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


# What a stored date or timestamp that cannot be read (a damaged file, a hand edit)
# is shown as: the window keeps working, and `kith check` names the row.
UNREADABLE_DAY = dt.date(1970, 1, 1)
UNREADABLE_MOMENT = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _tolerant(inner: Any, unreadable: Any) -> Any:
    """A result processor that hands back `unreadable` instead of raising on a bad value."""
    if inner is None:
        return None

    def process(value: Any) -> Any:
        try:
            return inner(value)
        except (ValueError, TypeError):
            return unreadable

    return process


class ReadableDate(TypeDecorator[dt.date]):
    """A calendar day; one that cannot be read comes back as UNREADABLE_DAY."""

    impl = Date
    cache_ok = True

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        return _tolerant(
            self.impl_instance.dialect_impl(dialect).result_processor(dialect, coltype),
            UNREADABLE_DAY,
        )


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Timestamps are stored naive in UTC and handed back timezone-aware.

    One that cannot be read comes back as UNREADABLE_MOMENT.
    """

    impl = DateTime
    cache_ok = True

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        inner = self.impl_instance.dialect_impl(dialect).result_processor(dialect, coltype)

        def process(value: Any) -> dt.datetime | None:
            if value is None:
                return None
            try:
                parsed = inner(value) if inner is not None else value
            except (ValueError, TypeError):
                return UNREADABLE_MOMENT
            return self.process_result_value(parsed, dialect)

        return process

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        Tie: _text_enum(Tie, "tie"),
        InteractionKind: _text_enum(InteractionKind, "kind"),
        Initiator: _text_enum(Initiator, "initiated_by"),
        Direction: _text_enum(Direction, "direction"),
        Expectation: _text_enum(Expectation, "expectation"),
        Formality: _text_enum(Formality, "formality"),
        CoalitionStatus: _text_enum(CoalitionStatus, "status"),
        PromptState: _text_enum(PromptState, "state"),
        dt.datetime: UtcDateTime(),
        dt.date: ReadableDate(),
        str: Text(),
    }


class Trashable(Base):
    """A record the user can delete: deleting moves it to the trash (`deleted_at` set),
    restoring clears it, only emptying the trash removes it. Each model still names
    its own `deleted_at` (last, where the first revision put the column); this base
    types it for the trash's services."""

    __abstract__ = True
    deleted_at: Mapped[dt.datetime | None]


def _one_to_five(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} BETWEEN 1 AND 5", name=f"{column}_range")


class Contact(Trashable):
    __tablename__ = "contacts"
    __table_args__ = (Index("ix_contacts_name", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    tie: Mapped[Tie]
    how_met: Mapped[str] = mapped_column(default="")
    email: Mapped[str] = mapped_column(default="")
    phone: Mapped[str] = mapped_column(default="")
    organization: Mapped[str] = mapped_column(default="")
    # 'YYYY-MM-DD', or '--MM-DD' when the year is unknown (the CSV spelling).
    birthday: Mapped[str | None] = mapped_column(String(10))
    keep_in_touch_days: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(default="")
    created_at: Mapped[dt.datetime]
    deleted_at: Mapped[dt.datetime | None]


interaction_participants = Table(
    "interaction_participants",
    Base.metadata,
    Column(
        "interaction_id",
        ForeignKey("interactions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "contact_id",
        ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Interaction(Trashable):
    __tablename__ = "interactions"
    __table_args__ = (
        _one_to_five("warmth"),
        Index("ix_interactions_occurred_on", "occurred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_on: Mapped[dt.date]
    kind: Mapped[InteractionKind]
    warmth: Mapped[int | None]
    initiated_by: Mapped[Initiator | None]
    note: Mapped[str] = mapped_column(default="")
    deleted_at: Mapped[dt.datetime | None]


class Favor(Trashable):
    __tablename__ = "favors"
    __table_args__ = (
        _one_to_five("weight"),
        # A person's favors by date (timeline) and by direction (totals, repay picker).
        Index("ix_favors_contact_occurred", "contact_id", "occurred_on"),
        Index("ix_favors_contact_direction", "contact_id", "direction"),
        # The reflection pass reads only the last year's favors (the rest comes
        # from PersonTotals).
        Index("ix_favors_occurred_on", "occurred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    direction: Mapped[Direction]
    occurred_on: Mapped[dt.date]
    description: Mapped[str] = mapped_column(default="")
    weight: Mapped[int]
    expectation: Mapped[Expectation]
    returns_favor_id: Mapped[int | None] = mapped_column(
        ForeignKey("favors.id", ondelete="SET NULL"), index=True
    )
    deleted_at: Mapped[dt.datetime | None]


class Coalition(Trashable):
    __tablename__ = "coalitions"
    __table_args__ = (_one_to_five("my_commitment"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    issue: Mapped[str] = mapped_column(default="")
    desired_outcome: Mapped[str] = mapped_column(default="")
    formality: Mapped[Formality]
    status: Mapped[CoalitionStatus]
    started_on: Mapped[dt.date | None]
    ended_on: Mapped[dt.date | None]
    my_interest: Mapped[str] = mapped_column(default="")
    my_commitment: Mapped[int | None]
    differences: Mapped[str] = mapped_column(default="")
    deleted_at: Mapped[dt.datetime | None]


class Membership(Trashable):
    __tablename__ = "memberships"
    __table_args__ = (
        _one_to_five("commitment"),
        # Looked up both ways: a coalition's members (this index), a person's coalitions.
        UniqueConstraint("coalition_id", "contact_id", name="coalition_contact"),
    )

    # A surrogate key so that a removed member can sit in the trash like anything else.
    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(default="")
    interest: Mapped[str] = mapped_column(default="")
    commitment: Mapped[int | None]
    knows_goal: Mapped[bool | None] = mapped_column(
        Boolean(name="knows_goal_bool", create_constraint=True)
    )
    agrees_outcome: Mapped[bool | None] = mapped_column(
        Boolean(name="agrees_outcome_bool", create_constraint=True)
    )
    joined_on: Mapped[dt.date | None]
    left_on: Mapped[dt.date | None]
    deleted_at: Mapped[dt.datetime | None]


joint_action_participants = Table(
    "joint_action_participants",
    Base.metadata,
    Column(
        "joint_action_id",
        ForeignKey("joint_actions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "contact_id",
        ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class JointAction(Trashable):
    __tablename__ = "joint_actions"
    __table_args__ = (Index("ix_joint_actions_coalition_occurred", "coalition_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id", ondelete="CASCADE"))
    occurred_on: Mapped[dt.date]
    description: Mapped[str] = mapped_column(default="")
    outcome: Mapped[str] = mapped_column(default="")
    deleted_at: Mapped[dt.datetime | None]


class JournalEntry(Trashable):
    __tablename__ = "journal_entries"
    __table_args__ = (
        Index("ix_journal_entries_contact_written", "contact_id", "written_on"),
        Index("ix_journal_entries_coalition_written", "coalition_id", "written_on"),
        Index("ix_journal_entries_written_on", "written_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    written_on: Mapped[dt.date]
    text: Mapped[str] = mapped_column(default="")
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    coalition_id: Mapped[int | None] = mapped_column(
        ForeignKey("coalitions.id", ondelete="SET NULL")
    )
    prompt_rule: Mapped[str | None] = mapped_column(String(64))
    deleted_at: Mapped[dt.datetime | None]


class Prompt(Base):
    """A reflective prompt and what the user did with it.

    About one person or one coalition; at most one open (or snoozed) prompt per
    subject and rule, which the engine keeps to.
    """

    __tablename__ = "prompts"
    __table_args__ = (
        CheckConstraint("(contact_id IS NULL) != (coalition_id IS NULL)", name="one_subject"),
        Index("ix_prompts_contact_rule", "contact_id", "rule"),
        Index("ix_prompts_coalition_rule", "coalition_id", "rule"),
        Index("ix_prompts_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rule: Mapped[str] = mapped_column(String(64))
    family: Mapped[str] = mapped_column(String(32))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    coalition_id: Mapped[int | None] = mapped_column(
        ForeignKey("coalitions.id", ondelete="CASCADE")
    )
    state: Mapped[PromptState]
    question: Mapped[str]
    evidence: Mapped[str]
    index: Mapped[int | None]
    created_on: Mapped[dt.date]
    snoozed_until: Mapped[dt.date | None]
    dismissed_reason: Mapped[str] = mapped_column(default="")
    # The index when dismissed: the prompt stays quiet until it clearly rises.
    dismissed_index: Mapped[int | None]
    journal_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("journal_entries.id", ondelete="SET NULL")
    )
    closed_at: Mapped[dt.datetime | None]
    # The last journal day the rules raised it: past a while without, it resolves.
    last_raised_on: Mapped[dt.date | None]
    # The journal day it was dismissed, answered or resolved.
    closed_on: Mapped[dt.date | None]

    @property
    def quiet_index(self) -> int:
        """The index a dismissed or answered prompt must clearly rise above to ask
        again: the one it was dismissed at (0 included), else the one it asked at."""
        if self.dismissed_index is not None:
            return self.dismissed_index
        return self.index or 0


class Setting(Base):
    """One journal setting (a reflection threshold, a backup retention number).

    Key/value, the value as JSON text: a setting added by a newer Kith needs no
    migration, and one this Kith does not know is simply ignored. Only values
    that differ from the defaults are stored (app/core/services/settings.py).
    """

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str]


class PersonTotals(Base):
    """Running totals of each person's live favors and moments.

    Derived data, kept exact by SQLite triggers (migrations/versions/0004) on
    every write to favors, moments and their participants, whoever writes them.
    The People list and the whole-journal reflection pass read these 10,000
    rows instead of aggregating 500,000 entries. Never exported, never edited;
    `app.core.totals` checks and rebuilds them. A migration that rebuilds one of
    the watched tables (batch mode) must drop every `tr_*_totals_*` trigger
    first (the others name the table being swapped, and SQLite refuses the
    rename) and create them all again after; a test checks they are all there.
    """

    __tablename__ = "person_totals"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    favors_given: Mapped[int] = mapped_column(server_default="0")
    favors_received: Mapped[int] = mapped_column(server_default="0")
    weight_given: Mapped[int] = mapped_column(server_default="0")
    weight_received: Mapped[int] = mapped_column(server_default="0")
    # Favors logged as owed (explicit) or as repaying another.
    ledger: Mapped[int] = mapped_column(server_default="0")
    moments: Mapped[int] = mapped_column(server_default="0")
    warmth_total: Mapped[int] = mapped_column(server_default="0")
    warmth_rated: Mapped[int] = mapped_column(server_default="0")
    last_moment_on: Mapped[dt.date | None]


def table_of(model: type[Base]) -> Table:
    """A model's table, typed as one (SQLAlchemy types `__table__` as any FromClause)."""
    return cast(Table, model.__table__)


# The full-text index (migration 17search): FTS5 virtual tables and their shadow
# tables, made by the migration alone. SQLAlchemy cannot model them.
SEARCH_INDEX_PREFIX = "search_"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's `include_name` hook: compare every table but the search index's."""
    return not (type_ == "table" and (name or "").startswith(SEARCH_INDEX_PREFIX))
