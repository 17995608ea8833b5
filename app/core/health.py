"""The full checks of a journal, for `kith check`: SQLite's and the data model's.

SQLite's `integrity_check` (pages, indexes, CHECK and NOT NULL constraints) and
`foreign_key_check`, then the value rules SQLite cannot state: every date and
timestamp must read back as one (a garbage date would stop the window), every
whole number must be one. Each finding is one line naming the table and row.
"""

from __future__ import annotations

from sqlalchemy import Date, DateTime, Integer, String, Text, text
from sqlalchemy.engine import Connection

from app.core import backup
from app.core.models import Base, UtcDateTime
from app.core.store import Journal

# Enough to act on; a badly damaged file would otherwise print thousands of lines.
MOST = 20


def findings(journal: Journal) -> list[str]:
    """Everything wrong in the journal, one line each (at most MOST, then a count); [] if none."""
    with journal.engine.connect() as connection:
        raw = connection.connection.driver_connection
        verdict = backup.verdict_of_connection(raw)  # type: ignore[arg-type]
        found = [] if verdict == "ok" else verdict.split("; ")
        found += value_problems(connection)
    if len(found) > MOST:
        return [*found[:MOST], f"... and {len(found) - MOST} more"]
    return found


# A stored date must be exactly YYYY-MM-DD, and a real day (SQLite's date() would
# carry 2026-02-30 over to March, so it differs from the text then).
_BAD_DATE = "typeof({c}) != 'text' OR length({c}) != 10 OR date({c}) IS NULL OR date({c}) != {c}"
# A timestamp as SQLAlchemy writes it: YYYY-MM-DD HH:MM:SS[.ffffff], a real moment.
_BAD_TIMESTAMP = (
    "typeof({c}) != 'text' OR length({c}) < 19 OR datetime({c}) IS NULL "
    "OR datetime({c}) != substr({c}, 1, 19) OR substr({c}, 11, 1) != ' '"
)
_BAD_INTEGER = "typeof({c}) != 'integer'"


def value_problems(connection: Connection) -> list[str]:
    """Stored values the data model cannot read back: dates, timestamps, whole numbers."""
    found: list[str] = []
    present = set(
        connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars()
    )
    for table in Base.metadata.sorted_tables:
        if table.name not in present:
            found.append(f"the table {table.name} is missing")
            continue
        for column in table.columns:
            kind = column.type
            if isinstance(kind, UtcDateTime | DateTime):
                rule, what = _BAD_TIMESTAMP, "is not a date and time"
            elif isinstance(kind, Date):
                rule, what = _BAD_DATE, "is not a date"
            elif isinstance(kind, Integer) and not column.primary_key:
                rule, what = _BAD_INTEGER, "is not a whole number"
            elif isinstance(kind, String | Text):
                found += _undecodable(connection, table.name, column.name)
                continue
            else:
                continue
            name = f'"{column.name}"'
            query = (
                f'SELECT rowid, quote({name}) FROM "{table.name}" '
                f"WHERE {name} IS NOT NULL AND ({rule.format(c=name)}) LIMIT {MOST + 1}"
            )
            for rowid, value in connection.execute(text(query)):
                found.append(f"{table.name} row {rowid}: {column.name} {value} {what}")
    return found


def _undecodable(connection: Connection, table: str, column: str) -> list[str]:
    """Rows whose text in `column` is not UTF-8 (SQLite stores whatever bytes it is given)."""
    found = []
    query = text(
        f'SELECT rowid, CAST("{column}" AS BLOB) FROM "{table}" WHERE typeof("{column}") = \'text\''
    )
    for rowid, data in connection.execute(query):
        try:
            bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            found.append(f"{table} row {rowid}: {column} holds text that is not UTF-8")
            if len(found) > MOST:
                break
    return found
