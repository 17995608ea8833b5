"""The journal at a glance: record counts, for `kith check` and the window."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from app.core.kinds import BY_KEY
from app.core.models import table_of
from app.core.store import Journal

# The order and words in which counts are shown to a person.
# Every kind of record, with the word its count goes by ("people: 40").
COUNTED = {key: kind.plural for key, kind in BY_KEY.items()}


@dataclass(frozen=True)
class RecordCounts:
    live: dict[str, int]
    trashed: int

    def lines(self) -> list[str]:
        """`people: 40`-style lines, in display order."""
        return [f"{COUNTED[kind]}: {self.live[kind]}" for kind in COUNTED]


def record_counts(journal: Journal) -> RecordCounts:
    """How many records of each type the journal holds, and how many are in the trash."""
    live: dict[str, int] = {}
    trashed = 0
    with journal.session() as session:
        for kind in COUNTED:
            model = BY_KEY[kind].model
            deleted_at = table_of(model).c.deleted_at
            total, in_trash = session.execute(
                select(func.count(), func.count(deleted_at)).select_from(model)
            ).one()
            live[kind] = total - in_trash
            trashed += in_trash
    return RecordCounts(live, trashed)


def is_empty(journal: Journal) -> bool:
    """Whether the journal holds no record at all, live or trashed (the welcome page).

    One `EXISTS` per table: counting every row of a large journal took a tenth
    of a second of start-up.
    """
    with journal.engine.connect() as connection:
        return holds_nothing(connection)


def holds_nothing(connection: Connection) -> bool:
    """`is_empty`, inside a caller's connection (the CSV import asks in its transaction)."""
    return not any(
        connection.execute(select(select(model).exists())).scalar()
        for model in (kind.model for kind in BY_KEY.values())
    )


def live_count(journal: Journal, kind: str) -> int:
    """How many live records of one kind (a key of kinds.BY_KEY) the journal holds."""
    model = BY_KEY[kind].model
    deleted_at = table_of(model).c.deleted_at
    with journal.session() as session:
        return int(
            session.execute(
                select(func.count()).select_from(model).where(deleted_at.is_(None))
            ).scalar_one()
        )
