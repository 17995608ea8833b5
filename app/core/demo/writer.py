"""Writing a drafted demo: every row in bulk, ids assigned in date order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Date, Dialect
from sqlalchemy.types import TypeEngine

from app.core.demo.draft import Draft
from app.core.models import Base

# The tables in the order written, with the columns of the draft's row tuples
# (deleted_at stays NULL).
_COLUMNS = {
    "contacts": [
        "id",
        "name",
        "tie",
        "how_met",
        "email",
        "phone",
        "organization",
        "birthday",
        "keep_in_touch_days",
        "notes",
        "created_at",
    ],
    "coalitions": [
        "id",
        "name",
        "issue",
        "desired_outcome",
        "formality",
        "status",
        "started_on",
        "ended_on",
        "my_interest",
        "my_commitment",
        "differences",
    ],
    "memberships": [
        "id",
        "coalition_id",
        "contact_id",
        "role",
        "interest",
        "commitment",
        "knows_goal",
        "agrees_outcome",
        "joined_on",
        "left_on",
    ],
    "interactions": ["id", "occurred_on", "kind", "warmth", "initiated_by", "note"],
    "interaction_participants": ["interaction_id", "contact_id"],
    "favors": [
        "id",
        "contact_id",
        "direction",
        "occurred_on",
        "description",
        "weight",
        "expectation",
        "returns_favor_id",
    ],
    "joint_actions": ["id", "coalition_id", "occurred_on", "description", "outcome"],
    "joint_action_participants": ["joint_action_id", "contact_id"],
    "journal_entries": ["id", "written_on", "text", "contact_id", "coalition_id", "prompt_rule"],
}
_CHUNK = 20_000


def write(draft: Draft, connection: Connection) -> int:
    """Insert every row of `draft` through `connection` (one transaction); the entries written.

    Rows go to the driver's executemany as plain tuples: Core's per-value bind
    processing adds about 7 µs a row, several seconds at half a million. Dates and
    timestamps are converted by SQLAlchemy's own processors for these column
    types, so they are stored exactly as the ORM would store them.
    """
    dialect = connection.dialect
    convert = _processor(Date(), dialect)
    iso = [convert(dt.date.fromordinal(o)) for o in range(draft.start, draft.today + 1)]
    stamp = _processor(Base.metadata.tables["contacts"].c.created_at.type, dialect)
    start = draft.start

    def day(ordinal: int | None) -> str | None:
        return None if ordinal is None else iso[ordinal - start]

    draft.moments.sort(key=itemgetter(0, 1))
    draft.favors.sort(key=lambda f: (f.day, f.seq))
    draft.actions.sort(key=itemgetter(0, 1))
    draft.entries.sort(key=itemgetter(0, 1))
    for number, favor in enumerate(draft.favors, 1):
        favor.id = number

    moments = [
        (number, day(m[0]), m[2], m[3], m[4], m[5]) for number, m in enumerate(draft.moments, 1)
    ]
    moment_people = [
        (number, person) for number, m in enumerate(draft.moments, 1) for person in sorted(m[6])
    ]
    favors = [
        (
            f.id,
            f.contact,
            f.direction,
            day(f.day),
            f.description,
            f.weight,
            f.expectation,
            None if f.returns is None else f.returns.id,
        )
        for f in draft.favors
    ]
    actions = [(number, a[2], day(a[0]), a[3], a[4]) for number, a in enumerate(draft.actions, 1)]
    action_people = [
        (number, person) for number, a in enumerate(draft.actions, 1) for person in sorted(a[5])
    ]
    entries = [
        (number, day(e[0]), e[2], e[3], e[4], None) for number, e in enumerate(draft.entries, 1)
    ]
    coalitions = [(*row[:6], day(row[6]), day(row[7]), *row[8:]) for row in draft.coalition_rows]
    memberships = [(*row[:8], day(row[8]), day(row[9])) for row in draft.membership_rows]

    contacts = [(*row[:-1], stamp(row[-1])) for row in draft.contact_rows]
    rows_of: dict[str, list[tuple[Any, ...]]] = {
        "contacts": contacts,
        "coalitions": coalitions,
        "memberships": memberships,
        "interactions": moments,
        "interaction_participants": moment_people,
        "favors": favors,
        "joint_actions": actions,
        "joint_action_participants": action_people,
        "journal_entries": entries,
    }
    total = sum(len(rows) for rows in rows_of.values()) or 1
    done = 0
    for name, columns in _COLUMNS.items():
        table, rows = Base.metadata.tables[name], rows_of[name]
        missing = set(columns) - set(table.c.keys())
        assert not missing, f"{table.name} has no column {missing}"
        statement = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})"
        )
        for first in range(0, len(rows), _CHUNK):
            chunk = rows[first : first + _CHUNK]
            connection.exec_driver_sql(statement, chunk)
            done += len(chunk)
            draft.progress(0.5 + 0.45 * done / total)
    return len(moments) + len(favors) + len(actions) + len(entries)


def _processor(type_: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any]:
    """How SQLAlchemy turns a Python value of `type_` into what the database stores."""
    process = type_.dialect_impl(dialect).bind_processor(dialect)
    return process if process is not None else _same


def _same(value: Any) -> Any:
    return value
